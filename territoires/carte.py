"""The map of metropolitan départements: one SVG path per département, drawn from the
official geography (territoires/data/carte_departements.SOURCE.md says how). Every map
of the site (fiches by département, collectifs by département) reads it here."""

import json
from functools import cache
from pathlib import Path

CARTE = Path(__file__).resolve().parent / "data" / "carte_departements.json"


@cache
def geometrie_departements() -> dict:
    """{"viewBox": …, "departements": {code: svg path}} (read once per process)."""
    return json.loads(CARTE.read_text(encoding="utf-8"))
