from django.apps import AppConfig


class DecouverteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decouverte"
    verbose_name = "Découvrir les pratiques"

    def ready(self):
        # Follows the official geography after a re-import (decouverte.geographie).
        from decouverte.geographie import alertes_suivent_la_geographie
        from territoires.signaux import geographie_mise_a_jour

        geographie_mise_a_jour.connect(alertes_suivent_la_geographie, dispatch_uid="decouverte")
