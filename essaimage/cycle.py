"""The life of a reprise as one table of transitions (docs/domaine.md, essaimage).

    declarer   (none)     → soumise   any signed-in person, on a published fiche
    publier    soumise    → publiee   whoever moderates it (pratiques.cycle.peut_moderer)
    refuser    soumise    → refusee   the same, with a reason for its author
    retirer    publiee    → refusee   the same, with a reason (the count goes down)

Who moderates a reprise is the rule of the fiches (pratiques.cycle.peut_moderer, read
on the reprise's `auteur` and `departement_moderation`): the moderators of the
département the reprise lies in, national administrators for the rest, never its author.
essaimage.services asks this table first (`exiger`); pages ask it what to offer
(`possibles`).
"""

from dataclasses import dataclass
from enum import StrEnum

from essaimage.models import EtatReprise as E
from pratiques.cycle import EtatIncompatible, TransitionInterdite, peut_moderer

NOUVELLE = ""


class Qui(StrEnum):
    LECTEUR = "lecteur"  # any signed-in person
    MODERATEUR = "moderateur"  # pratiques.cycle.peut_moderer on the reprise


@dataclass(frozen=True)
class Transition:
    nom: str
    libelle: str
    depuis: frozenset
    vers: str
    qui: Qui
    motif_requis: bool = False


TRANSITIONS = {
    t.nom: t
    for t in (
        Transition(
            "declarer", "Je l’ai mise en place", frozenset({NOUVELLE}), E.SOUMISE, Qui.LECTEUR
        ),
        Transition(
            "publier", "Publier la reprise", frozenset({E.SOUMISE}), E.PUBLIEE, Qui.MODERATEUR
        ),
        Transition(
            "refuser",
            "Refuser la reprise",
            frozenset({E.SOUMISE}),
            E.REFUSEE,
            Qui.MODERATEUR,
            motif_requis=True,
        ),
        Transition(
            "retirer",
            "Retirer la reprise",
            frozenset({E.PUBLIEE}),
            E.REFUSEE,
            Qui.MODERATEUR,
            motif_requis=True,
        ),
    )
}

MESSAGE_CONNEXION = "Connectez-vous pour déclarer une reprise."
MESSAGE_HORS_TERRITOIRE = (
    "Vous ne modérez pas les reprises de ce territoire\u00a0: seuls les modérateurs du "
    "département concerné ou un administrateur national le peuvent."
)
MESSAGE_PROPRE_REPRISE = (
    "Vous ne pouvez pas modérer une reprise que vous avez déclarée\u00a0: un autre modérateur "
    "s’en chargera."
)
MESSAGE_ETAT = (
    "Cette reprise n’est pas (ou plus) dans un état qui le permet\u00a0: une décision a "
    "peut-être déjà été prise. Rechargez la page."
)


def _a_le_droit(transition: Transition, reprise, utilisateur) -> bool:
    if not utilisateur.is_authenticated:
        return False
    if transition.qui == Qui.LECTEUR:
        return True
    return peut_moderer(utilisateur, reprise)


def exiger(nom: str, reprise, utilisateur) -> Transition:
    """The transition, if this person may do it on this reprise (None: not created
    yet) in its state; else TransitionInterdite (403) or EtatIncompatible (409)."""
    transition = TRANSITIONS[nom]
    if not _a_le_droit(transition, reprise, utilisateur):
        if not utilisateur.is_authenticated:
            raise TransitionInterdite(MESSAGE_CONNEXION)
        if reprise is not None and reprise.auteur_id == utilisateur.pk:
            raise TransitionInterdite(MESSAGE_PROPRE_REPRISE)
        raise TransitionInterdite(MESSAGE_HORS_TERRITOIRE)
    etat = NOUVELLE if reprise is None else reprise.etat
    if etat not in transition.depuis:
        raise EtatIncompatible(MESSAGE_ETAT)
    return transition


def possibles(reprise, utilisateur) -> list[Transition]:
    """What this person may do on this reprise now, in the order of the table."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.qui == Qui.MODERATEUR
        and reprise.etat in t.depuis
        and _a_le_droit(t, reprise, utilisateur)
    ]
