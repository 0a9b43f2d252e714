"""Search over published fiches: full text, filters, facet counts, ranking, excerpts.

The filters themselves live in pratiques.filters.RechercheFilter (one layer for the
page and the API); this module computes what a page of results needs on top of a
filtered queryset, with a bounded number of queries whatever the page size:

1. facet counts and the exact total, in one scan of the matching rows (integer-array
   columns, see docs/decisions/0004-recherche.md);
2. for relevance order, ts_rank over a bounded candidate set: the CANDIDATS matches
   whose title or summary match first, then the most recent;
3. the page of fiches itself, with highlighted excerpts computed for that page only.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pratiques.models import (
    CONFIG_RECHERCHE,
    Fiche,
    FormeIntervention,
    NiveauParticipation,
    Public,
    StatutAction,
    Thematique,
)
from territoires.models import Niveau, Territoire

CANDIDATS = 1000
DEBUT_SURLIGNAGE, FIN_SURLIGNAGE = "\x02", "\x03"


def requete_texte(texte: str) -> SearchQuery:
    return SearchQuery(texte, search_type="websearch", config=CONFIG_RECHERCHE)


def filtrer_texte(queryset: QuerySet, texte: str) -> QuerySet:
    return queryset.filter(recherche=requete_texte(texte)) if texte.strip() else queryset


def dans_ou_couvrant(territoire: Territoire) -> Q:
    """domain.md §2: fiches inside the territory (it contains one of theirs) and fiches
    covering it (one of theirs contains it, up to France)."""
    return Q(territoires_englobants__contains=[territoire.pk]) | Q(
        territoires_ids__overlap=[territoire.pk, *territoire.ancetres]
    )


# --- Facets --------------------------------------------------------------------------

FACETTES_TABLEAUX = {
    "thematique": ("thematiques_ids", Thematique),
    "forme": ("formes_ids", FormeIntervention),
    "public": ("publics_ids", Public),
}


@dataclass
class Facette:
    nom: str
    valeurs: list[tuple[object, int]] = field(default_factory=list)  # (object, count)


@dataclass
class Comptes:
    total: int
    facettes: dict[str, Facette]


def _ids_regions_departements() -> dict[int, Territoire]:
    return {
        t.pk: t
        for t in Territoire.objects.filter(
            niveau__in=[Niveau.REGION, Niveau.DEPARTEMENT], actif=True
        ).only("pk", "niveau", "code", "nom")
    }


def compter(queryset: QuerySet) -> Comptes:
    """The exact total and the count of every facet value, in two queries: one scan of
    the matching rows, then the labels of the values that occur."""
    colonnes = queryset.order_by().values(
        "thematiques_ids",
        "formes_ids",
        "publics_ids",
        "niveau_participation_id",
        "statut_action",
        "territoires_englobants",
    )
    sql, params = colonnes.query.sql_with_params()
    territoires = _ids_regions_departements()
    ids = sorted(territoires)
    # One pass over the matching rows (materialised once), then one aggregate per
    # facet. `SELECT unnest(…)` (a ProjectSet) costs half the `FROM m, unnest(…)` lateral
    # form; total, participation and statut come from a single GROUP BY; région and
    # département ids are first tested against their range (a cheap comparison that
    # drops communes and EPCI), then against the hashed list.
    requete = f"""
        WITH m AS MATERIALIZED ({sql})
        SELECT 'statut', statut_action, niveau_participation_id::text, count(*) FROM m
            GROUP BY statut_action, niveau_participation_id
        UNION ALL SELECT 'thematique', x::text, NULL, count(*)
            FROM (SELECT unnest(thematiques_ids) AS x FROM m) u GROUP BY x
        UNION ALL SELECT 'forme', x::text, NULL, count(*)
            FROM (SELECT unnest(formes_ids) AS x FROM m) u GROUP BY x
        UNION ALL SELECT 'public', x::text, NULL, count(*)
            FROM (SELECT unnest(publics_ids) AS x FROM m) u GROUP BY x
        UNION ALL SELECT 'territoire', x::text, NULL, count(*)
            FROM (SELECT unnest(territoires_englobants) AS x FROM m) u
            WHERE x BETWEEN %s AND %s AND x = ANY(%s::bigint[]) GROUP BY x
    """  # noqa: S608 — the inner SQL is Django's, values are parameters
    with connection.cursor() as curseur:
        curseur.execute(requete, [*params, ids[0] if ids else 0, ids[-1] if ids else -1, ids])
        lignes = curseur.fetchall()

    total = 0
    brut: dict[str, dict[str, int]] = {}
    for nom, valeur, participation, nombre in lignes:
        if nom == "statut":
            total += nombre
            statuts = brut.setdefault("statut", {})
            statuts[valeur] = statuts.get(valeur, 0) + nombre
            if participation is not None:
                participations = brut.setdefault("participation", {})
                participations[participation] = participations.get(participation, 0) + nombre
        else:
            brut.setdefault(nom, {})[valeur] = nombre

    vocabulaires = {
        "thematique": Thematique,
        "forme": FormeIntervention,
        "public": Public,
        "participation": NiveauParticipation,
    }
    facettes = {}
    for nom, modele in vocabulaires.items():
        comptes = brut.get(nom, {})
        objets = modele.objects.filter(pk__in=[int(pk) for pk in comptes]) if comptes else []
        facettes[nom] = Facette(
            nom, sorted(((o, comptes[str(o.pk)]) for o in objets), key=_ordre_vocabulaire)
        )
    statuts = brut.get("statut", {})
    facettes["statut"] = Facette(
        "statut",
        [(choix, statuts[choix.value]) for choix in StatutAction if choix.value in statuts],
    )
    par_territoire = brut.get("territoire", {})
    for nom, niveau in (("region", Niveau.REGION), ("departement", Niveau.DEPARTEMENT)):
        valeurs = [
            (territoires[int(pk)], n)
            for pk, n in par_territoire.items()
            if territoires[int(pk)].niveau == niveau
        ]
        facettes[nom] = Facette(nom, sorted(valeurs, key=lambda v: v[0].code))
    return Comptes(total, facettes)


def _ordre_vocabulaire(valeur):
    objet, _ = valeur
    return (objet.ordre, objet.libelle)


# --- Ordering and page ---------------------------------------------------------------


def ordonner(queryset: QuerySet, *, texte: str, tri: str) -> QuerySet:
    """Relevance (with a text) ranks a bounded candidate set; otherwise newest first."""
    if tri == "date" or not texte.strip():
        return queryset.order_by("-publiee_le", "-pk")
    requete = requete_texte(texte)
    candidats = (
        queryset.annotate(
            entete=ExpressionWrapper(Q(recherche_entete=requete), output_field=BooleanField())
        )
        .order_by(F("entete").desc(), "-publiee_le", "-pk")
        .values("pk")[:CANDIDATS]
    )
    return (
        Fiche.objects.filter(pk__in=candidats)
        .annotate(pertinence=SearchRank(F("recherche"), requete))
        .order_by("-pertinence", "-publiee_le", "-pk")
    )


def extraits(fiches: list[Fiche], texte: str) -> dict[int, SafeString]:
    """The summary of each fiche with the searched words marked (escaped HTML)."""
    if not fiches:
        return {}
    if not texte.strip():
        return {f.pk: escape(f.resume) for f in fiches}
    options = (
        f"StartSel={DEBUT_SURLIGNAGE}, StopSel={FIN_SURLIGNAGE}, "
        "HighlightAll=true, MaxWords=80, MinWords=20"
    )
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT id, ts_headline(%s::regconfig, resume,"
            " websearch_to_tsquery(%s::regconfig, %s), %s)"
            " FROM pratiques_fiche WHERE id = ANY(%s)",
            [CONFIG_RECHERCHE, CONFIG_RECHERCHE, texte, options, [f.pk for f in fiches]],
        )
        return {pk: _marquer(extrait) for pk, extrait in curseur.fetchall()}


def _marquer(extrait: str) -> SafeString:
    html = escape(extrait).replace(DEBUT_SURLIGNAGE, "<mark>").replace(FIN_SURLIGNAGE, "</mark>")
    return mark_safe(html)  # noqa: S308 — escaped above, only our <mark> tags added


# --- Planner settings -----------------------------------------------------------------


@contextmanager
def reglages_de_recherche(texte: str):
    """Run a search's queries in a transaction of their own with two planner settings
    (SET LOCAL, so nothing leaks to other queries of the connection):

    - with words, no sequential scan. The planner prices `recherche @@ q` like any
      operator, but on a sequential scan it reads every search vector (kilobytes each,
      out of line in TOAST): a word found in most fiches made it scan and detoast the
      whole table (about 1 s at 100,000 fiches) where the GIN bitmap, which never
      reads the vectors, takes about 100 ms;
    - no JIT: compiling the plan of these large but short queries costs more (about
      40 ms) than it saves.

    Inside a transaction opened by the caller (tests, ATOMIC_REQUESTS) it does nothing:
    SET LOCAL would last until the caller's commit.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    reglages = ["set_config('jit', 'off', true)"]
    if texte.strip():
        reglages.append("set_config('enable_seqscan', 'off', true)")
    with transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute(f"SELECT {', '.join(reglages)}")  # noqa: S608 — fixed text
        yield


