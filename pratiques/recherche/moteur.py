"""The search engine: full text, facet counts, ranking, and a page of results.

Search reads `IndexRecherche`, one narrow row per published fiche kept by database
triggers (pratiques.recherche.declencheurs; see docs/decisions/0004-recherche.md): the
filters of pratiques.filters.RechercheFilter (one layer for the page, the feed, saved
searches and the API) make an IndexRecherche queryset, and this module computes what a
page of results needs on top of it, in one statement whatever the page size
(`resultats`):

1. facet counts and the exact total, in one scan of the matching rows (integer-array
   columns), or read from CompteFacette (kept by a trigger) when nothing is filtered;
   which columns are counted, and how, comes from the facet declarations
   (pratiques.recherche.facettes);
2. for relevance order, ts_rank over a bounded candidate set: the CANDIDATS matches
   whose title or summary match first, then the others, newest first (`_candidats`,
   shared by `resultats` and `ordonner`);
3. the page of fiches with what a list shows, excerpts highlighted for that page only
   (pratiques.recherche.extraits).

The API puts the same counts in its own statement (`sql_des_comptes`,
`comptes_depuis`).
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from pratiques.models import CompteFacette, Etat, Fiche, IndexRecherche
from pratiques.recherche import cache as cache_recherche
from pratiques.recherche import facettes as declarations
from pratiques.recherche.extraits import (
    FicheAffichee,
    fiche_affichee,
    json_fiche,
    parametres_extrait,
)
from pratiques.recherche.facettes import FACETTES, Ligne, ValeursComptees
from pratiques.recherche.requete import TSQUERY, RequeteEtendue
from pratiques.recherche.requete import parametres as parametres_requete
from territoires.models import Territoire

CANDIDATS = 1000
PLUS_RECENTES = ("-publiee_le", "-fiche_id")
# The orders of a results page, each as the IndexRecherche ordering it follows (relevance
# ranks candidates with ts_rank instead, when words are typed).
PERTINENCE, DATE, REPRISES = "pertinence", "date", "reprises"
ORDRES = {
    DATE: PLUS_RECENTES,
    # Most taken up elsewhere first (essaimage), then newest.
    REPRISES: ("-nb_reprises", *PLUS_RECENTES),
}


def requete_texte(texte: str) -> SearchQuery:
    """The query of the words typed, synonyms expanded (pratiques.recherche.requete)."""
    return RequeteEtendue(texte)


def filtrer_texte(index: QuerySet, texte: str) -> QuerySet:
    return index.filter(recherche=requete_texte(texte)) if texte.strip() else index


def dans_ou_couvrant(territoire: Territoire) -> Q:
    """Fiches inside the territory (it contains one of theirs) and fiches covering it
    (one of theirs contains it, up to France); see docs/domaine.md."""
    return Q(territoires_englobants__contains=[territoire.pk]) | Q(
        territoires_ids__overlap=[territoire.pk, *territoire.ancetres]
    )


def index_publie() -> QuerySet:
    """Every published fiche, as search sees them."""
    return IndexRecherche.objects.all()


def plus_recentes(index: QuerySet, nombre: int, *, debut: int = 0) -> QuerySet:
    """The fiches of `index` from the `debut`-th newest on, `nombre` of them, as a Fiche
    queryset newest first (the slice is taken on the index, one query)."""
    ids = index.order_by(*PLUS_RECENTES).values("fiche_id")[debut : debut + nombre]
    return Fiche.objects.filter(pk__in=ids).order_by("-publiee_le", "-pk")


# --- Facet counts ----------------------------------------------------------------------


@dataclass
class Comptes:
    total: int
    facettes: dict[str, ValeursComptees]


def compter(index: QuerySet) -> Comptes:
    """The exact total and the count of every facet value, with their labels, in one
    query; with the search's planner settings when the caller did not open a
    transaction."""
    sql, _ = index.query.sql_with_params()
    with reglages_de_recherche("mots" if "@@" in sql else ""):
        return _compter(index)[0]


def _liste(valeurs) -> str:
    return ", ".join(f"'{v}'" for v in valeurs)


def _cles_en_texte() -> list[str]:
    return [f.cle_compte for f in declarations.comptees() if f.en_texte]


def _colonnes_comptees() -> list[str]:
    """The IndexRecherche columns the counts read: arrays first, then scalars."""
    comptees = declarations.comptees()
    return [f.champ.attname for f in comptees if f.tableau] + [
        f.champ.attname for f in comptees if not f.tableau
    ]


def _comptage(facette) -> str:
    """SQL counting one facet's values over the matching rows `m`: an array groups the
    rows by their array first (few distinct arrays), then unnests those; a scalar is
    grouped."""
    cle, colonne = facette.cle_compte, facette.champ.column
    if facette.tableau:
        return f"""SELECT '{cle}', x, NULL, sum(n)::bigint FROM (
                SELECT unnest(g.a) AS x, g.n
                FROM (SELECT {colonne} AS a, count(*) AS n FROM m GROUP BY 1) g) u
            GROUP BY x"""  # noqa: S608 — names of ours
    condition = facette.sql_condition("m")
    non_nul = f" WHERE {condition}" if condition else ""
    if facette.en_texte:
        valeur = facette.sql_valeur("m")
        return f"SELECT '{cle}', NULL, {valeur}, count(*) FROM m{non_nul} GROUP BY 3"  # noqa: S608
    return f"SELECT '{cle}', {colonne}, NULL, count(*) FROM m{non_nul} GROUP BY 2"  # noqa: S608


def _source_des_comptes(index: QuerySet, champs: list[str]) -> tuple[str, list]:
    """SQL defining `comptes(nom, x, s, n)` (a count key, a value's id or text, a
    count), and its parameters. Nothing filtered: the counts kept in CompteFacette.
    Otherwise one pass over the matching rows (`m`, materialised once), scalars first."""
    en_texte = _liste(_cles_en_texte())
    if not index.query.where:
        table = CompteFacette._meta.db_table
        return (
            f"""comptes(nom, x, s, n) AS (
                SELECT facette,
                       CASE WHEN facette NOT IN ('total', {en_texte}) THEN valeur::bigint END,
                       CASE WHEN facette IN ({en_texte}) THEN valeur END, nombre
                FROM {table} WHERE nombre > 0)""",  # noqa: S608 — a model's table
            [],
        )
    sql, params = index.order_by().values(*champs).query.sql_with_params()
    comptees = declarations.comptees()
    comptages = "".join(
        f"\n            UNION ALL {_comptage(f)}"
        for f in [*(f for f in comptees if not f.tableau), *(f for f in comptees if f.tableau)]
    )
    return (
        f"""m AS MATERIALIZED ({sql}),
        comptes(nom, x, s, n) AS (
            SELECT 'total', NULL::bigint, NULL::text, count(*) FROM m{comptages})""",  # noqa: S608
        list(params),
    )


def _compter(
    index: QuerySet, *, texte: str = "", tri: str = "date", debut: int = 0, taille: int = 0
) -> tuple[Comptes, list[FicheAffichee]]:
    """The counts and, when `taille`, the requested page of fiches, in one statement:
    ranked among the relevance candidates (see `ordonner`), or newest first, each with
    what the list shows (as `a_afficher`)."""
    requete, parametres = sql_des_comptes(index, texte=texte, tri=tri, debut=debut, taille=taille)
    with connection.cursor() as curseur:
        curseur.execute(requete, parametres)
        return comptes_depuis(curseur.fetchall())


def _etiquettes() -> str:
    """SQL labelling each counted value, whatever the source of the counts: values
    as text (choices) as they are, ids by their vocabulary table (`v`) or territory
    (`t`)."""
    nom_table = connection.ops.quote_name
    vocabulaires = " UNION ALL ".join(
        f"SELECT '{cle}' AS nom, id, code, libelle, ordre FROM {nom_table(modele._meta.db_table)}"  # noqa: S608
        for cle, modele in declarations.vocabulaires().items()
    )
    niveaux = _liste(declarations.niveaux_territoriaux())
    return f"""
        v AS ({vocabulaires}),
        t AS (SELECT id, niveau, code, nom FROM {nom_table(Territoire._meta.db_table)}
              WHERE actif AND niveau IN ({niveaux})),"""  # noqa: S608 — names of ours


def sql_des_comptes(
    index: QuerySet, *, texte: str = "", tri: str = "date", debut: int = 0, taille: int = 0
) -> tuple[str, list]:
    """The statement of `_compter` and its parameters; its rows are read by
    `comptes_depuis` (the API puts it in its own statement)."""
    par_date_dans_le_scan = texte.strip() and tri == "date" and index.query.where
    champs = _colonnes_comptees()
    if par_date_dans_le_scan:  # the page's slice is taken from the scan
        champs = ["fiche_id", "publiee_le", *champs]
    source, parametres = _source_des_comptes(index, champs)
    page, params_page = _page(index, texte, tri, debut, taille, dans_le_scan=par_date_dans_le_scan)
    # Rows: count key, id, text, count, code, label, order, level; every count is
    # labelled by the same tail whatever its source. The page's fiches come last: rank,
    # JSON.
    requete = f"""
        WITH {source},{_etiquettes()}
        page(fiche_id, rang) AS ({page})
        SELECT c.nom, c.x, c.s, c.n, NULL AS code, NULL AS libelle, NULL::int AS ordre,
               NULL AS niveau
            FROM comptes c WHERE c.nom IN ('total', {_liste(_cles_en_texte())})
        UNION ALL SELECT c.nom, c.x, NULL, c.n, v.code, v.libelle, v.ordre, NULL
            FROM comptes c JOIN v ON v.nom = c.nom AND v.id = c.x
        UNION ALL SELECT c.nom, c.x, NULL, c.n, t.code, t.nom, NULL, t.niveau
            FROM comptes c JOIN t ON c.nom = '{declarations.CLE_TERRITOIRE}' AND t.id = c.x
        UNION ALL SELECT 'fiche', p.rang, {json_fiche(texte)}::text,
                NULL, NULL, NULL, NULL, NULL
            FROM page p JOIN pratiques_fiche ON pratiques_fiche.id = p.fiche_id
            WHERE pratiques_fiche.etat = '{Etat.PUBLIEE}'
    """  # noqa: S608 — the inner SQL is Django's, names are the models', values parameters
    parametres += params_page
    if texte.strip():
        parametres += parametres_extrait(texte)
    return requete, parametres


def comptes_depuis(lignes) -> tuple[Comptes, list[FicheAffichee]]:
    """The counts and the page's fiches from the rows of `sql_des_comptes`."""
    total = 0
    fiches: list[tuple[int, FicheAffichee]] = []
    valeurs: dict[str, list] = {facette.nom: [] for facette in FACETTES}
    par_cle: dict[str, list] = {}
    for facette in FACETTES:
        par_cle.setdefault(facette.cle_compte, []).append(facette)
    for nom, pk, en_texte, nombre, code, libelle, rang, niveau in lignes:
        if nom == "fiche":
            fiches.append((pk, fiche_affichee(json.loads(en_texte))))
        elif nom == "total":
            total = nombre
        else:
            ligne = Ligne(pk, en_texte, code, libelle, rang, niveau)
            for facette in par_cle.get(nom, []):
                objet = facette.valeur_comptee(ligne)
                if objet is not None:
                    valeurs[facette.nom].append((objet, nombre))
    comptees = {f.nom: ValeursComptees(f.nom, f.ranger(valeurs[f.nom])) for f in FACETTES}
    return Comptes(total, comptees), [fiche for _, fiche in sorted(fiches, key=lambda x: x[0])]


