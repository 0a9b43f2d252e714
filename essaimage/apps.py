from django.apps import AppConfig


class EssaimageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essaimage"
    verbose_name = "Essaimage"

    def ready(self):
        from essaimage import encarts

        encarts.enregistrer()

        # Follows the official geography after a re-import (essaimage.geographie).
        from essaimage.geographie import reprises_suivent_la_geographie
        from territoires.signaux import geographie_mise_a_jour

        geographie_mise_a_jour.connect(reprises_suivent_la_geographie, dispatch_uid="essaimage")