# --- A page of results ---------------------------------------------------------------


@dataclass
class Resultats:
    fiches: list[Fiche]
    extraits: dict[int, SafeString]
    comptes: Comptes
    page: int
    taille: int
    limite: int  # how far pages go: relevance ranks CANDIDATS fiches at most

    @property
    def nombre_de_pages(self) -> int:
        return max(1, -(-self.limite // self.taille))


def resultats(queryset: QuerySet, *, texte: str, tri: str, page: int, taille: int) -> Resultats:
    """Everything a results page shows, in a bounded number of queries whatever `taille`:
    counts (2), the page of fiches with their relations (4), the excerpts (1)."""
    with reglages_de_recherche(texte):
        comptes = compter(queryset)
        debut = (page - 1) * taille
        fiches = list(
            ordonner(queryset, texte=texte, tri=tri)
            .select_related("niveau_participation")
            .prefetch_related("thematiques", "territoires")[debut : debut + taille]
        )
    par_pertinence = bool(texte.strip()) and tri != "date"
    limite = min(comptes.total, CANDIDATS) if par_pertinence else comptes.total
    return Resultats(fiches, extraits(fiches, texte), comptes, page, taille, limite)


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
    fiche itself. One query (the territories around the fiche are a sub-select), plus
    one to prefetch the territories shown."""
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
    return list(
        Fiche.objects.publiees()
        .filter(thematiques_ids__overlap=fiche.thematiques_ids)
        .exclude(pk=fiche.pk)
        .annotate(
            thematiques_partagees=partages("thematiques_ids", fiche.thematiques_ids),
            formes_partagees=partages("formes_ids", fiche.formes_ids),
            proximite=proximite,
        )
        .annotate(score=2 * F("thematiques_partagees") + F("formes_partagees") + F("proximite"))
        .order_by("-score", "-publiee_le", "-pk")
        .prefetch_related("territoires")[:nombre]
    )
