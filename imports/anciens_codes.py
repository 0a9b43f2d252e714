"""Territory codes that no longer exist, and what replaced them.

- Communes merged since (communes nouvelles, associées, déléguées): from the official
  snapshot shipped in territoires/data (`anciensCodes` of each commune nouvelle, and
  the chef-lieu of each commune déléguée or associée), the same table the territories
  import uses (territoires.services.successeurs_des_communes). It is read once per
  process, only when a file names a code the territories table does not hold.
- The 22 metropolitan régions before 1 January 2016 (loi du 16 janvier 2015): a fixed
  table, below; the régions that did not change kept their code.
"""

from functools import cache

from territoires.models import Niveau
from territoires.services import Referentiel, successeurs_des_communes

REGIONS_AVANT_2016 = {
    "42": "44",  # Alsace → Grand Est
    "21": "44",  # Champagne-Ardenne → Grand Est
    "41": "44",  # Lorraine → Grand Est
    "72": "75",  # Aquitaine → Nouvelle-Aquitaine
    "54": "75",  # Poitou-Charentes → Nouvelle-Aquitaine
    "74": "75",  # Limousin → Nouvelle-Aquitaine
    "83": "84",  # Auvergne → Auvergne-Rhône-Alpes
    "82": "84",  # Rhône-Alpes → Auvergne-Rhône-Alpes
    "26": "27",  # Bourgogne → Bourgogne-Franche-Comté
    "43": "27",  # Franche-Comté → Bourgogne-Franche-Comté
    "25": "28",  # Basse-Normandie → Normandie
    "23": "28",  # Haute-Normandie → Normandie
    "31": "32",  # Nord-Pas-de-Calais → Hauts-de-France
    "22": "32",  # Picardie → Hauts-de-France
    "91": "76",  # Languedoc-Roussillon → Occitanie
    "73": "76",  # Midi-Pyrénées → Occitanie
}


@cache
def _communes() -> dict[str, str]:
    return successeurs_des_communes(Referentiel.depuis_dossier().communes)


def successeur(niveau: str, code: str) -> str | None:
    """The current code that replaced an obsolete one, or None."""
    if niveau == Niveau.REGION:
        return REGIONS_AVANT_2016.get(code)
    if niveau == Niveau.COMMUNE:
        suivant, vus = _communes().get(code), {code}
        # A commune merged twice: follow the chain to its end.
        while suivant and (plus_loin := _communes().get(suivant)) and plus_loin not in vus:
            vus.add(suivant)
            suivant = plus_loin
        return suivant
    return None
