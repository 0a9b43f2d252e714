"""The life of a fiche as one table of transitions (see docs/domaine.md).

Each line of TRANSITIONS says what a transition acts on, from which states, to which
state, and who may do it. pratiques.services performs the transitions and asks this
table first (`exiger`); views and templates ask it which actions to offer
(`actions_possibles`, `possible`). Nothing here writes to the database.

What a transition acts on (`Sur`):
- SOUMISSION: what the author writes and moderation reads. The fiche itself until its
  first publication; then its open revision, while the published version stays
  online. A published fiche without an open revision is in state "publiee" (editing it
  starts a revision); a fiche not created yet is in state NOUVELLE.
- FICHE: the fiche's own state, whatever its revisions.

Adding a transition: one line in TRANSITIONS; a service function in
pratiques.services that calls `exiger` and writes `transition.vers`; the button
where `actions_possibles` offers it; its call in tests/pratiques/test_transitions.py.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from pratiques.models import Etat, Fiche, Revision

NOUVELLE = ""  # no fiche yet (EvenementModeration.etat_avant records creation so)


class Qui(StrEnum):
    AUTEUR = "auteur"  # the fiche's author; for "creer", whoever is signed in
    MODERATEUR = "moderateur"  # whoever may moderate this fiche: peut_moderer
    PLATEFORME = "plateforme"  # no person: an import from a trusted source


class Sur(StrEnum):
    SOUMISSION = "soumission"
    FICHE = "fiche"


class TransitionInterdite(Exception):
    """The user may not do this (403) or not in this state (409). Message in French."""

    statut_http = 403


class EtatIncompatible(TransitionInterdite):
    statut_http = 409


@dataclass(frozen=True, eq=False)
class Transition:
    nom: str
    libelle: str
    depuis: frozenset[str]
    vers: str | None  # None: the state stays (saving, attaching)
    qui: Qui
    sur: Sur = Sur.SOUMISSION
    motif_requis: bool = False  # a reason code and a message to the author
    # Why the state forbids it, looked up by "revision.<state>" (when the subject is a
    # revision), then "<state>", then "*"; "{etat}" is replaced by the state's label.
    refus: dict[str, str] = field(default_factory=dict)


EN_ECRITURE = frozenset({Etat.BROUILLON, Etat.MODIFICATIONS_DEMANDEES})
PLUS_EN_ATTENTE = (
    "Cette fiche n’est pas (ou plus) en attente de relecture\u00a0: une décision a peut-être "
    "déjà été prise. Rechargez la file de modération."
)
DOCUMENT_APRES_MODIFICATION = (
    "Pour ajouter un document à une fiche publiée, commencez par la modifier."
)

TRANSITIONS = {
    t.nom: t
    for t in (
        Transition(
            "creer", "Proposer une pratique", frozenset({NOUVELLE}), Etat.BROUILLON, Qui.AUTEUR
        ),
        Transition(
            "enregistrer",
            "Modifier",
            EN_ECRITURE | {Etat.PUBLIEE},
            None,
            Qui.AUTEUR,
            refus={
                "revision.soumise": "Vos modifications de cette fiche sont en cours de "
                "relecture\u00a0: vous pourrez la modifier à nouveau après la décision du "
                "modérateur.",
                "soumise": "Cette fiche est en cours de relecture\u00a0: vous pourrez la modifier "
                "si le modérateur vous le demande.",
                "*": "Cette fiche est «\u00a0{etat}\u00a0»\u00a0: elle ne peut plus être modifiée.",
            },
        ),
        Transition(
            "ajouter_document",
            "Joindre le document",
            EN_ECRITURE,
            None,
            Qui.AUTEUR,
            refus={
                "publiee": DOCUMENT_APRES_MODIFICATION,
                "revision.soumise": DOCUMENT_APRES_MODIFICATION,
                "*": "Cette fiche ne peut plus recevoir de document.",
            },
        ),
        Transition(
            "soumettre",
            "Soumettre à la relecture",
            EN_ECRITURE,
            Etat.SOUMISE,
            Qui.AUTEUR,
            refus={"*": "Seul un brouillon ou une fiche à modifier peut être soumis."},
        ),
        Transition(
            "publier",
            "Publier",
            frozenset({Etat.SOUMISE}),
            Etat.PUBLIEE,
            Qui.MODERATEUR,
            refus={"*": PLUS_EN_ATTENTE},
        ),
        Transition(
            "demander_modifications",
            "Demander des modifications à l’auteur",
            frozenset({Etat.SOUMISE}),
            Etat.MODIFICATIONS_DEMANDEES,
            Qui.MODERATEUR,
            motif_requis=True,
            refus={"*": PLUS_EN_ATTENTE},
        ),
        Transition(
            "refuser",
            "Refuser la publication",
            frozenset({Etat.SOUMISE}),
            Etat.REFUSEE,
            Qui.MODERATEUR,
            motif_requis=True,
            refus={"*": PLUS_EN_ATTENTE},
        ),
        Transition(
            "archiver",
            "Archiver la fiche",
            frozenset({Etat.PUBLIEE}),
            Etat.ARCHIVEE,
            Qui.MODERATEUR,
            sur=Sur.FICHE,
            refus={"*": "Seule une fiche publiée peut être archivée."},
        ),
        # A trusted source's fiche is published at once; an archived one stays so (a
        # moderator's decision outlives re-imports).
        Transition(
            "importer",
            "Publier à l’import",
            frozenset({Etat.BROUILLON, Etat.SOUMISE, Etat.MODIFICATIONS_DEMANDEES, Etat.REFUSEE}),
            Etat.PUBLIEE,
            Qui.PLATEFORME,
            sur=Sur.FICHE,
        ),
    )
}
# What a moderator decides on a submission (publish, ask for changes, refuse), in the
# order of the table, which the decision form follows.
DECISIONS = tuple(
    t.nom for t in TRANSITIONS.values() if t.qui == Qui.MODERATEUR and t.sur == Sur.SOUMISSION
)

MESSAGE_PAS_AUTEUR = (
    "Seul l’auteur de la fiche peut la modifier, la soumettre ou y joindre un document."
)
MESSAGE_HORS_TERRITOIRE = (
    "Vous ne modérez pas les fiches de ce territoire\u00a0: seuls les modérateurs du "
    "département concerné ou un administrateur national le peuvent."
)
MESSAGE_PROPRE_FICHE = (
    "Vous ne pouvez pas modérer une fiche que vous avez écrite\u00a0: un autre modérateur du "
    "département ou un administrateur national s’en chargera."
)
MESSAGE_PLATEFORME = "Seul un import de la plateforme peut faire cela."


# --- Who may -----------------------------------------------------------------------


def peut_moderer(utilisateur, fiche: Fiche) -> bool:
    """National administrators moderate every fiche; otherwise one moderates the fiches
    whose moderation département one holds (comptes: `Utilisateur.modere_en`), never
    one's own. `Fiche.objects.moderables_par` is the same rule as a filter."""
    if not utilisateur.is_authenticated:
        return False
    if utilisateur.est_admin_national:
        return True
    return fiche.auteur_id != utilisateur.pk and utilisateur.modere_en(
        fiche.departement_moderation_id
    )


