"""What a list of fiches shows (_resultat.html, _carte_fiche.html): the fiche's own
columns, its thématiques' labels and territories' names read through its id arrays,
and its summary as an excerpt with the searched words highlighted — in the same query
as the fiches (`a_afficher`), or inside the search's counting statement
(pratiques.recherche.moteur, read back by `fiche_affichee`)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pratiques import actualite
from pratiques.models import CONFIG_RECHERCHE, Fiche
from pratiques.recherche.requete import TSQUERY, parametres

DEBUT_SURLIGNAGE, FIN_SURLIGNAGE = "\x02", "\x03"

COLONNES_LISTE = ["pk", "slug", "titre", "resume", "publiee_le", "nb_reprises"]
LIBELLES_THEMATIQUES = (
    "ARRAY(SELECT v.libelle FROM pratiques_thematique v"
    " WHERE v.id = ANY(pratiques_fiche.thematiques_ids) ORDER BY v.ordre, v.libelle)"
)
NOMS_TERRITOIRES = (
    "ARRAY(SELECT t.nom FROM territoires_territoire t"
    " WHERE t.id = ANY(pratiques_fiche.territoires_ids) ORDER BY t.nom)"
)
EXTRAIT = f"ts_headline(%s::regconfig, pratiques_fiche.resume, {TSQUERY}, %s)"
OPTIONS_SURLIGNAGE = (
    f"StartSel={DEBUT_SURLIGNAGE}, StopSel={FIN_SURLIGNAGE}, "
    "HighlightAll=true, MaxWords=80, MinWords=20"
)


def parametres_extrait(texte: str) -> list:
    """The parameters of EXTRAIT for the searched `texte`."""
    return [CONFIG_RECHERCHE, *parametres(texte), OPTIONS_SURLIGNAGE]


def a_afficher(fiches: QuerySet, texte: str = "") -> list[Fiche]:
    """The fiches of `fiches` (in its order) with what a list shows, in one query:
    `libelles_thematiques`, `noms_territoires` and `extrait`, the summary as escaped
    HTML with the searched words marked."""
    annotations = {
        "libelles_thematiques": RawSQL(LIBELLES_THEMATIQUES, []),  # noqa: S611 — fixed SQL
        "noms_territoires": RawSQL(NOMS_TERRITOIRES, []),  # noqa: S611 — fixed SQL
        "a_jour_le": actualite.A_JOUR_LE,
    }
    if texte.strip():
        annotations["extrait_brut"] = RawSQL(EXTRAIT, parametres_extrait(texte))  # noqa: S611 — values are parameters
    liste = list(fiches.only(*COLONNES_LISTE).annotate(**annotations))
    for fiche in liste:
        brut = getattr(fiche, "extrait_brut", None)
        fiche.extrait = marquer(brut) if brut is not None else escape(fiche.resume)
        fiche.informations_anciennes = actualite.informations_anciennes(fiche.a_jour_le)
    return liste


def marquer(extrait: str) -> SafeString:
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
    nb_reprises: int = 0
    a_jour_le: datetime | None = None

    @property
    def informations_anciennes(self) -> bool:
        return actualite.informations_anciennes(self.a_jour_le)


def fiche_affichee(donnees: dict) -> FicheAffichee:
    """A FicheAffichee from the JSON object the counting statement builds
    (`JSON_FICHE`)."""
    brut = donnees["extrait"]
    return FicheAffichee(
        pk=donnees["id"],
        slug=donnees["slug"],
        titre=donnees["titre"],
        resume=donnees["resume"],
        publiee_le=datetime.fromisoformat(donnees["publiee_le"]),
        libelles_thematiques=donnees["thematiques"],
        noms_territoires=donnees["territoires"],
        extrait=marquer(brut) if brut is not None else escape(donnees["resume"]),
        a_jour_le=datetime.fromisoformat(donnees["a_jour_le"]),
        nb_reprises=donnees["nb_reprises"],
    )


def json_fiche(texte: str) -> str:
    """SQL of the JSON object `fiche_affichee` reads, for the row `pratiques_fiche`;
    with words, the excerpt takes the parameters `parametres_extrait(texte)`."""
    extrait = EXTRAIT if texte.strip() else "NULL"
    return f"""json_build_object(
                'id', pratiques_fiche.id, 'slug', pratiques_fiche.slug,
                'titre', pratiques_fiche.titre, 'resume', pratiques_fiche.resume,
                'publiee_le', pratiques_fiche.publiee_le,
                'nb_reprises', pratiques_fiche.nb_reprises,
                'thematiques', {LIBELLES_THEMATIQUES}, 'territoires', {NOMS_TERRITOIRES},
                'a_jour_le', {actualite.sql_a_jour_le("pratiques_fiche")},
                'extrait', {extrait})"""
