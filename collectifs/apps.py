from django.apps import AppConfig


class CollectifsConfig(AppConfig):
    name = "collectifs"
    verbose_name = "Collectifs locaux de développement social"

    def ready(self):
        # Follows the official geography after a re-import (collectifs.geographie).
        from collectifs.geographie import collectifs_suivent_la_geographie
        from territoires.signaux import geographie_mise_a_jour

        geographie_mise_a_jour.connect(collectifs_suivent_la_geographie, dispatch_uid="collectifs")
