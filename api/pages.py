"""The API's pages for people: home (/api/) and changelog (/api/changelog/).

What they say about a resource that an app owns (e.g. how far relevance order goes)
comes from config (FAITS_POUR_LES_PAGES in config/api.py, passed by config/urls.py as
the views' keyword arguments): this app imports no domain app. Numbers among them are
shown with French digit grouping.
"""

from api import pagination
from api.journal import JOURNAL
from api.throttling import limite_cle_lisible, limite_lisible
from core.views import PageView


def nombre_lisible(nombre: int) -> str:
    """1000 → "1 000" (narrow no-break space between thousands)."""
    return f"{nombre:,}".replace(",", "\u202f")


class PageApi(PageView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            limite=limite_lisible(),
            limite_cle=limite_cle_lisible(),
            taille_defaut=pagination.TAILLE_PAR_DEFAUT,
            taille_max=pagination.TAILLE_MAX,
            journal=JOURNAL,
            **{
                nom: nombre_lisible(valeur) if isinstance(valeur, int) else valeur
                for nom, valeur in kwargs.items()
            },
        )


accueil = PageApi.as_view(template_name="api/accueil.html", titre="API")
changelog = PageApi.as_view(
    template_name="api/changelog.html", titre="Journal des versions de l’API"
)
