"""The columns of the CSV export, each declared once.

A column says its name (the CSV header), its label, its Table Schema type, its
description, where its cell is read in a fiche as the API shows it (a field of the
JSON of pratiques.api.representation and a path inside it, so the CSV can never say
something the API does not), and, for coded values, its vocabulary and the search
parameter that filters on it. From `COLONNES` derive:

- the CSV writer (donnees.export): the header row, then one row per fiche, each cell
  computed by PostgreSQL from the API's field (`Colonne.sql`) in the statement that
  builds that field;
- the Table Schema served at /donnees/schema.json (`schema_table`);
- the codebook page /donnees/dictionnaire/ (donnees.views).

Several values in one cell are joined with `SEPARATEUR`; in free text (partners,
links, sources, documents) a value holding the separator has it replaced by " / ", so
that splitting a cell on the separator always gives the values back. Parallel columns
(`partenaires_noms`, `partenaires_types`, `partenaires_roles`) hold as many values, in
the same order, an empty one where the fiche has none.
"""

from dataclasses import dataclass
from itertools import groupby

from django.db import connection, models

from pratiques.api.serializers import LICENCES
from pratiques.models import (
    Budget,
    Echelle,
    FormeIntervention,
    MethodeEvaluation,
    NiveauParticipation,
    PrecisionDate,
    Public,
    StatutAction,
    Thematique,
    TypeStructure,
    Vocabulaire,
)

SEPARATEUR = " | "
REMPLACEMENT = " / "


@dataclass(frozen=True)
class Colonne:
    nom: str
    libelle: str
    type: str  # Table Schema type: string, date, datetime
    description: str
    # The cell: the API's field `cle`, and inside it the path `dans` (keys of objects);
    # multiple: the field is a list, the path is taken in each element and the values
    # joined with SEPARATEUR. A missing value (null) is an empty cell.
    cle: str
    dans: tuple[str, ...] = ()
    multiple: bool = False
    obligatoire: bool = False
    format: str = "default"  # Table Schema format ("uri" for an address)
    # Coded values: the vocabulary (a table or fixed choices) and, when the search
    # filters on it, the search parameter.
    vocabulaire: type[Vocabulaire] | type[models.TextChoices] | None = None
    parametre: str | None = None
    unique: bool = False

    def sql(self, alias: str) -> str:
        """Its cell in SQL, from the row `alias` of the API's fields (text for a text
        field, json for an object or a list)."""
        champ = f"{alias}.{connection.ops.quote_name(self.cle)}"
        if self.multiple:
            return f"{_cellules_de_liste([self], champ)}[1]"
        return f"coalesce({_chemin(champ, self.dans) if self.dans else champ}, '')"

    def valeurs(self) -> list[tuple[str, str]]:
        """(code, label) of every value of its vocabulary, in its order."""
        if self.vocabulaire is None:
            return []
        if issubclass(self.vocabulaire, models.TextChoices):
            return [(code, str(libelle)) for code, libelle in self.vocabulaire.choices]
        return list(
            self.vocabulaire.objects.order_by("ordre", "libelle").values_list("code", "libelle")
        )

    def champ_schema(self) -> dict:
        """Its field in the Table Schema."""
        champ = {
            "name": self.nom,
            "title": self.libelle,
            "type": self.type,
            "format": self.format,
            "description": self.description,
        }
        contraintes = {}
        if self.obligatoire:
            contraintes["required"] = True
        if self.unique:
            contraintes["unique"] = True
        codes = [code for code, _ in self.valeurs()]
        if codes and self.multiple:
            un = "(?:" + "|".join(_echapper(code) for code in codes) + ")"
            contraintes["pattern"] = f"{un}(?:{_echapper(SEPARATEUR)}{un})*"
        elif codes:
            contraintes["enum"] = codes
        if contraintes:
            champ["constraints"] = contraintes
        return champ


def _echapper(texte: str) -> str:
    """A regular-expression literal (XSD-like patterns: no Python-only escapes)."""
    return "".join(f"\\{c}" if c in r".^$*+?()[]{}|\-" else c for c in texte)


# --- Reading the API's JSON in SQL --------------------------------------------------------


def _litteral(texte: str) -> str:
    return "'" + texte.replace("'", "''") + "'"


