"""The API's pages for people: home (/api/) and changelog (/api/changelog/)."""

from datetime import date

from django.conf import settings

from core.views import PageView
from pratiques.api.pagination import PaginationPratiques
from pratiques.api.views import LIMITE_ANONYME
from pratiques.recherche import CANDIDATS

VERSIONS = [
    {
        "nom": "v1",
        "date": date(2026, 11, 23),
        "changements": [
            "Première version\u00a0: fiches publiées (liste et détail par slug), territoires, "
            "schéma OpenAPI 3 et documentation.",
            "Filtres de la page de recherche (q, thematique, forme, public, participation, "
            "statut, region, departement, territoire), updated_since et tri.",
            "Pagination par curseur (page_size de 1 à 100), total et facettes sur la "
            "première page.",
        ],
    },
]


PERIODES = {"s": "seconde", "m": "minute", "h": "heure", "d": "jour"}


def limite_lisible() -> str | None:
    """ "60/min" → "60 requêtes par minute" (None when there is no limit)."""
    taux = getattr(settings, "API_LIMITE_ANONYME", LIMITE_ANONYME)
    if not taux:
        return None
    nombre, periode = taux.split("/")
    return f"{nombre} requêtes par {PERIODES[periode[0]]}"


class PageApi(PageView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            limite=limite_lisible(),
            taille_defaut=PaginationPratiques.page_size,
            taille_max=PaginationPratiques.max_page_size,
            candidats=f"{CANDIDATS:,}".replace(",", "\u202f"),
            versions=VERSIONS,
            **kwargs,
        )


accueil = PageApi.as_view(template_name="api/accueil.html", titre="API")
changelog = PageApi.as_view(
    template_name="api/changelog.html", titre="Journal des versions de l’API"
)
