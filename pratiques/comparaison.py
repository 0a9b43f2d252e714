"""Field-by-field differences between two published versions of a fiche (snapshots of
pratiques.versions), as data the pages render: pure functions, no database.

Each changed field gives one Difference, of one of three kinds:
- "texte": a long text, compared word by word (difflib): `segments` is a list of
  (kind, text) with kind "egal", "supprime" or "ajoute";
- "liste": several values (thématiques, territoires, partenaires…): `retires` and
  `ajoutes`, readable labels;
- "valeur": one value: `avant` → `apres`, readable labels.
"""

import difflib
import re
from dataclasses import dataclass, field

from pratiques import contenu as contenus
from pratiques.models import Fiche
from pratiques.versions import CHAMPS_PUBLICS, lisible

# Free texts compared word by word; the short ones (a name, a title) are shown whole.
TEXTES_LONGS = frozenset(
    champ
    for champ in contenus.TEXTES
    if Fiche._meta.get_field(champ).get_internal_type() == "TextField" or champ == "resume"
)
LISTES = frozenset(
    [*contenus.VOCABULAIRE_MULTIPLE, "territoires", "partenaires", *contenus.LISTES_LIBRES]
)
# Words and the spaces after them, so that joining the pieces gives the text back.
MOTS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Difference:
    champ: str
    libelle: str
    sorte: str
    avant: str = ""
    apres: str = ""
    segments: list = field(default_factory=list)
    retires: list = field(default_factory=list)
    ajoutes: list = field(default_factory=list)


def mots(avant: str, apres: str) -> list[tuple[str, str]]:
    """A word-level diff of two texts: (kind, text) pieces in reading order, adjacent
    pieces of the same kind merged. Joining the "egal" and "supprime" pieces gives
    `avant` back, the "egal" and "ajoute" pieces `apres`."""
    a, b = MOTS.findall(avant or ""), MOTS.findall(apres or "")
    pieces = []
    for operation, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, a, b, autojunk=False
    ).get_opcodes():
        if operation == "equal":
            pieces.append(("egal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("supprime", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("ajoute", "".join(b[j1:j2])))
    fusion = []
    for sorte, texte in pieces:
        if fusion and fusion[-1][0] == sorte:
            fusion[-1] = (sorte, fusion[-1][1] + texte)
        else:
            fusion.append((sorte, texte))
    return fusion


def _retires_ajoutes(avant: list, apres: list) -> tuple[list, list]:
    """Items of `avant` missing from `apres`, and the reverse, each in its order."""
    return [v for v in avant if v not in apres], [v for v in apres if v not in avant]


def comparer(avant: dict, apres: dict, *, public: bool = True) -> list[Difference]:
    """What changed from snapshot `avant` to snapshot `apres`, in form order. With
    `public`, the private fields (the contact address) are never compared."""
    champs = CHAMPS_PUBLICS if public else contenus.TOUS_LES_CHAMPS
    changes = {d["champ"] for d in contenus.differences(avant["champs"], apres["champs"])}
    resultat = []
    for champ in champs:
        if champ not in changes:
            continue
        libelle = contenus.libelle(champ)
        if champ in LISTES:
            retires, ajoutes = _retires_ajoutes(lisible(avant, champ), lisible(apres, champ))
            resultat.append(Difference(champ, libelle, "liste", retires=retires, ajoutes=ajoutes))
        elif champ in TEXTES_LONGS:
            segments = mots(avant["champs"].get(champ), apres["champs"].get(champ))
            resultat.append(Difference(champ, libelle, "texte", segments=segments))
        else:
            resultat.append(
                Difference(
                    champ,
                    libelle,
                    "valeur",
                    avant=lisible(avant, champ),
                    apres=lisible(apres, champ),
                )
            )
    return resultat
