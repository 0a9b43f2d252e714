from django.apps import AppConfig


class DroitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "droits"
    verbose_name = "Droits des personnes et rôles"
