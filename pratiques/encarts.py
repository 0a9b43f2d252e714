"""What later apps add to a published fiche's page without pratiques knowing them.

The fiche page belongs to pratiques, yet apps above it have something to say there:
essaimage (where the practice was taken up), prix (a laureate's badge), suivis (the
"Suivre" button). Each registers an `Encart` from its AppConfig.ready(); the page
renders, at each of its places, the encarts registered for it, in registration order.
pratiques imports none of those apps.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

# Where an encart can go on the page.
ENTETE = "entete"  # in the header, under the title, the tags and the actions
CORPS = "corps"  # after the fiche's own sections, before the contact section


@dataclass(frozen=True)
class Encart:
    # A template rendered with `contexte(request, fiche)`, plus `fiche` and `request`.
    gabarit: str
    # What the template needs, or None when the encart has nothing to show for this fiche.
    contexte: Callable[..., dict | None]
    place: str = CORPS


_ENCARTS: list[Encart] = []


def enregistrer(encart: Encart) -> None:
    if encart.place not in (ENTETE, CORPS):
        raise ValueError(f"Place d’encart inconnue : {encart.place}")
    if encart not in _ENCARTS:
        _ENCARTS.append(encart)


def rendus(request, fiche) -> dict[str, list[str]]:
    """Place → the HTML of each encart with something to show, for the fiche page."""
    par_place: dict[str, list[str]] = {ENTETE: [], CORPS: []}
    for encart in _ENCARTS:
        contexte = encart.contexte(request, fiche)
        if contexte is None:
            continue
        par_place[encart.place].append(
            render_to_string(encart.gabarit, {**contexte, "fiche": fiche}, request=request)
        )
    return par_place