def _page(index, texte, tri, debut, taille, *, dans_le_scan) -> tuple[str, list]:
    """SQL of the page (fiche_id, rang) and its parameters: nothing when `taille` is 0;
    with words and relevance, ts_rank over the candidates; with words by date, the
    slice of the counting scan `m`; otherwise the slice of the (-publiee_le, -fiche)
    index."""
    nom_table = connection.ops.quote_name(IndexRecherche._meta.db_table)
    if not taille:
        return "SELECT NULL::bigint, NULL::bigint WHERE false", []
    if texte.strip() and tri not in ORDRES:
        candidats, params_candidats = _candidats(index, texte)
        sql = f"""SELECT i.fiche_id, row_number() OVER (ORDER BY {RANG} DESC,
                         i.publiee_le DESC, i.fiche_id DESC) AS rang
                  FROM {nom_table} i WHERE i.fiche_id IN ({candidats})
                  ORDER BY rang OFFSET %s LIMIT %s"""  # noqa: S608 — names of ours
        return sql, [*parametres_requete(texte), *params_candidats, debut, taille]
    if dans_le_scan:
        return (
            """SELECT fiche_id, row_number() OVER (ORDER BY publiee_le DESC, fiche_id DESC)
               FROM m ORDER BY publiee_le DESC, fiche_id DESC OFFSET %s LIMIT %s""",
            [debut, taille],
        )
    ordre = ORDRES.get(tri, PLUS_RECENTES)
    tranche = index.order_by(*ordre).values("fiche_id")[debut : debut + taille]
    sql, params = tranche.query.sql_with_params()
    return f"SELECT fiche_id, row_number() OVER () FROM ({sql}) s", list(params)  # noqa: S608


