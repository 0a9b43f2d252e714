from django.apps import AppConfig


class PratiquesConfig(AppConfig):
    name = "pratiques"
    verbose_name = "Pratiques inspirantes"

    def ready(self):
        # The search index's triggers, made from the facet declarations.
        from pratiques.recherche import declencheurs

        declencheurs.enregistrer()
