"""Search over published fiches: full text, filters, facet counts, ranking, excerpts.

Search reads `IndexRecherche`, one narrow row per published fiche kept by database
triggers (see docs/decisions/0004-recherche.md): the filters of
pratiques.filters.RechercheFilter (one layer for the page, the feed, saved searches
and the API) make an IndexRecherche queryset, and this module computes what a page of
results needs on top of it, in one statement whatever the page size (`resultats`):

1. facet counts and the exact total, in one scan of the matching rows (integer-array
   columns), or read from CompteFacette (kept by a trigger) when nothing is filtered;
2. for relevance order, ts_rank over a bounded candidate set: the CANDIDATS matches
   whose title or summary match first, then the others, newest first (`_candidats`,
   shared by `resultats` and `ordonner`);
3. the page of fiches with what a list shows, excerpts highlighted for that page only.

The API puts the same counts in its own statement (`sql_des_comptes`,
`comptes_depuis`).
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pratiques.models import (
    CONFIG_RECHERCHE,
    CompteFacette,
    Etat,
    Fiche,
    FormeIntervention,
    IndexRecherche,
    NiveauParticipation,
    Public,
    StatutAction,
    Thematique,
)
from territoires.models import Niveau, Territoire

CANDIDATS = 1000
DEBUT_SURLIGNAGE, FIN_SURLIGNAGE = "\x02", "\x03"
PLUS_RECENTES = ("-publiee_le", "-fiche_id")


def requete_texte(texte: str) -> SearchQuery:
    return SearchQuery(texte, search_type="websearch", config=CONFIG_RECHERCHE)


def filtrer_texte(index: QuerySet, texte: str) -> QuerySet:
    return index.filter(recherche=requete_texte(texte)) if texte.strip() else index


def dans_ou_couvrant(territoire: Territoire) -> Q:
    """domain.md §2: fiches inside the territory (it contains one of theirs) and fiches
    covering it (one of theirs contains it, up to France)."""
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


# --- What lists show ------------------------------------------------------------------

# What a list of fiches shows (_resultat.html, _carte_fiche.html): the fiche's own
# columns, and its thématiques' labels and territories' names read through its id
# arrays, in the same query.
COLONNES_LISTE = ["pk", "slug", "titre", "resume", "publiee_le"]
LIBELLES_THEMATIQUES = (
    "ARRAY(SELECT v.libelle FROM pratiques_thematique v"
    " WHERE v.id = ANY(pratiques_fiche.thematiques_ids) ORDER BY v.ordre, v.libelle)"
)
NOMS_TERRITOIRES = (
    "ARRAY(SELECT t.nom FROM territoires_territoire t"
    " WHERE t.id = ANY(pratiques_fiche.territoires_ids) ORDER BY t.nom)"
)
EXTRAIT = (
    "ts_headline(%s::regconfig, pratiques_fiche.resume,"
    " websearch_to_tsquery(%s::regconfig, %s), %s)"
)
OPTIONS_SURLIGNAGE = (
    f"StartSel={DEBUT_SURLIGNAGE}, StopSel={FIN_SURLIGNAGE}, "
    "HighlightAll=true, MaxWords=80, MinWords=20"
)


def a_afficher(fiches: QuerySet, texte: str = "") -> list[Fiche]:
    """The fiches of `fiches` (in its order) with what a list shows, in one query:
    `libelles_thematiques`, `noms_territoires` and `extrait`, the summary as escaped
    HTML with the searched words marked."""
    annotations = {
        "libelles_thematiques": RawSQL(LIBELLES_THEMATIQUES, []),  # noqa: S611 — fixed SQL
        "noms_territoires": RawSQL(NOMS_TERRITOIRES, []),  # noqa: S611 — fixed SQL
    }
    if texte.strip():
        annotations["extrait_brut"] = RawSQL(  # noqa: S611 — values are parameters
            EXTRAIT, [CONFIG_RECHERCHE, CONFIG_RECHERCHE, texte, OPTIONS_SURLIGNAGE]
        )
    liste = list(fiches.only(*COLONNES_LISTE).annotate(**annotations))
    for fiche in liste:
        brut = getattr(fiche, "extrait_brut", None)
        fiche.extrait = _marquer(brut) if brut is not None else escape(fiche.resume)
    return liste


def _marquer(extrait: str) -> SafeString:
    html = escape(extrait).replace(DEBUT_SURLIGNAGE, "<mark>").replace(FIN_SURLIGNAGE, "</mark>")
    return mark_safe(html)  # noqa: S308 — escaped above, only our <mark> tags added


@dataclass
class FicheAffichee:
    """A fiche of a results page, with what the list shows (the attributes `a_afficher`
    gives), built from the counting statement's JSON: not a model instance, whose
    constructor (sixty fields) would cost more than the query."""

    pk: int
    slug: str
    titre: str
    resume: str
    publiee_le: datetime
    libelles_thematiques: list[str]
    noms_territoires: list[str]
    extrait: SafeString


def _fiche_affichee(donnees: dict) -> FicheAffichee:
    brut = donnees["extrait"]
    return FicheAffichee(
        pk=donnees["id"],
        slug=donnees["slug"],
        titre=donnees["titre"],
        resume=donnees["resume"],
        publiee_le=datetime.fromisoformat(donnees["publiee_le"]),
        libelles_thematiques=donnees["thematiques"],
        noms_territoires=donnees["territoires"],
        extrait=_marquer(brut) if brut is not None else escape(donnees["resume"]),
    )


# --- Facets --------------------------------------------------------------------------


@dataclass(frozen=True)
class Valeur:
    """A facet value as the counts show it: a vocabulary entry (code, libellé, order),
    or a région or département (level, code, name) — light objects, not model
    instances: a page builds about two hundred of them."""

    pk: int
    code: str
    libelle: str
    ordre: int = 0
    niveau: str = ""

    @property
    def nom(self) -> str:
        return self.libelle

    @property
    def reference(self) -> str:
        return f"{self.niveau}:{self.code}"


@dataclass
class Facette:
    nom: str
    # (Valeur, count); for `statut`, (StatutAction, count)
    valeurs: list[tuple[object, int]] = field(default_factory=list)


@dataclass
class Comptes:
    total: int
    facettes: dict[str, Facette]


VOCABULAIRES = {
    "thematique": Thematique,
    "forme": FormeIntervention,
    "public": Public,
    "participation": NiveauParticipation,
}
# Facets counted from an integer-array column of IndexRecherche.
FACETTES_TABLEAUX = {
    "thematique": "thematiques_ids",
    "forme": "formes_ids",
    "public": "publics_ids",
    "territoire": "zones_ids",  # régions and départements
}
COLONNES_FACETTES = [*FACETTES_TABLEAUX.values(), "niveau_participation_id", "statut_action"]


def compter(index: QuerySet) -> Comptes:
    """The exact total and the count of every facet value, with their labels, in one
    query; with the search's planner settings when the caller did not open a
    transaction."""
    sql, _ = index.query.sql_with_params()
    with reglages_de_recherche("mots" if "@@" in sql else ""):
        return _compter(index)[0]


def _source_des_comptes(index: QuerySet, champs: list[str]) -> tuple[str, list]:
    """SQL defining `comptes(nom, x, s, n)` (a facet, a value's id or text, a count),
    and its parameters. Nothing filtered: the counts kept in CompteFacette. Otherwise
    one pass over the matching rows (`m`, materialised once): each array facet groups
    the rows by their array first (few distinct arrays), then unnests those."""
    if not index.query.where:
        table = CompteFacette._meta.db_table
        return (
            f"""comptes(nom, x, s, n) AS (
                SELECT facette,
                       CASE WHEN facette NOT IN ('total', 'statut') THEN valeur::bigint END,
                       CASE WHEN facette = 'statut' THEN valeur END, nombre
                FROM {table} WHERE nombre > 0)""",  # noqa: S608 — a model's table
            [],
        )
    sql, params = index.order_by().values(*champs).query.sql_with_params()
    tableaux = "".join(
        f"""
            UNION ALL SELECT '{nom}', x, NULL, sum(n)::bigint FROM (
                SELECT unnest(g.a) AS x, g.n
                FROM (SELECT {colonne} AS a, count(*) AS n FROM m GROUP BY 1) g) u
            GROUP BY x"""  # noqa: S608 — names of ours
        for nom, colonne in FACETTES_TABLEAUX.items()
    )
    return (
        f"""m AS MATERIALIZED ({sql}),
        comptes(nom, x, s, n) AS (
            SELECT 'total', NULL::bigint, NULL::text, count(*) FROM m
            UNION ALL SELECT 'statut', NULL, statut_action, count(*) FROM m GROUP BY 3
            UNION ALL SELECT 'participation', niveau_participation_id, NULL, count(*)
                FROM m WHERE niveau_participation_id IS NOT NULL GROUP BY 2{tableaux})""",  # noqa: S608
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


def sql_des_comptes(
    index: QuerySet, *, texte: str = "", tri: str = "date", debut: int = 0, taille: int = 0
) -> tuple[str, list]:
    """The statement of `_compter` and its parameters; its rows are read by
    `comptes_depuis` (the API puts it in its own statement)."""
    par_date_dans_le_scan = texte.strip() and tri == "date" and index.query.where
    champs = list(COLONNES_FACETTES)
    if par_date_dans_le_scan:  # the page's slice is taken from the scan
        champs = ["fiche_id", "publiee_le", *champs]
    source, parametres = _source_des_comptes(index, champs)
    nom_table = connection.ops.quote_name
    vocabulaires = " UNION ALL ".join(
        f"SELECT '{nom}' AS nom, id, code, libelle, ordre FROM {nom_table(modele._meta.db_table)}"  # noqa: S608
        for nom, modele in VOCABULAIRES.items()
    )
    page, params_page = _page(index, texte, tri, debut, taille, dans_le_scan=par_date_dans_le_scan)
    # Rows: facet, id, text, count, code, label, order, level; every count is labelled
    # by the same tail whatever its source. The page's fiches come last: rank, JSON.
    requete = f"""
        WITH {source},
        v AS ({vocabulaires}),
        t AS (SELECT id, niveau, code, nom FROM {nom_table(Territoire._meta.db_table)}
              WHERE actif AND niveau IN ('{Niveau.REGION}', '{Niveau.DEPARTEMENT}')),
        page(fiche_id, rang) AS ({page})
        SELECT c.nom, c.x, c.s, c.n, NULL AS code, NULL AS libelle, NULL::int AS ordre,
               NULL AS niveau
            FROM comptes c WHERE c.nom IN ('total', 'statut')
        UNION ALL SELECT c.nom, c.x, NULL, c.n, v.code, v.libelle, v.ordre, NULL
            FROM comptes c JOIN v ON v.nom = c.nom AND v.id = c.x
        UNION ALL SELECT c.nom, c.x, NULL, c.n, t.code, t.nom, NULL, t.niveau
            FROM comptes c JOIN t ON c.nom = 'territoire' AND t.id = c.x
        UNION ALL SELECT 'fiche', p.rang, json_build_object(
                'id', pratiques_fiche.id, 'slug', pratiques_fiche.slug,
                'titre', pratiques_fiche.titre, 'resume', pratiques_fiche.resume,
                'publiee_le', pratiques_fiche.publiee_le,
                'thematiques', {LIBELLES_THEMATIQUES}, 'territoires', {NOMS_TERRITOIRES},
                'extrait', {EXTRAIT if texte.strip() else "NULL"})::text,
                NULL, NULL, NULL, NULL, NULL
            FROM page p JOIN pratiques_fiche ON pratiques_fiche.id = p.fiche_id
            WHERE pratiques_fiche.etat = '{Etat.PUBLIEE}'
    """  # noqa: S608 — the inner SQL is Django's, names are the models', values parameters
    parametres += params_page
    if texte.strip():
        parametres += [CONFIG_RECHERCHE, CONFIG_RECHERCHE, texte, OPTIONS_SURLIGNAGE]
    return requete, parametres


def comptes_depuis(lignes) -> tuple[Comptes, list[FicheAffichee]]:
    """The counts and the page's fiches from the rows of `sql_des_comptes`."""
    total = 0
    fiches: list[tuple[int, FicheAffichee]] = []
    statuts: dict[str, int] = {}
    valeurs: dict[str, list] = {nom: [] for nom in [*VOCABULAIRES, "region", "departement"]}
    for nom, pk, en_texte, nombre, code, libelle, rang, niveau in lignes:
        if nom == "fiche":
            fiches.append((pk, _fiche_affichee(json.loads(en_texte))))
        elif nom == "total":
            total = nombre
        elif nom == "statut":
            statuts[en_texte] = nombre
        elif nom == "territoire":
            valeurs[niveau].append((Valeur(pk, code, libelle, niveau=niveau), nombre))
        else:
            valeurs[nom].append((Valeur(pk, code, libelle, rang), nombre))

    facettes = {
        nom: Facette(nom, sorted(valeurs[nom], key=_ordre_vocabulaire)) for nom in VOCABULAIRES
    }
    facettes["statut"] = Facette(
        "statut",
        [(choix, statuts[choix.value]) for choix in StatutAction if choix.value in statuts],
    )
    for nom in ("region", "departement"):
        facettes[nom] = Facette(nom, sorted(valeurs[nom], key=lambda v: v[0].code))
    return Comptes(total, facettes), [fiche for _, fiche in sorted(fiches, key=lambda x: x[0])]


def _page(index, texte, tri, debut, taille, *, dans_le_scan) -> tuple[str, list]:
    """SQL of the page (fiche_id, rang) and its parameters: nothing when `taille` is 0;
    with words and relevance, ts_rank over the candidates; with words by date, the
    slice of the counting scan `m`; otherwise the slice of the (-publiee_le, -fiche)
    index."""
    nom_table = connection.ops.quote_name(IndexRecherche._meta.db_table)
    if not taille:
        return "SELECT NULL::bigint, NULL::bigint WHERE false", []
    if texte.strip() and tri != "date":
        candidats, params_candidats = _candidats(index, texte)
        sql = f"""SELECT i.fiche_id, row_number() OVER (ORDER BY {RANG} DESC,
                         i.publiee_le DESC, i.fiche_id DESC) AS rang
                  FROM {nom_table} i WHERE i.fiche_id IN ({candidats})
                  ORDER BY rang OFFSET %s LIMIT %s"""  # noqa: S608 — names of ours
        return sql, [CONFIG_RECHERCHE, texte, *params_candidats, debut, taille]
    if dans_le_scan:
        return (
            """SELECT fiche_id, row_number() OVER (ORDER BY publiee_le DESC, fiche_id DESC)
               FROM m ORDER BY publiee_le DESC, fiche_id DESC OFFSET %s LIMIT %s""",
            [debut, taille],
        )
    tranche = index.order_by(*PLUS_RECENTES).values("fiche_id")[debut : debut + taille]
    sql, params = tranche.query.sql_with_params()
    return f"SELECT fiche_id, row_number() OVER () FROM ({sql}) s", list(params)  # noqa: S608


def _ordre_vocabulaire(valeur):
    objet, _ = valeur
    return (objet.ordre, objet.libelle)


# --- Ordering and page ---------------------------------------------------------------


# Relevance: ts_rank over the candidates, as Django's SearchRank writes it.
RANG = "ts_rank(i.recherche, websearch_to_tsquery(%s::regconfig, %s))"


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
    if tri == "date" or not texte.strip():
        return index.order_by(*PLUS_RECENTES)
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

    @property
    def nombre_de_pages(self) -> int:
        return max(1, -(-self.limite // self.taille))


def resultats(index: QuerySet, *, texte: str, tri: str, page: int, taille: int) -> Resultats:
    """Everything a results page shows — counts, and the page of fiches with what the
    list shows — in one statement whatever `taille` (with words, inside the
    transaction of `reglages_de_recherche`)."""
    with reglages_de_recherche(texte):
        comptes, fiches = _compter(
            index, texte=texte, tri=tri, debut=(page - 1) * taille, taille=taille
        )
    par_pertinence = bool(texte.strip()) and tri != "date"
    limite = min(comptes.total, CANDIDATS) if par_pertinence else comptes.total
    return Resultats(fiches, comptes, page, taille, limite)


# --- Pratiques proches -----------------------------------------------------------------

# How near another fiche is: it lies in the same commune (or arrondissement), the same
# EPCI, the same département as one of this fiche's territories.
PROXIMITE = [
    (3, (Niveau.COMMUNE, Niveau.ARRONDISSEMENT)),
    (2, (Niveau.EPCI,)),
    (1, (Niveau.DEPARTEMENT,)),
]


def proches(fiche: Fiche, nombre: int = 4) -> list[Fiche]:
    """Published fiches like `fiche`: sharing at least one of its thématiques, ranked by
    2 × shared thématiques + shared formes + nearness (3 same commune, 2 same EPCI,
    1 same département, through `territoires_englobants`), then the newest; never the
    fiche itself, with what a card shows (`a_afficher`). One query (the territories
    around the fiche are a sub-select)."""
    # Local imports: the top of this module belongs to the search engine.
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models.expressions import RawSQL

    if not fiche.thematiques_ids or nombre <= 0:
        return []

    def partages(colonne: str, valeurs: list[int]) -> RawSQL:
        """How many of `valeurs` the array column `colonne` (a name of ours) holds."""
        sql = f'(SELECT count(*) FROM unnest("pratiques_fiche"."{colonne}") x WHERE x = ANY(%s))'  # noqa: S608
        return RawSQL(sql, (list(valeurs),), output_field=IntegerField())  # noqa: S611

    def autour(niveaux) -> ArraySubquery:
        return ArraySubquery(
            Territoire.objects.filter(
                pk__in=fiche.territoires_englobants, niveau__in=niveaux
            ).values("pk")
        )

    proximite = Case(
        *[
            When(territoires_englobants__overlap=autour(niveaux), then=Value(points))
            for points, niveaux in PROXIMITE
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    return a_afficher(
        Fiche.objects.publiees()
        .filter(thematiques_ids__overlap=fiche.thematiques_ids)
        .exclude(pk=fiche.pk)
        .annotate(
            thematiques_partagees=partages("thematiques_ids", fiche.thematiques_ids),
            formes_partagees=partages("formes_ids", fiche.formes_ids),
            proximite=proximite,
        )
        .annotate(score=2 * F("thematiques_partagees") + F("formes_partagees") + F("proximite"))
        .order_by("-score", "-publiee_le", "-pk")[:nombre]
    )
