"""The figures each page shows, one builder per figure (its title, its table's columns and
rows, its chart): the page, its tables and its CSV downloads all come from here."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from chiffres import calculs, graphiques
from chiffres.calculs import Perimetre
from pratiques.actualite import SEUIL_ANCIENNETE
from pratiques.models import FormeIntervention, Thematique

logger = logging.getLogger(__name__)


@dataclass
class Figure:
    ident: str
    titre: str
    colonnes: tuple[str, ...]
    lignes: list[tuple]  # raw values (dates, numbers): the CSV; the first is the row's name
    graphique: SafeString | None = None
    note: str = ""

    @property
    def lignes_affichees(self) -> list[tuple[str, ...]]:
        return [tuple(_lisible(cellule) for cellule in ligne) for ligne in self.lignes]


def _lisible(valeur) -> str:
    if isinstance(valeur, date):
        return date_format(valeur, "F Y")
    if isinstance(valeur, float):
        return f"{valeur:.1f}".replace(".", ",")
    if isinstance(valeur, int):
        return f"{valeur:,}".replace(",", "\u202f")
    return "—" if valeur is None else str(valeur)


def _barres(ident, titre, lignes, colonne="Fiches publiées", note="") -> Figure:
    description = "; ".join(f"{libelle}\u00a0: {n}" for libelle, n in lignes)
    return Figure(
        ident,
        titre,
        ("", colonne),
        lignes,
        graphiques.barres(ident, titre, description, lignes),
        note,
    )


def par_mois(p: Perimetre) -> Figure:
    lignes = calculs.publiees_par_mois(p)
    titre = "Fiches publiées par mois"
    total = sum(n for _, n in lignes)
    description = (
        f"{total} fiches publiées de {_lisible(p.debut)} à {_lisible(p.fin)}, "
        f"au plus {max((n for _, n in lignes), default=0)} en un mois."
    )
    return Figure(
        "publications-par-mois",
        titre,
        ("Mois", "Fiches publiées"),
        lignes,
        graphiques.colonnes_mensuelles("publications-par-mois", titre, description, lignes),
        "Fiches en ligne aujourd’hui, selon le mois de leur publication.",
    )


def thematiques(p: Perimetre) -> Figure:
    return _barres(
        "thematiques",
        "Fiches publiées par thématique",
        calculs.par_thematique(p),
        note="Une fiche peut relever de plusieurs thématiques.",
    )


def formes(p: Perimetre) -> Figure:
    return _barres(
        "formes",
        "Fiches publiées par forme d’intervention",
        calculs.par_forme(p),
        note="Une fiche peut relever de plusieurs formes d’intervention.",
    )


def _par_annee(ident: str, titre: str, modele, colonne: str, p: Perimetre) -> Figure:
    """A table (no chart: one row per value, one column per year of the period)."""
    comptes = calculs.par_valeur_et_annee(p, colonne)
    annees = list(range(p.debut.year, p.fin.year + 1))
    return Figure(
        ident,
        titre,
        (modele._meta.verbose_name.capitalize(), *(str(annee) for annee in annees)),
        [
            (v.libelle, *(comptes.get((v.pk, annee), 0) for annee in annees))
            for v in modele.objects.filter(actif=True)
        ],
        note="Publications de la période, par année (la première et la dernière peuvent "
        "être partielles).",
    )


def thematiques_par_annee(p: Perimetre) -> Figure:
    return _par_annee(
        "thematiques-par-annee",
        "Fiches publiées par thématique et par année",
        Thematique,
        "thematiques_ids",
        p,
    )


def formes_par_annee(p: Perimetre) -> Figure:
    return _par_annee(
        "formes-par-annee",
        "Fiches publiées par forme d’intervention et par année",
        FormeIntervention,
        "formes_ids",
        p,
    )


def participation(p: Perimetre) -> Figure:
    return _barres(
        "participation",
        "Fiches publiées par niveau de participation des personnes",
        calculs.par_niveau_participation(p),
    )


def activite(p: Perimetre) -> Figure:
    comptes = calculs.activite(p)
    lignes = [
        ("Fiches soumises", comptes["soumises"]),
        ("Fiches publiées", comptes["publiees"]),
        ("Modifications demandées", comptes["modifications_demandees"]),
        ("Fiches refusées", comptes["refusees"]),
        ("En attente de relecture aujourd’hui", comptes["en_attente"]),
    ]
    return _barres(
        "activite",
        "Activité de modération",
        lignes,
        colonne="Fiches",
        note="Une fiche (ou une révision) compte une fois par type d’étape franchie pendant "
        "la période.",
    )


def delais(p: Perimetre) -> Figure:
    resultat = calculs.delais(p)
    return Figure(
        "delais",
        "Délai entre la soumission et la décision",
        ("", "Valeur"),
        [
            ("Décisions prises pendant la période", resultat.nombre),
            ("Délai médian (jours)", resultat.mediane),
            ("Délai du 90ᵉ centile (jours)", resultat.p90),
        ],
        note="Décision : publication, demande de modifications ou refus, la première après "
        "chaque soumission.",
    )


def reprises_moderation(p: Perimetre) -> Figure:
    comptes = calculs.reprises(p)
    return _barres(
        "reprises",
        "Reprises",
        [
            ("Reprises déclarées", comptes["declarees"]),
            ("Reprises publiées", comptes["publiees"]),
            ("Reprises refusées", comptes["refusees"]),
            ("En attente de relecture aujourd’hui", comptes["en_attente"]),
        ],
        colonne="Reprises",
    )


def reprises_publiques(p: Perimetre) -> Figure:
    comptes = calculs.reprises(p)
    return _barres(
        "reprises",
        "Reprises",
        [
            ("Reprises déclarées", comptes["declarees"]),
            ("Reprises publiées", comptes["publiees"]),
        ],
        colonne="Reprises",
        note="Une reprise : une équipe dit avoir repris ailleurs la démarche d’une fiche.",
    )


def anciennes(p: Perimetre) -> Figure:
    return Figure(
        "anciennes",
        "Fiches à actualiser",
        ("", "Fiches"),
        [(f"Non mises à jour depuis {SEUIL_ANCIENNETE} mois", calculs.anciennes(p))],
        note="Aujourd’hui, quelle que soit la période.",
    )


def collectifs(p: Perimetre) -> Figure:
    comptes = calculs.collectifs(p)
    return _barres(
        "collectifs",
        "Collectifs",
        [
            ("Collectifs déclarés pendant la période", comptes["declares"]),
            ("Reconnaissances décidées pendant la période", comptes["reconnaissances"]),
            ("Collectifs reconnus aujourd’hui", comptes["reconnus"]),
        ],
        colonne="Collectifs",
    )


Constructeur = Callable[[Perimetre], Figure]

# Figures are kept a short while in the cache (Redis), under the corpus version
# (pratiques.models.VersionCorpus: a publication, a change, an archival makes new keys)
# and the period and territory: what publications show is never stale; what the
# version does not follow (the queue, reprises, collectifs) is at most DUREE_CACHE old.
DUREE_CACHE = 120  # seconds


def en_cache(cle: str, calculer: Callable):
    """calculer(), from the cache when it is there; a cache that does not answer is a
    miss, never an error."""
    try:
        valeur = cache.get(cle)
    except Exception:  # noqa: BLE001 — the cache is an optimisation
        logger.warning("Cache des chiffres indisponible (lecture).", exc_info=True)
        valeur = None
    if valeur is None:
        valeur = calculer()
        try:
            cache.set(cle, valeur, DUREE_CACHE)
        except Exception:  # noqa: BLE001
            logger.warning("Cache des chiffres indisponible (écriture).", exc_info=True)
    return valeur


def construire(ident: str, constructeur: Constructeur, p: Perimetre, numero: int | None) -> Figure:
    """The figure under the corpus version `numero` (read once per page by the caller)."""
    cle = f"chiffres:{numero}:{ident}:{p.debut}:{p.fin}:{p.departements}:{p.lieu}"
    return en_cache(cle, lambda: constructeur(p))


# What each page shows, in its order; `?format=csv&figure=<ident>` picks one.
MODERATION: dict[str, Constructeur] = {
    "activite": activite,
    "delais": delais,
    "publications-par-mois": par_mois,
    "thematiques": thematiques,
    "formes": formes,
    "thematiques-par-annee": thematiques_par_annee,
    "formes-par-annee": formes_par_annee,
    "reprises": reprises_moderation,
    "anciennes": anciennes,
    "collectifs": collectifs,
}
PUBLIQUES: dict[str, Constructeur] = {
    "publications-par-mois": par_mois,
    "thematiques": thematiques,
    "formes": formes,
    "thematiques-par-annee": thematiques_par_annee,
    "formes-par-annee": formes_par_annee,
    "participation": participation,
    "reprises": reprises_publiques,
    "collectifs": collectifs,
}
