"""The search facets, each declared once.

A facet is a filter of the search whose values are counted: thématique, forme, public,
participation, statut, région, département. Its declaration below says everything the
platform needs to know about it, and the rest is derived from `FACETTES`:

- the filters of pratiques.filters.RechercheFilter (the page, the feed, saved searches
  and the API), in the order of this list;
- the search page's filter groups, labels, "Tous…" choices and active-filter tags
  (decouverte.views.outils), the territory page's parameters;
- the API's OpenAPI parameters and its `facettes` object (pratiques.api);
- the counting SQL (`sql_valeur`, `sql_condition`) and the reading of its rows
  (pratiques.recherche.moteur);
- the triggers that keep IndexRecherche and CompteFacette (pratiques.recherche.declencheurs).

Adding a facet: a column on Fiche (kept by pratiques.services) and the same column on
IndexRecherche (the index trigger copies every IndexRecherche column from the fiche's
column of the same name), one declaration here, then `manage.py makemigrations`, which
writes the columns and the new triggers. See docs/conventions.md.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.db import models

from pratiques.models import (
    FormeIntervention,
    IndexRecherche,
    NiveauParticipation,
    Public,
    StatutAction,
    Thematique,
    Vocabulaire,
)
from territoires.models import Niveau

# The count key of every territory facet (IndexRecherche.zones_ids: the régions and
# départements a fiche lies in), in the counting statement and CompteFacette.
CLE_TERRITOIRE = "territoire"
# --- What the counts hold ---------------------------------------------------------------


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
class ValeursComptees:
    nom: str
    # (Valeur, count); for a facet of choices (statut), (the choice, count)
    valeurs: list[tuple[object, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Ligne:
    """A row of the counting statement for one value: its id or its text, and the
    labels the statement joined to it."""

    pk: int | None
    texte: str | None
    code: str | None
    libelle: str | None
    ordre: int | None
    niveau: str | None


# --- Declarations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Facette:
    """What every facet declares. `nom` is its GET parameter (page, feed, API), its key
    in the counts and in the API's `facettes`; `colonne` the IndexRecherche field its
    counts read (an integer array is unnested, a scalar grouped)."""

    nom: str
    libelle: str  # the filter's label on the page and in error messages
    libelle_actif: str  # "Thématique" in the active-filter tag "Thématique : Santé"
    colonne: str
    aide_api: str  # the OpenAPI description of the parameter
    aide_comptes: str  # the OpenAPI description of its counts ("Par thématique.")
    tous: str = ""  # the empty choice of a single-valued filter ("Tous les niveaux")
    multiple: bool = False  # several values, all required (an array column)

    @property
    def territoriale(self) -> bool:
        """A territory facet: on a territory's page, the territory is the page itself."""
        return False

    # -- counting (the statement's rows and CompteFacette are keyed by `cle_compte`)

    @property
    def cle_compte(self) -> str:
        return self.nom

    @property
    def champ(self) -> models.Field:
        return IndexRecherche._meta.get_field(self.colonne)

    @property
    def tableau(self) -> bool:
        """Counted by unnesting an array column (otherwise by grouping a scalar)."""
        return isinstance(self.champ, ArrayField)

    @property
    def en_texte(self) -> bool:
        """Its counted values are text (a choice's code), not ids."""
        return False

    def valeur_comptee(self, ligne: Ligne):
        """The value a row of the counts stands for, None when the row is another
        facet's (facets sharing a count key)."""
        raise NotImplementedError

    def ranger(self, valeurs: list[tuple[object, int]]) -> list[tuple[object, int]]:
        return valeurs

    # -- showing a value: `objet` is a counted value or the filter's cleaned value

    def code(self, objet) -> str:
        return objet.code

    def libelle_de(self, objet) -> str:
        return objet.libelle

    def libelle_option(self, objet) -> str:
        """Its label among the filter's options on the search page."""
        return self.libelle_de(objet)

    def libelle_filtre_actif(self, objet) -> str:
        return f"{self.libelle_actif}\u00a0: {self.libelle_de(objet)}"

    def codes_permis(self) -> list[str] | None:
        """Every accepted code when they are fixed (an OpenAPI enum), else None."""
        return None

    @property
    def a_cocher(self) -> bool:
        """Shown as checkboxes on the search page (otherwise a select)."""
        return self.multiple

    # -- the SQL of its counts, over the rows `alias` (the counting scan, the triggers)

    def sql_valeur(self, alias: str) -> str:
        """The counted value of a row (scalar facets; arrays are unnested)."""
        colonne = f"{alias}.{self.champ.column}"
        return colonne if self.en_texte else f"{colonne}::text"

    def sql_condition(self, alias: str) -> str | None:
        """Which rows have a value, None when all have one."""
        return f"{alias}.{self.champ.column} IS NOT NULL" if self.champ.null else None