def peut_voir_historique(utilisateur, fiche: Fiche) -> bool:
    return utilisateur.is_authenticated and (
        fiche.auteur_id == utilisateur.pk or peut_moderer(utilisateur, fiche)
    )


def refus_qui(qui: Qui, fiche: Fiche | None, utilisateur) -> TransitionInterdite | None:
    """Why this user is not `qui` for this fiche (None if they are)."""
    if qui == Qui.AUTEUR:
        if fiche is None:  # creating: the author is whoever is signed in
            ok = utilisateur.is_authenticated
        else:
            ok = utilisateur.is_authenticated and fiche.auteur_id == utilisateur.pk
        return None if ok else TransitionInterdite(MESSAGE_PAS_AUTEUR)
    if qui == Qui.MODERATEUR:
        if fiche is not None and peut_moderer(utilisateur, fiche):
            return None
        propre = fiche is not None and fiche.auteur_id == getattr(utilisateur, "pk", None)
        return TransitionInterdite(MESSAGE_PROPRE_FICHE if propre else MESSAGE_HORS_TERRITOIRE)
    return TransitionInterdite(MESSAGE_PLATEFORME)


# --- What a transition acts on -----------------------------------------------------

_A_LIRE = object()


class Sujet:
    """A fiche (None before its creation) and the open revision of a published fiche,
    read when first needed (one query) unless given: `Sujet(fiche, revision=None)`
    when it is known that none is open."""

    def __init__(self, fiche: Fiche | None, revision=_A_LIRE):
        self.fiche = fiche
        if fiche is None or fiche.etat != Etat.PUBLIEE:
            revision = None
        if revision is not _A_LIRE:
            self.revision = revision

    @cached_property
    def revision(self) -> Revision | None:
        return self.fiche.revision_ouverte()

    @property
    def etat(self) -> str:
        """The state of what the author writes and moderation reads."""
        if self.revision is not None:
            return self.revision.etat
        return self.fiche.etat if self.fiche is not None else NOUVELLE

    def etat_pour(self, transition: Transition) -> str:
        if transition.sur == Sur.FICHE:
            return self.fiche.etat if self.fiche is not None else NOUVELLE
        return self.etat


