"""The import schema: the columns a partner's file may hold, derived from the
open-data CSV export (donnees.colonnes), so that an export can be imported back.

An importable column is an export column that carries a field of the fiche's content
(pratiques.contenu): a text, a code, a date, the territories, or one of the parallel
lists (partners, links, sources). Labels, addresses and dates of publication are the
platform's and are ignored on import. One column is added: `identifiant_externe`,
the partner's own identifier of the practice (an export's `slug` stands for it).
From `COLONNES_IMPORT` derive the reading of a row (imports.validation), the column
named by an error, and the Table Schema served to partners (`schema_table`).
"""

from dataclasses import dataclass

from donnees.colonnes import COLONNES, SEPARATEUR, Colonne
from pratiques import contenu as contenus

IDENTIFIANT = "identifiant_externe"
IDENTIFIANT_EXPORT = "slug"  # the export's identifier, read when the column above lacks

# Parallel lists: the content field, and the column of each key, in order.
LISTES = {
    "partenaires": {
        "nom": "partenaires_noms", "type": "partenaires_types", "role": "partenaires_roles",
    },
    "liens": {"url": "liens_urls", "titre": "liens_titres"},
    "sources": {"document": "sources_documents", "reference": "sources_references"},
}  # fmt: skip
SUFFIXES = ("_codes", "_code", "_references")


@dataclass(frozen=True)
class ColonneImport:
    nom: str
    champ: str  # the content field it fills (pratiques.contenu)
    colonne: Colonne | None  # its export column (None: identifiant_externe)
    cle: str = ""  # for a parallel list: the key of each element

    @property
    def multiple(self) -> bool:
        return self.champ in (*contenus.VOCABULAIRE_MULTIPLE, "territoires", *LISTES)

    @property
    def obligatoire(self) -> bool:
        return self.nom == IDENTIFIANT or (
            self.champ in contenus.REQUIS_POUR_SOUMETTRE and not self.cle
        )


def _champ(colonne: Colonne) -> tuple[str, str] | None:
    """(content field, list key) that an export column carries, or None."""
    for champ, cles in LISTES.items():
        for cle, nom in cles.items():
            if nom == colonne.nom:
                return champ, cle
    base = colonne.nom
    for suffixe in SUFFIXES:
        if base.endswith(suffixe):
            base = base.removesuffix(suffixe)
            break
    if base in contenus.TOUS_LES_CHAMPS and base not in LISTES:
        return base, ""
    return None


def _colonnes() -> list[ColonneImport]:
    colonnes = [ColonneImport(IDENTIFIANT, IDENTIFIANT, None)]
    for colonne in COLONNES:
        if trouve := _champ(colonne):
            colonnes.append(ColonneImport(colonne.nom, trouve[0], colonne, trouve[1]))
    return colonnes


COLONNES_IMPORT: list[ColonneImport] = _colonnes()
PAR_NOM = {colonne.nom: colonne for colonne in COLONNES_IMPORT}
# The column that shows a content field (for an error on the field); a parallel
# list's first column stands for the whole list.
COLONNE_DU_CHAMP: dict[str, str] = {}
for _colonne in COLONNES_IMPORT:
    COLONNE_DU_CHAMP.setdefault(_colonne.champ, _colonne.nom)


def colonne_du_champ(chemin: str) -> str:
    """The column of a content path: "titre", "partenaires[1].role", "thematiques"."""
    champ, _, reste = chemin.partition("[")
    if champ in LISTES and "]." in reste:
        return LISTES[champ].get(reste.split("].", 1)[1], COLONNE_DU_CHAMP.get(champ, champ))
    return COLONNE_DU_CHAMP.get(champ, champ)


def schema_table(*, url_documentation: str = "") -> dict:
    """The Table Schema of an import file (CSV; XLSX and JSON have the same columns)."""
    champs = [
        {
            "name": IDENTIFIANT,
            "title": "Identifiant externe",
            "type": "string",
            "format": "default",
            "description": "Votre identifiant de la pratique, stable d’un import à l’autre "
            "(200 caractères au plus). Un nouvel import de la même ligne met la fiche à jour. "
            f"À défaut, la colonne «\u00a0{IDENTIFIANT_EXPORT}\u00a0» d’un export en tient lieu.",
            "constraints": {"required": True, "unique": True, "maxLength": 200},
        }
    ]
    for colonne in COLONNES_IMPORT[1:]:
        champ = colonne.colonne.champ_schema()
        contraintes = dict(champ.get("constraints", {}))
        contraintes.pop("unique", None)
        contraintes.pop("required", None)
        if colonne.obligatoire:
            contraintes["required"] = True
        if contraintes:
            champ["constraints"] = contraintes
        else:
            champ.pop("constraints", None)
        champs.append(champ)
    schema = {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": "pratiques-inspirantes-import",
        "title": "Import de pratiques inspirantes par un partenaire",
        "description": "Une ligne par pratique. Fichier CSV (UTF-8, séparateur «\u00a0;\u00a0» "
        "ou «\u00a0,\u00a0»), XLSX (première feuille, en-têtes en première ligne) ou JSON (une "
        "liste d’objets). Les valeurs multiples d’une cellule sont séparées par "
        f"«\u00a0{SEPARATEUR.strip()}\u00a0». Les colonnes de l’export ouvert qui ne figurent "
        "pas ici (libellés, adresses, dates de publication) sont ignorées.",
        "fields": champs,
        "primaryKey": [IDENTIFIANT],
        "missingValues": [""],
    }
    if url_documentation:
        schema["homepage"] = url_documentation
    return schema
