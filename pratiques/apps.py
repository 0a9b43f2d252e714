from django.apps import AppConfig


class PratiquesConfig(AppConfig):
    name = "pratiques"
    verbose_name = "Pratiques inspirantes"

    def ready(self):
        # The search index's triggers, made from the facet declarations.
        from pratiques.recherche import declencheurs

        declencheurs.enregistrer()

        # Fiches follow the official geography after a re-import (pratiques.geographie).
        from pratiques.geographie import fiches_suivent_la_geographie
        from territoires.signaux import geographie_mise_a_jour

        geographie_mise_a_jour.connect(fiches_suivent_la_geographie, dispatch_uid="pratiques")

        # "Informations non mises à jour" on the fiche page (pratiques.actualite).
        from pratiques import encarts
        from pratiques.views.actualite import encart_anciennete

        encarts.enregistrer(
            encarts.Encart("pratiques/_encart_anciennete.html", encart_anciennete, encarts.ENTETE)
        )