@dataclass(frozen=True)
class FacetteVocabulaire(Facette):
    """Values from a vocabulary table (pratiques.models.Vocabulaire), by code."""

    vocabulaire: type[Vocabulaire] | None = None

    def valeur_comptee(self, ligne: Ligne) -> Valeur:
        return Valeur(ligne.pk, ligne.code, ligne.libelle, ligne.ordre)

    def ranger(self, valeurs):
        return sorted(valeurs, key=lambda v: (v[0].ordre, v[0].libelle))


@dataclass(frozen=True)
class FacetteChoix(Facette):
    """Values from fixed choices (a TextChoices), stored as their code."""

    choix: type[models.TextChoices] | None = None

    @property
    def en_texte(self) -> bool:
        return True

    def valeur_comptee(self, ligne: Ligne):
        return self.choix(ligne.texte)

    def ranger(self, valeurs):
        ordre = list(self.choix)
        return sorted(valeurs, key=lambda v: ordre.index(v[0]))

    def code(self, objet) -> str:
        return self.choix(objet).value

    def libelle_de(self, objet) -> str:
        return str(self.choix(objet).label)

    def codes_permis(self) -> list[str]:
        return list(self.choix.values)


@dataclass(frozen=True)
class FacetteTerritoire(Facette):
    """The fiches inside a territory of one level, by its INSEE code. Every territory
    facet counts from the same column (the régions and départements a fiche lies in),
    under one key, each keeping its level's rows."""

    niveau: str = ""

    @property
    def territoriale(self) -> bool:
        return True

    @property
    def cle_compte(self) -> str:
        return CLE_TERRITOIRE

    def valeur_comptee(self, ligne: Ligne) -> Valeur | None:
        if ligne.niveau != self.niveau:
            return None
        return Valeur(ligne.pk, ligne.code, ligne.libelle, niveau=ligne.niveau)

    def ranger(self, valeurs):
        return sorted(valeurs, key=lambda v: v[0].code)

    def libelle_de(self, objet) -> str:
        return objet.nom


@dataclass(frozen=True)
class FacetteDepartement(FacetteTerritoire):
    """Shown with its code: "59 – Nord" among the options, "Nord (59)" when applied."""

    def libelle_option(self, objet) -> str:
        return f"{objet.code} – {objet.nom}"

    def libelle_filtre_actif(self, objet) -> str:
        return f"{self.libelle_actif}\u00a0: {objet.nom} ({objet.code})"


@dataclass(frozen=True)
class FacetteOui(Facette):
    """A condition a fiche meets or not (carried by a collectif, prize-winner, taken up
    elsewhere…): one value, `oui`, counting the fiches that meet it. The condition is
    its IndexRecherche column being true (a boolean), above zero (a count) or set (any
    other column). Shown as
    one checkbox labelled `libelle_oui`; in the API, `?nom=oui`."""

    libelle_oui: str = ""
    OUI = "oui"

    @property
    def en_texte(self) -> bool:
        return True

    @property
    def a_cocher(self) -> bool:
        return True

    def sql_valeur(self, alias: str) -> str:
        return f"'{self.OUI}'::text"

    def sql_condition(self, alias: str) -> str:
        colonne = f"{alias}.{self.champ.column}"
        if isinstance(self.champ, models.BooleanField):
            return f"{colonne} IS TRUE"
        if isinstance(self.champ, models.PositiveIntegerField):
            return f"{colonne} > 0"
        return f"{colonne} IS NOT NULL"

    def lookup(self) -> dict:
        """The Django lookup of the condition (the filter)."""
        if isinstance(self.champ, models.BooleanField):
            return {self.champ.name: True}
        if isinstance(self.champ, models.PositiveIntegerField):
            return {f"{self.champ.name}__gt": 0}
        return {f"{self.champ.name}__isnull": False}

    def valeur_comptee(self, ligne: Ligne) -> str | None:
        return self.OUI if ligne.texte == self.OUI else None

    def code(self, objet) -> str:
        return self.OUI

    def libelle_de(self, objet) -> str:
        return self.libelle_oui

    def libelle_filtre_actif(self, objet) -> str:
        return f"{self.libelle_actif}\u00a0: oui"

    def codes_permis(self) -> list[str]:
        return [self.OUI]