# --- Ordering and page ---------------------------------------------------------------


# Relevance: ts_rank over the candidates, as Django's SearchRank writes it.
RANG = f"ts_rank(i.recherche, {TSQUERY})"


def _candidats(index: QuerySet, texte: str) -> tuple[str, list]:
    """SQL for the ids of the CANDIDATS fiches of `index` that relevance ranks: those
    whose title or summary match the words, newest first, then the others, newest
    first. A LIMIT over UNION ALL stops reading once it has enough: the second branch
    runs only when fewer title or summary matches exist, and neither reads a vector
    (the GIN indexes answer `@@`)."""
    requete = requete_texte(texte)
    branches = [index.filter(entete=requete), index.exclude(entete=requete)]
    morceaux, parametres = [], []
    for branche in branches:
        sql, params = (
            branche.order_by(*PLUS_RECENTES).values("fiche_id")[:CANDIDATS].query.sql_with_params()
        )
        morceaux.append(f"({sql})")
        parametres += params
    union = " UNION ALL ".join(morceaux)
    return f"SELECT * FROM ({union}) c LIMIT {CANDIDATS:d}", parametres  # noqa: S608


def ordonner(index: QuerySet, *, texte: str, tri: str) -> QuerySet:
    """The IndexRecherche rows of `index` in result order: relevance (with a text)
    ranks a bounded candidate set; otherwise newest first."""
    if tri in ORDRES or not texte.strip():
        return index.order_by(*ORDRES.get(tri, PLUS_RECENTES))
    candidats = RawSQL(*_candidats(index, texte))  # noqa: S611 — built above from querysets
    return (
        IndexRecherche.objects.filter(pk__in=candidats)
        .annotate(pertinence=SearchRank(F("recherche"), requete_texte(texte)))
        .order_by("-pertinence", *PLUS_RECENTES)
    )


