"""Reading an import file (CSV, XLSX, JSON) into rows: {column name: text}.

Every format gives the same thing: the header (column names, stripped) and, per data
row, a dict of its non-empty cells as text. A list in a JSON value is joined with the
schema's separator, as a CSV cell would hold it. A file that cannot be read raises
FichierIllisible with a French message saying why; nothing is guessed silently.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from donnees.colonnes import SEPARATEUR


class FichierIllisible(Exception):
    """The file as a whole cannot be read (message in French)."""


@dataclass
class Contenu:
    colonnes: list[str]
    lignes: list[dict[str, str]]


def _texte(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, datetime):
        return (
            valeur.date().isoformat()
            if valeur.time() == datetime.min.time()
            else valeur.isoformat()
        )
    if isinstance(valeur, date):
        return valeur.isoformat()
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    if isinstance(valeur, list):
        return SEPARATEUR.join(_texte(v) for v in valeur)
    if isinstance(valeur, dict):
        raise FichierIllisible(
            "Une valeur JSON est un objet\u00a0: chaque colonne attend du texte ou une liste."
        )
    return str(valeur).strip()


def _ligne(colonnes: list[str], valeurs) -> dict[str, str]:
    return {
        nom: texte
        for nom, valeur in zip(colonnes, valeurs, strict=False)
        if nom and (texte := _texte(valeur))
    }


def _entetes(valeurs) -> list[str]:
    colonnes = [_texte(v).lstrip("\ufeff").strip() for v in valeurs]
    if not any(colonnes):
        raise FichierIllisible("La première ligne du fichier doit porter le nom des colonnes.")
    doubles = sorted({c for c in colonnes if c and colonnes.count(c) > 1})
    if doubles:
        raise FichierIllisible(f"Colonnes en double dans l’en-tête\u00a0: {', '.join(doubles)}.")
    return colonnes


def lire_csv(donnees: bytes) -> Contenu:
    try:
        texte = donnees.decode("utf-8-sig")
    except UnicodeDecodeError as erreur:
        raise FichierIllisible(
            "Le fichier CSV n’est pas encodé en UTF-8 (octet illisible en position "
            f"{erreur.start})\u00a0: enregistrez-le en «\u00a0CSV UTF-8\u00a0»."
        ) from erreur
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") > premiere.count(",") else ","
    try:
        lignes = list(csv.reader(io.StringIO(texte, newline=""), delimiter=separateur))
    except csv.Error as erreur:
        raise FichierIllisible(f"Le fichier CSV est mal formé\u00a0: {erreur}.") from erreur
    if not lignes:
        raise FichierIllisible("Le fichier est vide.")
    colonnes = _entetes(lignes[0])
    return Contenu(
        colonnes,
        [_ligne(colonnes, valeurs) for valeurs in lignes[1:] if any(v.strip() for v in valeurs)],
    )


def lire_xlsx(donnees: bytes) -> Contenu:
    from openpyxl import load_workbook

    try:
        classeur = load_workbook(io.BytesIO(donnees), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as erreur:
        raise FichierIllisible("Le fichier n’est pas un classeur Excel (XLSX) lisible.") from erreur
    try:
        lignes = classeur.worksheets[0].iter_rows(values_only=True)
        entete = next(lignes, None)
        if entete is None:
            raise FichierIllisible("Le fichier est vide.")
        colonnes = _entetes(entete)
        resultat = [
            _ligne(colonnes, valeurs)
            for valeurs in lignes
            if any(v not in (None, "") for v in valeurs)
        ]
    finally:
        classeur.close()
    return Contenu(colonnes, resultat)


def lire_json(donnees: bytes) -> Contenu:
    try:
        objets = json.loads(donnees.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as erreur:
        raise FichierIllisible(f"Le fichier JSON est mal formé\u00a0: {erreur}.") from erreur
    if isinstance(objets, dict) and isinstance(objets.get("pratiques"), list):
        objets = objets["pratiques"]
    if not isinstance(objets, list) or not all(isinstance(o, dict) for o in objets):
        raise FichierIllisible(
            "Le fichier JSON doit être une liste d’objets (une pratique par objet), ou un "
            "objet dont la clé «\u00a0pratiques\u00a0» est cette liste."
        )
    colonnes = list(dict.fromkeys(str(cle).strip() for objet in objets for cle in objet))
    return Contenu(
        colonnes, [{str(k).strip(): t for k, v in o.items() if (t := _texte(v))} for o in objets]
    )


LECTEURS = {"csv": lire_csv, "xlsx": lire_xlsx, "json": lire_json}


def format_du_nom(nom: str) -> str | None:
    """The format of a file from its name's extension, None if not supported."""
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else ""
    return extension if extension in LECTEURS else None


def lire(donnees: bytes, format: str) -> Contenu:
    return LECTEURS[format](donnees)
