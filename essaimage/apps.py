from django.apps import AppConfig


class EssaimageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essaimage"
    verbose_name = "Essaimage"

    def ready(self):
        from essaimage import encarts

        encarts.enregistrer()