def _sujet(objet) -> Sujet:
    return objet if isinstance(objet, Sujet) else Sujet(objet)


# --- Asking the table ----------------------------------------------------------------


def _refus_etat(transition: Transition, le_sujet: Sujet) -> EtatIncompatible | None:
    etat = le_sujet.etat_pour(transition)
    if etat in transition.depuis:
        return None
    cles = [etat, "*"]
    if transition.sur == Sur.SOUMISSION and le_sujet.revision is not None:
        cles.insert(0, f"revision.{etat}")
    message = next(
        (transition.refus[c] for c in cles if c in transition.refus),
        "Cette action n’est pas possible dans l’état actuel de la fiche.",
    )
    libelle = Etat(etat).label.lower() if etat in Etat.values else etat
    return EtatIncompatible(message.replace("{etat}", libelle))


def refus(nom: str, fiche_ou_sujet, utilisateur) -> TransitionInterdite | None:
    """Why this user may not do `nom` now (who first, then the state), or None."""
    transition = TRANSITIONS[nom]
    le_sujet = _sujet(fiche_ou_sujet)
    return refus_qui(transition.qui, le_sujet.fiche, utilisateur) or _refus_etat(
        transition, le_sujet
    )


def possible(nom: str, fiche_ou_sujet, utilisateur) -> bool:
    return refus(nom, fiche_ou_sujet, utilisateur) is None


def exiger(nom: str, fiche_ou_sujet, utilisateur) -> Transition:
    """The transition, if this user may do it now; raises TransitionInterdite (403)
    or EtatIncompatible (409) otherwise."""
    if erreur := refus(nom, fiche_ou_sujet, utilisateur):
        raise erreur
    return TRANSITIONS[nom]


def etat_le_permet(nom: str, fiche_ou_sujet) -> bool:
    """Whether the state allows `nom`, whoever asks (for the platform's own imports)."""
    return _refus_etat(TRANSITIONS[nom], _sujet(fiche_ou_sujet)) is None


def actions_possibles(utilisateur, fiche_ou_sujet) -> frozenset[str]:
    """The names of the transitions this user may do now on this fiche: what a page
    offers. States are checked first, and each "who may" at most once, so that asking
    costs no more queries than one peut_moderer."""
    le_sujet = _sujet(fiche_ou_sujet)
    reponses = {}

    def est(qui: Qui) -> bool:
        if qui not in reponses:
            reponses[qui] = refus_qui(qui, le_sujet.fiche, utilisateur) is None
        return reponses[qui]

    return frozenset(
        t.nom for t in TRANSITIONS.values() if _refus_etat(t, le_sujet) is None and est(t.qui)
    )
