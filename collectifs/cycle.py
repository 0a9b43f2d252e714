"""The recognition of a collectif as a transition table, read by the services (which
do the transitions) and by the views (which offer only the possible actions).

    candidater      déclaré, modifications demandées, refusé  → candidature   animateurs
    renouveler      reconnu (last three months), expiré        → candidature   animateurs
    reconnaitre     candidature                                → reconnu       département
    demander_modifications  candidature               → modifications demandées  département
    refuser         candidature                                → refusé        département
    expirer         reconnu (after three years)                → expiré        daily task

A transition names the states it leaves from, the state it leads to, who does it
(the collectif's animateurs, the recognition body of its département, or the daily
task) and the conditions beyond the state (the composition rule, the renewal window).
The recognition period itself (`reconnu_le`, `reconnu_jusqu_au`) says whether the
collectif is recognised today: a renewal under examination keeps the current period.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils import timezone
from django.utils.formats import date_format

from collectifs.composition import composition_de
from collectifs.models import EtatReconnaissance as E

DUREE_RECONNAISSANCE_ANNEES = 3
# The renewal opens, and the expiry reminder is sent, this many days before the end.
PREAVIS_JOURS = 90


class Acteur(StrEnum):
    ANIMATEUR = "animateur"
    INSTANCE = "instance"  # the département's recognition body
    SYSTEME = "systeme"  # the daily task


def _composition(collectif) -> str:
    composition = composition_de(collectif)
    if composition.conforme:
        return ""
    return (
        "La composition du collectif ne respecte pas encore la règle\u00a0: "
        + "\u00a0; ".join(composition.manques)
        + "."
    )


def _fenetre_de_renouvellement(collectif) -> str:
    if collectif.etat != E.RECONNU or collectif.reconnu_jusqu_au is None:
        return ""
    ouverture = collectif.reconnu_jusqu_au - timedelta(days=PREAVIS_JOURS)
    if timezone.localdate() >= ouverture:
        return ""
    return (
        "Le renouvellement pourra être demandé à partir du "
        f"{date_format(ouverture, 'j F Y')}, trois mois avant la fin de la reconnaissance."
    )


@dataclass(frozen=True)
class Transition:
    nom: str
    libelle: str
    depuis: frozenset
    vers: str
    acteur: Acteur
    motif_requis: bool = False
    conditions: tuple = ()

    def empechements(self, collectif) -> list[str]:
        """Why this transition cannot be done now (empty: it can), state included."""
        if collectif.etat not in self.depuis:
            return [
                f"Cette action n’est pas possible quand la reconnaissance est "
                f"«\u00a0{E(collectif.etat).label.lower()}\u00a0»."
            ]
        return [raison for condition in self.conditions if (raison := condition(collectif))]


TRANSITIONS = {
    t.nom: t
    for t in (
        Transition(
            "candidater",
            "Demander la reconnaissance",
            frozenset({E.DECLARE, E.MODIFICATIONS_DEMANDEES, E.REFUSE}),
            E.CANDIDATURE,
            Acteur.ANIMATEUR,
            conditions=(_composition,),
        ),
        Transition(
            "renouveler",
            "Demander le renouvellement",
            frozenset({E.RECONNU, E.EXPIRE}),
            E.CANDIDATURE,
            Acteur.ANIMATEUR,
            conditions=(_composition, _fenetre_de_renouvellement),
        ),
        Transition(
            "reconnaitre",
            "Reconnaître le collectif",
            frozenset({E.CANDIDATURE}),
            E.RECONNU,
            Acteur.INSTANCE,
        ),
        Transition(
            "demander_modifications",
            "Demander des modifications",
            frozenset({E.CANDIDATURE}),
            E.MODIFICATIONS_DEMANDEES,
            Acteur.INSTANCE,
            motif_requis=True,
        ),
        Transition(
            "refuser",
            "Refuser la reconnaissance",
            frozenset({E.CANDIDATURE}),
            E.REFUSE,
            Acteur.INSTANCE,
            motif_requis=True,
        ),
        Transition("expirer", "Constater la fin", frozenset({E.RECONNU}), E.EXPIRE, Acteur.SYSTEME),
    )
}


def possibles(etat: str, acteur: Acteur) -> list[Transition]:
    """The transitions this actor may do from this state (conditions not checked)."""
    return [t for t in TRANSITIONS.values() if t.acteur == acteur and etat in t.depuis]


def periode(debut: date) -> tuple[date, date]:
    """Three years of recognition from `debut`, its last day included."""
    try:
        fin = debut.replace(year=debut.year + DUREE_RECONNAISSANCE_ANNEES)
    except ValueError:  # 29 February
        fin = debut.replace(year=debut.year + DUREE_RECONNAISSANCE_ANNEES, day=28)
    return debut, fin - timedelta(days=1)