FACETTES: list[Facette] = [
    FacetteVocabulaire(
        "thematique",
        libelle="Thématiques",
        libelle_actif="Thématique",
        colonne="thematiques_ids",
        vocabulaire=Thematique,
        multiple=True,
        aide_api="Code de thématique ; répéter le paramètre pour exiger plusieurs "
        "thématiques (toutes doivent être présentes).",
        aide_comptes="Par thématique.",
    ),
    FacetteVocabulaire(
        "forme",
        libelle="Formes d’intervention collective",
        libelle_actif="Forme",
        colonne="formes_ids",
        vocabulaire=FormeIntervention,
        multiple=True,
        aide_api="Code de forme d’intervention collective ; répétable (toutes exigées).",
        aide_comptes="Par forme d’intervention collective.",
    ),
    FacetteVocabulaire(
        "public",
        libelle="Publics",
        libelle_actif="Public",
        colonne="publics_ids",
        vocabulaire=Public,
        multiple=True,
        aide_api="Code de public ; répétable (tous exigés).",
        aide_comptes="Par public.",
    ),
    FacetteVocabulaire(
        "participation",
        libelle="Niveau de participation",
        libelle_actif="Participation",
        colonne="niveau_participation",
        vocabulaire=NiveauParticipation,
        tous="Tous les niveaux",
        aide_api="Code du niveau de participation : `information`, `consultation`, "
        "`co_construction` ou `codecision`.",
        aide_comptes="Par niveau de participation.",
    ),
    FacetteChoix(
        "statut",
        libelle="Statut de l’action",
        libelle_actif="Statut",
        colonne="statut_action",
        choix=StatutAction,
        tous="Tous les statuts",
        aide_api="Code du statut de l’action.",
        aide_comptes="Par statut de l’action.",
    ),
    FacetteTerritoire(
        "region",
        libelle="Région",
        libelle_actif="Région",
        colonne="zones_ids",
        niveau=Niveau.REGION,
        tous="Toutes les régions",
        aide_api="Code INSEE d’une région (`32`) : les fiches situées dans la région.",
        aide_comptes="Par région.",
    ),
    FacetteDepartement(
        "departement",
        libelle="Département",
        libelle_actif="Département",
        colonne="zones_ids",
        niveau=Niveau.DEPARTEMENT,
        tous="Tous les départements",
        aide_api="Code INSEE d’un département (`59`, `2A`, `974`) : les fiches situées "
        "dans le département.",
        aide_comptes="Par département.",
    ),
    FacetteOui(
        "collectif",
        libelle="Collectif local",
        libelle_actif="Portée par un collectif",
        libelle_oui="Portée par un collectif",
        colonne="collectif",
        aide_api="`oui` : les fiches portées par un collectif local de développement social.",
        aide_comptes="Fiches portées par un collectif (`oui`).",
    ),
    FacetteOui(
        "laureate",
        libelle="Prix",
        libelle_actif="Lauréate du prix",
        libelle_oui="Lauréate du prix",
        colonne="laureate",
        aide_api="`oui` : les fiches lauréates du prix départemental ou national.",
        aide_comptes="Fiches lauréates du prix (`oui`).",
    ),
    FacetteOui(
        "reprise",
        libelle="Reprise ailleurs",
        libelle_actif="Reprise ailleurs",
        libelle_oui="Reprise ailleurs",
        colonne="nb_reprises",
        aide_api="`oui` : les fiches dont l’approche a été reprise ailleurs (au moins une "
        "reprise publiée).",
        aide_comptes="Fiches reprises ailleurs (`oui`).",
    ),
]
PAR_NOM: dict[str, Facette] = {facette.nom: facette for facette in FACETTES}


def comptees() -> list[Facette]:
    """One facet per count key (the first declared), in the order of FACETTES: what
    the counting statement and CompteFacette's trigger count."""
    vues: dict[str, Facette] = {}
    for facette in FACETTES:
        vues.setdefault(facette.cle_compte, facette)
    return list(vues.values())


def vocabulaires() -> dict[str, type[Vocabulaire]]:
    """Count key → vocabulary table, for the labels of counted ids."""
    return {f.cle_compte: f.vocabulaire for f in FACETTES if isinstance(f, FacetteVocabulaire)}


def niveaux_territoriaux() -> list[str]:
    """The levels of the territory facets (the régions and départements a fiche lies
    in: IndexRecherche.zones_ids)."""
    return [f.niveau for f in FACETTES if isinstance(f, FacetteTerritoire)]