_SQL_SEP, _SQL_REMP = _litteral(SEPARATEUR), _litteral(REMPLACEMENT)


def _cellules_de_liste(colonnes: list[Colonne], champ: str) -> str:
    """The cells of list columns over the same field `champ` (a JSON list), as a
    text[] in their order, from one reading of the list."""
    cellules = ", ".join(
        f"coalesce(string_agg(replace(coalesce({_chemin('e', c.dans)}, ''), {_SQL_SEP}, "
        f"{_SQL_REMP}), {_SQL_SEP} ORDER BY rang), '')"
        for c in colonnes
    )
    return f"""(SELECT ARRAY[{cellules}]
            FROM json_array_elements({champ}) WITH ORDINALITY AS l(e, rang))"""  # noqa: S608 — names of ours


def sql_des_cellules(alias: str) -> tuple[list[str], list[str]]:
    """Every cell of a row, in SQL over the row `alias` of the API's fields, in two
    select lists: the first computes each cell, or for consecutive list columns over
    the same field (codes and labels, names, types and roles…) their cells at once
    (`_cellules_de_liste`: the list read once), named g0, g1…; the second, over the
    first, gives the cells in the order of COLONNES."""
    calculs, cellules = [], []
    for (cle, multiple), groupe in groupby(COLONNES, key=lambda c: (c.cle, c.multiple)):
        groupe = list(groupe)
        if multiple and len(groupe) > 1:
            nom = f"g{len(calculs)}"
            champ = f"{alias}.{connection.ops.quote_name(cle)}"
            calculs.append(f"{_cellules_de_liste(groupe, champ)} AS {nom}")
            cellules += [f"{nom}[{rang}]" for rang in range(1, len(groupe) + 1)]
            continue
        for colonne in groupe:
            nom = f"g{len(calculs)}"
            calculs.append(f"{colonne.sql(alias)} AS {nom}")
            cellules.append(nom)
    return calculs, cellules


def _chemin(json: str, cles: tuple[str, ...]) -> str:
    """The text at the path `cles` (at least one) in the JSON value `json`; null when
    a value on the way is null or missing."""
    *avant, derniere = (_litteral(cle) for cle in cles)
    return f"({json}{''.join(f' -> {cle}' for cle in avant)} ->> {derniere})"


# --- Declarations -------------------------------------------------------------------------


def texte(cle: str, libelle: str, description: str, type: str = "string", **options) -> Colonne:
    """A field shown as the API shows it (text, date, address)."""
    return Colonne(cle, libelle, type, description, cle, **options)


def code_et_libelle(
    cle: str, libelle: str, description: str, vocabulaire, **options
) -> list[Colonne]:
    """A coded value ({code, libelle} in the API): its code, then its label."""
    return [
        Colonne(
            f"{cle}_code",
            f"{libelle} (code)",
            "string",
            f"{description} Code stable de la valeur.",
            cle,
            ("code",),
            vocabulaire=vocabulaire,
            **options,
        ),
        Colonne(
            f"{cle}_libelle",
            f"{libelle} (libellé)",
            "string",
            f"{description} Libellé en français de la valeur.",
            cle,
            ("libelle",),
        ),
    ]


def codes_et_libelles(
    cle: str, libelle: str, description: str, vocabulaire, parametre
) -> list[Colonne]:
    """Several coded values: their codes, then their labels, in the same order."""
    return [
        Colonne(
            f"{cle}_codes",
            f"{libelle} (codes)",
            "string",
            f"{description} Codes, séparés par «\u00a0{SEPARATEUR.strip()}\u00a0».",
            cle,
            ("code",),
            multiple=True,
            vocabulaire=vocabulaire,
            parametre=parametre,
        ),
        Colonne(
            f"{cle}_libelles",
            f"{libelle} (libellés)",
            "string",
            f"{description} Libellés, dans l’ordre des codes.",
            cle,
            ("libelle",),
            multiple=True,
        ),
    ]


def liste(nom: str, cle: str, sous_cle: str, libelle: str, description: str, **options) -> Colonne:
    return Colonne(
        nom,
        libelle,
        "string",
        description,
        cle,
        (sous_cle,),
        multiple=True,
        **options,
    )


