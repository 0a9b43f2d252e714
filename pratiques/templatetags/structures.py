"""How a structure (a fiche's porteur) is named on a page: its name and its type, the
type left out when the name already says it ("Solidarimmo (ASBL)", not
"Solidarimmo (ASBL) (ASBL (Belgique))")."""

import re
import unicodedata

from django import template

register = template.Library()


@register.filter
def avec_type(nom: str, type_structure) -> str:
    """ "ATD Quart Monde — Association"; the name alone when it already holds the type's
    short label (the label before its parenthesis: "ASBL" for "ASBL (Belgique)", either
    "CCAS" or "CIAS" for "CCAS / CIAS"); the full label when there is no name."""
    if type_structure is None:
        return nom
    if not nom:
        return type_structure.libelle
    court = type_structure.libelle.split(" (")[0].strip()
    if any(_mentionne(nom, terme) for terme in re.split(r"\s*[/,]\s*", court) if terme):
        return nom
    return f"{nom} — {court}"


def _mentionne(texte: str, terme: str) -> bool:
    return re.search(rf"\b{re.escape(_normalise(terme))}\b", _normalise(texte)) is not None


def _normalise(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return sans_accents.casefold()
