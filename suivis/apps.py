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
