"""The generator's words, read once from demo/data (described in demo/data/README.md).

Weights are relative frequencies of vocabulary codes; codes absent from them (added
later by national administrators) get the default weight of their use in referentiel.
Templates are French sentences with slots ({activite}, {public}, {nom}…) that
fiches.generer fills.
"""

import json
from pathlib import Path

DONNEES = Path(__file__).resolve().parents[1] / "data"


def _lire(nom: str):
    return json.loads((DONNEES / nom).read_text(encoding="utf-8"))


# Relative frequency of each vocabulary code, by vocabulary.
POIDS: dict[str, dict[str, int]] = _lire("poids.json")

# What fiches on each thématique talk about: activities (with their article), issues,
# and words.
THEMES: dict[str, dict[str, list[str]]] = _lire("themes.json")

_MOTS = _lire("mots.json")
NOMS: list[str] = _MOTS["noms"]  # the general vocabulary, most frequent first
LIEUX: list[str] = _MOTS["lieux"]
VERBES: list[str] = _MOTS["verbes"]
PROFESSIONNELS: list[str] = _MOTS["professionnels"]
FREQUENCES: list[str] = _MOTS["frequences"]
CONNECTEURS: list[str] = _MOTS["connecteurs"]
QUARTIERS: list[str] = _MOTS["quartiers"]
NOMS_ASSOCIATIONS: list[str] = _MOTS["noms_associations"]
FINANCEURS: list[str] = _MOTS["financeurs"]
ROLES_PARTENAIRES: list[str] = _MOTS["roles_partenaires"]
FONCTIONS_CONTACT: list[str] = _MOTS["fonctions_contact"]
MOTS_RESULTAT: list[str] = _MOTS["mots_resultat"]
# How the text names each public (unknown codes: their label in lower case).
NOMS_PUBLICS: dict[str, str] = _MOTS["noms_publics"]

_PHRASES = _lire("phrases.json")
TITRES: list[str] = _PHRASES["titres"]
# Text field → (templates, target length in characters before a random ±20 %).
LONGUEURS: dict[str, tuple[list[str], int]] = {
    champ: (modele["phrases"], modele["longueur"]) for champ, modele in _PHRASES["champs"].items()
}
# Optional text field → (templates, share of fiches that fill it).
FACULTATIFS: dict[str, tuple[list[str], float]] = {
    champ: (modele["phrases"], modele["part"]) for champ, modele in _PHRASES["facultatifs"].items()
}
