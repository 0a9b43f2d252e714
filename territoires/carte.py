"""The map of metropolitan départements: one SVG path per département, drawn from the
official geography (territoires/data/carte_departements.SOURCE.md says how). Every map
of the site (fiches by département, collectifs by département) reads it here."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from territoires.models import Niveau, Territoire

CARTE = Path(__file__).resolve().parent / "data" / "carte_departements.json"


@cache
def geometrie_departements() -> dict:
    """{"viewBox": …, "departements": {code: svg path}} (read once per process)."""
    return json.loads(CARTE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DepartementSurLaCarte:
    code: str
    nom: str
    nombre: int
    url: str
    chemin_svg: str | None
    classe: int  # rank of its colour class in the legend
    nom_accessible: str  # "Nord : 12 pratiques"


@dataclass(frozen=True)
class Carte:
    """What the map partial (templates/territoires/_carte_departements.html) draws."""

    departements: list[DepartementSurLaCarte]
    vue: str  # the SVG viewBox
    legende: list[tuple[int, str]]  # (rank, label)

    @property
    def sur_la_carte(self) -> list[DepartementSurLaCarte]:
        return [d for d in self.departements if d.chemin_svg]

    @property
    def outre_mer(self) -> list[DepartementSurLaCarte]:
        return [d for d in self.departements if not d.chemin_svg]


def classe(nombre: int, classes: list[tuple[int, str]]) -> int:
    """The rank of the colour class of `nombre`: classes are (threshold, label), fixed so
    that a colour means the same whatever the size of the corpus."""
    return max(rang for rang, (seuil, _) in enumerate(classes) if nombre >= seuil)


def carte_des_departements(
    comptes: dict[int, int],
    *,
    classes: list[tuple[int, str]],
    url: Callable[[Territoire], str],
    nommer: Callable[[int], str],
) -> Carte:
    """Every active département with its count (`comptes`: département pk → count), its
    link and its colour class; one query."""
    geometrie = geometrie_departements()
    departements = Territoire.objects.filter(niveau=Niveau.DEPARTEMENT, actif=True)
    return Carte(
        departements=[
            DepartementSurLaCarte(
                code=d.code,
                nom=d.nom,
                nombre=comptes.get(d.pk, 0),
                url=url(d),
                chemin_svg=geometrie["departements"].get(d.code),
                classe=classe(comptes.get(d.pk, 0), classes),
                nom_accessible=f"{d.nom}\u00a0: {nommer(comptes.get(d.pk, 0))}",
            )
            for d in departements.order_by("code").only("pk", "code", "nom")
        ],
        vue=geometrie["viewBox"],
        legende=[(rang, libelle) for rang, (_, libelle) in enumerate(classes)],
    )
