"""The API's changelog (/api/changelog/), newest first.

A compatible change (a field, a filter, a parameter added; a limit extended) is a new
entry under the current version; an incompatible one opens a new version (/api/v2/).
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Entree:
    version: str
    date: date
    changements: list[str]

    @property
    def ancre(self) -> str:
        return f"{self.version}-{self.date:%Y-%m-%d}"


JOURNAL = [
    Entree(
        "v1",
        date(2026, 12, 7),
        [
            "La limite de débit des accès anonymes couvre toute l’API, /api/v1/territoires/ "
            "compris\u00a0: une seule limite par adresse IP, tous points d’accès confondus.",
            "/api/v1/territoires/ prend page_size, comme /api/v1/pratiques/ (20 par défaut, "
            "100 au plus)\u00a0; taille, son ancien nom, reste accepté.",
            "Toute requête est anonyme\u00a0: l’API ne lit plus ni la session du site ni "
            "d’identifiants HTTP Basic (les clés des partenaires viendront à la place).",
            "La documentation (/api/v1/docs/) est une page du site, accessible et lisible "
            "sans JavaScript, générée du schéma OpenAPI\u00a0; la console interactive "
            "Swagger UI est à /api/v1/docs/console/.",
            "Nouveau\u00a0: /api/v1/collectifs/, les collectifs locaux de développement "
            "social (liste filtrable par territoire, reconnaissance et thématique\u00a0; "
            "détail par slug), les noms des membres seulement avec leur accord.",
        ],
    ),
    Entree(
        "v1",
        date(2026, 11, 23),
        [
            "Première version\u00a0: fiches publiées (liste et détail par slug), territoires, "
            "schéma OpenAPI 3 et documentation.",
            "Filtres de la page de recherche (q, thematique, forme, public, participation, "
            "statut, region, departement, territoire), updated_since et tri.",
            "Pagination par curseur (page_size de 1 à 100), total et facettes sur la "
            "première page.",
        ],
    ),
]
