from django.apps import AppConfig


class SuivisConfig(AppConfig):
    name = "suivis"
    verbose_name = "Suivis"

    def ready(self):
        # The "Suivre cette pratique" button on the fiche page (pratiques.encarts).
        from pratiques import encarts
        from suivis import boutons

        encarts.enregistrer(
            encarts.Encart("suivis/_suivre_fiche.html", boutons.contexte_fiche, encarts.ENTETE)
        )

        # Follows the official geography after a re-import (suivis.geographie).
        from suivis.geographie import suivis_suivent_la_geographie
        from territoires.signaux import geographie_mise_a_jour

        geographie_mise_a_jour.connect(suivis_suivent_la_geographie, dispatch_uid="suivis")
