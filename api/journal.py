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
        date(2026, 12, 8),
        [
            "Nouveau point d’accès /api/v1/reprises/ (filtre `fiche`) : où une pratique "
            "a été reprise ailleurs. /api/v1/pratiques/ prend le filtre `reprise=oui` (les "
            "fiches reprises ailleurs) et le compte dans `facettes`\u00a0; chaque fiche porte "
            "`nb_reprises`.",
        ],
    ),
    Entree(
        "v1",
        date(2026, 12, 7),
        [
            "Nouveau\u00a0: /api/v1/pratiques/{slug}/versions/, les versions publiées d’une "
            "fiche (numéro, date, adresses), et /api/v1/pratiques/{slug}/versions/{numero}/, "
            "le contenu d’une version tel qu’il a été publié, avec les libellés de l’époque "
            "(jamais l’adresse de contact)\u00a0; 404 pour une fiche non publiée.",
            "/api/v1/webhooks/ (clé avec le droit `webhooks`)\u00a0: les points de "
            "terminaison de l’organisation (création, lecture, modification, suppression, "
            "`tester`, `reactiver`, `renouveler-secret`) et leurs envois (`livraisons`)\u00a0; "
            "événements `fiche.publiee`, `fiche.modifiee`, `fiche.archivee` et "
            "`import.termine`, signés selon Standard Webhooks.",
            "Nouveau\u00a0: /api/v1/prix/editions/ (les éditions du prix, leur phase en "
            "cours\u00a0; le détail par année donne le calendrier et la grille du jury) et "
            "/api/v1/prix/laureats/ (les lauréates publiées, filtrables par `edition`, "
            "`niveau` et `departement`). /api/v1/pratiques/ prend le filtre `laureate=oui` "
            "et le compte dans `facettes`.",
            "Chaque pratique a `a_jour_le` (la plus récente de sa dernière modification "
            "publiée et de la dernière confirmation « toujours d’actualité ») et "
            "`informations_anciennes` (vrai au-delà de 36\u00a0mois sans mise à jour ni "
            "confirmation).",
            "Nouveau\u00a0: /api/v1/imports/ (clé avec le droit `import`)\u00a0: envoyer un "
            "fichier de pratiques (CSV, XLSX ou JSON, multipart, `simulation=true` pour une "
            "simulation), suivre son état (`GET /api/v1/imports/{id}/`), télécharger le "
            "rapport d’erreurs (`erreurs.csv`), lancer l’import simulé (`POST …/executer/`). "
            "Réponses 202, 400 par champ, 401, 403, 404, 409, 413 et 429\u00a0; schéma "
            "d’import sur /partenaires/imports/schema.json.",
            "/api/v1/pratiques/ prend le filtre `collectif=oui` (les fiches portées par un "
            "collectif local) et le compte dans `facettes`\u00a0; la recherche `q` trouve "
            "aussi une fiche par les libellés de sa classification, les noms de ses lieux et "
            "les sigles du travail social (CAF, CCAS, ASE…).",
            "/api/v1/pratiques/retraits/ (avec updated_since) donne les fiches retirées de "
            "la publication\u00a0: slug, date et motif (`archivee`, `supprimee`, "
            "`depubliee`), pour qu’une copie synchronisée n’en garde aucune.",
            "Clés d’API des partenaires\u00a0: l’en-tête `Authorization: Api-Key <clé>` "
            "authentifie un appel, avec sa propre limite de débit (600 requêtes par minute "
            "et par clé par défaut)\u00a0; la lecture reste ouverte sans clé. Une clé "
            "inconnue, révoquée ou expirée répond 401 (avec `WWW-Authenticate`), une clé "
            "sans le droit demandé 403.",
            'Toute erreur est un objet JSON en français\u00a0: `{"detail": …, "code": …}` '
            "(le champ `code`, stable, est nouveau)\u00a0; un paramètre invalide donne "
            "toujours un 400 avec les messages par paramètre. Une adresse inconnue sous "
            "/api/v1/ répond 404 en JSON.",
            "Le schéma OpenAPI documente sur chaque opération les réponses 400, 401, 403, "
            "404 et 429 avec leur contenu\u00a0; `successeur` d’un territoire peut être null.",
            "updated_since est comparé en UTC\u00a0: un fuseau au-delà de ±15:59 ne provoque "
            "plus d’erreur serveur, une date hors du calendrier répond 400. Un « % » dans "
            "une référence de territoire répond 400. `ordering=` (vide) répond 400, comme "
            "le dit le schéma.",
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