COLONNES: list[Colonne] = [
    texte("slug", "Identifiant", "Identifiant stable de la fiche, dans ses adresses.",
          obligatoire=True, unique=True),
    texte("page", "Page de la fiche", "Adresse de la fiche sur le site.", format="uri",
          obligatoire=True),
    texte("url", "Fiche dans l’API", "Adresse de la fiche dans l’API (JSON).", format="uri",
          obligatoire=True),
    texte("titre", "Titre", "Titre de la pratique (200 caractères au plus).", obligatoire=True),
    texte("resume", "Résumé", "Résumé en texte brut (600 caractères au plus).", obligatoire=True),
    *codes_et_libelles("thematiques", "Thématiques", "Thématiques (au moins une).",
                       Thematique, "thematique"),
    *codes_et_libelles("formes_intervention", "Formes d’intervention collective",
                       "Formes d’intervention collective (au moins une).",
                       FormeIntervention, "forme"),
    *codes_et_libelles("publics", "Publics", "Publics visés (facultatif).", Public, "public"),
    *code_et_libelle("niveau_participation", "Niveau de participation",
                     "Niveau de participation des personnes.", NiveauParticipation,
                     parametre="participation"),
    liste("territoires_references", "territoires", "reference", "Territoires (références)",
          "Territoires d’action, chacun en «\u00a0niveau:code\u00a0» (code INSEE\u00a0; "
          "par exemple «\u00a0commune:59350\u00a0», «\u00a0departement:2A\u00a0», "
          "«\u00a0pays:FR\u00a0»).", obligatoire=True),
    liste("territoires_noms", "territoires", "nom", "Territoires (noms)",
          "Noms des territoires d’action, dans l’ordre des références."),
    *code_et_libelle("echelle", "Échelle", "Échelle de l’action.", Echelle),
    texte("quartier", "Quartier", "Quartier où se déroule l’action."),
    texte("contexte", "Contexte", "Contexte et diagnostic de départ."),
    texte("objectifs", "Objectifs", "Objectifs de l’action."),
    texte("description", "Description", "Description et déroulement (les étapes)."),
    texte("porteur_nom", "Porteur", "Nom de la structure qui porte l’action."),
    *code_et_libelle("porteur_type", "Type de porteur", "Type de la structure porteuse.",
                     TypeStructure),
    liste("partenaires_noms", "partenaires", "nom", "Partenaires (noms)",
          "Structures partenaires, dans l’ordre de la fiche."),
    Colonne("partenaires_types", "Partenaires (types)", "string",
            "Type de chaque partenaire (code), dans l’ordre des noms\u00a0; vide s’il n’est pas "
            "renseigné.", "partenaires", ("type", "code"), multiple=True),
    liste("partenaires_roles", "partenaires", "role", "Partenaires (rôles)",
          "Rôle de chaque partenaire, dans l’ordre des noms\u00a0; vide s’il n’est pas renseigné."),
    texte("moyens_humains", "Moyens humains", "Moyens humains."),
    texte("moyens_financiers", "Moyens financiers", "Moyens financiers."),
    *code_et_libelle("budget", "Budget", "Ordre de grandeur du budget.", Budget),
    texte("financeurs", "Financeurs", "Financeurs."),
    texte("moyens_materiels", "Moyens matériels", "Moyens matériels."),
    texte("impacts_organisationnels", "Impacts organisationnels", "Impacts organisationnels."),
    texte("leviers", "Leviers", "Leviers et conditions de réussite."),
    texte("freins", "Freins", "Freins et difficultés rencontrées."),
    texte("resultats", "Résultats", "Résultats et évaluation."),
    *code_et_libelle("methode_evaluation", "Méthode d’évaluation", "Méthode d’évaluation.",
                     MethodeEvaluation),
    texte("reproduire_prerequis", "Prérequis", "Pour reproduire la démarche\u00a0: prérequis."),
    texte("reproduire_premieres_etapes", "Premières étapes",
          "Pour reproduire la démarche\u00a0: premières étapes."),
    texte("reproduire_ecueils", "Écueils", "Pour reproduire la démarche\u00a0: écueils à éviter."),
    texte("origine", "Origine", "Qui est à l’origine de l’action."),
    texte("beneficiaires", "Bénéficiaires", "Qui en bénéficie, et comment."),
    texte("personnage_principal", "Personnage principal",
          "Qui en est le «\u00a0personnage principal\u00a0»."),
    *code_et_libelle("statut_action", "Statut de l’action", "Statut de l’action.",
                     StatutAction, parametre="statut"),
    texte("date_debut", "Date de début", "Date de début (AAAA-MM-JJ), à lire avec sa précision.",
          type="date"),
    Colonne("date_debut_precision", "Précision de la date de début", "string",
            "«\u00a0mois\u00a0»\u00a0: seuls l’année et le mois sont connus\u00a0; "
            "«\u00a0annee\u00a0»\u00a0: l’année seule.",
            "date_debut_precision", ("code",), vocabulaire=PrecisionDate),
    texte("date_fin", "Date de fin", "Date de fin (AAAA-MM-JJ), à lire avec sa précision.",
          type="date"),
    Colonne("date_fin_precision", "Précision de la date de fin", "string",
            "Précision de la date de fin, comme celle de la date de début.",
            "date_fin_precision", ("code",), vocabulaire=PrecisionDate),
    texte("duree_rythme", "Durée et rythme", "Durée et rythme de l’action."),
    texte("contact_structure", "Structure à contacter", "Structure à contacter."),
    texte("contact_role", "Fonction du contact",
          "Fonction de la personne à contacter (jamais son nom)."),
    texte("contact_formulaire", "Formulaire de contact",
          "Formulaire du site qui transmet un message au contact\u00a0; vide s’il n’y a pas de "
          "contact. L’adresse e-mail du contact n’est jamais diffusée.", format="uri"),
    liste("liens_urls", "liens", "url", "Liens (adresses)", "Liens utiles, tels que saisis."),
    liste("liens_titres", "liens", "titre", "Liens (intitulés)",
          "Intitulé de chaque lien, dans l’ordre des adresses."),
    liste("documents_urls", "documents", "url", "Documents (adresses)",
          "Adresses de téléchargement des documents joints (PDF ou images)."),
    liste("documents_titres", "documents", "titre", "Documents (titres)",
          "Titre de chaque document, dans l’ordre des adresses."),
    liste("sources_documents", "sources", "document", "Sources (documents)",
          "Documents sources de la fiche (rapport, article…)."),
    liste("sources_references", "sources", "reference", "Sources (emplacements)",
          "Emplacement dans chaque document source (page, lignes…), dans le même ordre."),
    texte("commentaires", "Commentaires", "Commentaires."),
    texte("publiee_le", "Publiée le", "Date et heure de la première publication (ISO 8601).",
          type="datetime", obligatoire=True),
    texte("modifiee_le", "Modifiée le",
          "Date et heure de la dernière modification publiée (ISO 8601).", type="datetime",
          obligatoire=True),
    Colonne("licence", "Licence", "string", "Licence de réutilisation du contenu (code).",
            "licence", ("code",), obligatoire=True,
            vocabulaire=None),
    Colonne("licence_url", "Texte de la licence", "string", "Adresse du texte de la licence.",
            "licence", ("url",), format="uri"),
    texte("a_jour_le", "À jour le",
          "Date et heure à laquelle les informations étaient à jour (ISO 8601) : la plus "
          "récente de la dernière modification publiée et de la dernière confirmation "
          "« toujours d’actualité ».", type="datetime", obligatoire=True),
]  # fmt: skip

NOMS = [colonne.nom for colonne in COLONNES]
if len(set(NOMS)) != len(NOMS):
    raise RuntimeError("donnees.colonnes: two columns share a name")


LICENCE = LICENCES["etalab-2.0"]


def schema_table(*, url_dictionnaire: str = "") -> dict:
    """The Table Schema (https://specs.frictionlessdata.io/table-schema/) of the CSV."""
    schema = {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": "pratiques-inspirantes",
        "title": "Pratiques inspirantes du travail social collectif",
        "description": "Une ligne par fiche publiée. Les valeurs multiples d’une cellule "
        f"sont séparées par «\u00a0{SEPARATEUR.strip()}\u00a0» (espace, barre verticale, espace).",
        "licenses": [{"name": "etalab-2.0", "title": LICENCE[0], "path": LICENCE[1]}],
        "fields": [colonne.champ_schema() for colonne in COLONNES],
        "primaryKey": ["slug"],
        "missingValues": [""],
    }
    if url_dictionnaire:
        schema["homepage"] = url_dictionnaire
    return schema
