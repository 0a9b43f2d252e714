from django.apps import AppConfig


class PrixConfig(AppConfig):
    name = "prix"
    verbose_name = "Prix des pratiques inspirantes"

    def ready(self):
        # The laureate's badge in the fiche page's header (pratiques.encarts).
        from pratiques import encarts
        from prix import affichage

        encarts.enregistrer(
            encarts.Encart(
                gabarit="prix/_badge.html", contexte=affichage.badges, place=encarts.ENTETE
            )
        )
