from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Imports des partenaires"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from imports import webhooks

        webhooks.brancher()