# --- Planner settings -----------------------------------------------------------------


@contextmanager
def reglages_de_recherche(texte: str):
    """With words, run a search's queries in a transaction of their own that forbids
    sequential scans (SET LOCAL, so nothing leaks to other queries of the
    connection). The planner prices `recherche @@ q` like any operator, but a
    sequential scan reads every search vector (kilobytes each, out of line in TOAST):
    a word found in most fiches made it scan and detoast the whole index (about 1 s at
    100,000 fiches) where the GIN bitmap, which never reads the vectors, takes a few
    milliseconds. (JIT is off for every connection: config/settings.py.)

    Without words, or inside a transaction opened by the caller (tests,
    ATOMIC_REQUESTS), it does nothing: SET LOCAL would last until the caller's commit.
    """
    if not texte.strip() or connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute("SELECT set_config('enable_seqscan', 'off', true)")
        yield


# --- A page of results ---------------------------------------------------------------


@dataclass
class Resultats:
    fiches: list[FicheAffichee]
    comptes: Comptes
    page: int
    taille: int
    limite: int  # how far pages go: relevance ranks CANDIDATS fiches at most
    # The corpus version these results belong to (None: unknown): what is derived from
    # them (the page's rendered fragments) may be kept under it.
    version: int | None = None

    @property
    def nombre_de_pages(self) -> int:
        return max(1, -(-self.limite // self.taille))


def resultats(index: QuerySet, *, texte: str, tri: str, page: int, taille: int) -> Resultats:
    """Everything a results page shows — counts, and the page of fiches with what the
    list shows — in one statement whatever `taille` (with words, inside the
    transaction of `reglages_de_recherche`), or from the cache for the same statement
    and corpus version (pratiques.recherche.cache: one small query then)."""
    requete, parametres = sql_des_comptes(
        index, texte=texte, tri=tri, debut=(page - 1) * taille, taille=taille
    )

    def calculer(avec_version: str):
        with reglages_de_recherche(texte), connection.cursor() as curseur:
            curseur.execute(avec_version, parametres)
            lignes = curseur.fetchall()
        return comptes_depuis(ligne[:-1] for ligne in lignes), lignes[0][-1] if lignes else None

    (comptes, fiches), version = cache_recherche.servir_avec_version(
        "page:1", requete, parametres, calculer
    )
    par_pertinence = bool(texte.strip()) and tri not in ORDRES
    limite = min(comptes.total, CANDIDATS) if par_pertinence else comptes.total
    return Resultats(fiches, comptes, page, taille, limite, version)
