from django.apps import AppConfig


class DecouverteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decouverte"
    verbose_name = "Découvrir les pratiques"
