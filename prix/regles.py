"""The prize's rules, each declared once (docs/domaine.md §16.2): the calendar of an
edition, who may propose a fiche, who may score which candidature and when, who sees
scores, and the conflicts of interest. Services enforce them; pages and the API ask
them what to offer."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from pratiques.models import Etat
from prix.models import Candidature, ConflitDeclare, Jury, MembreJury, Niveau


class Refus(Exception):
    """An action the rules refuse, with the French reason. `statut`: 403 (this person may
    not) or 409 (not at this point of the calendar or of the jury's work)."""

    def __init__(self, message: str, statut: int = 403):
        super().__init__(message)
        self.message = message
        self.statut = statut


def hors_calendrier(message: str) -> Refus:
    return Refus(message, statut=409)


# --- The calendar ---------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    nom: str
    libelle: str
    champ: str  # the Edition date field where it starts (it ends when the next starts)


A_VENIR = "a_venir"
NOMINATIONS = "nominations"
JURY_DEPARTEMENTAL = "jury_departemental"
RESULTATS_DEPARTEMENTAUX = "resultats_departementaux"
TOUR_NATIONAL = "tour_national"
ANNONCE = "annonce"

# The phases of an edition, in order.
PHASES: list[Phase] = [
    Phase(NOMINATIONS, "Candidatures et nominations", "nominations_le"),
    Phase(JURY_DEPARTEMENTAL, "Jurys départementaux", "jury_departemental_le"),
    Phase(RESULTATS_DEPARTEMENTAUX, "Résultats départementaux", "resultats_departementaux_le"),
    Phase(TOUR_NATIONAL, "Jury national", "tour_national_le"),
    Phase(ANNONCE, "Annonce des lauréats nationaux", "annonce_le"),
]
RANG = {phase.nom: i for i, phase in enumerate(PHASES)}
RANG[A_VENIR] = -1
# The phase in which each level's jurors score.
PHASE_DE_NOTATION = {Niveau.DEPARTEMENTAL: JURY_DEPARTEMENTAL, Niveau.NATIONAL: TOUR_NATIONAL}


def aujourd_hui() -> datetime.date:
    return timezone.localdate()


def phase_courante(edition, jour: datetime.date | None = None) -> str:
    jour = jour or aujourd_hui()
    courante = A_VENIR
    for phase in PHASES:
        if getattr(edition, phase.champ) <= jour:
            courante = phase.nom
    return courante


def calendrier(edition, jour: datetime.date | None = None) -> list[dict]:
    """The phases with their dates, for pages and the API."""
    courante = phase_courante(edition, jour)
    lignes = []
    for i, phase in enumerate(PHASES):
        suivante = PHASES[i + 1] if i + 1 < len(PHASES) else None
        fin = getattr(edition, suivante.champ) - datetime.timedelta(days=1) if suivante else None
        lignes.append(
            {
                "nom": phase.nom,
                "libelle": phase.libelle,
                "debut": getattr(edition, phase.champ),
                "fin": fin,
                "en_cours": phase.nom == courante,
            }
        )
    return lignes


def libelle_phase(nom: str) -> str:
    for phase in PHASES:
        if phase.nom == nom:
            return phase.libelle
    return "À venir"


def pendant_le_mois_de_l_innovation(edition, jour: datetime.date | None = None) -> bool:
    jour = jour or aujourd_hui()
    return edition.mois_printemps_debut <= jour <= edition.mois_printemps_fin


# --- Proposing a fiche ----------------------------------------------------------------


def exiger_nominations_ouvertes(edition, jour=None) -> None:
    if phase_courante(edition, jour) != NOMINATIONS:
        raise hors_calendrier(
            f"Les candidatures au prix {edition.annee} ne sont pas ouvertes "
            f"(du {edition.nominations_le:%d/%m/%Y} au "
            f"{edition.jury_departemental_le - datetime.timedelta(days=1):%d/%m/%Y})."
        )


def exiger_candidate_possible(fiche) -> None:
    if fiche.etat != Etat.PUBLIEE:
        raise hors_calendrier("Seule une fiche publiée peut concourir au prix.")
    if fiche.departement_moderation_id is None:
        raise hors_calendrier(
            "Seule une fiche rattachée à un département peut concourir : le prix "
            "commence par un tour départemental."
        )


def peut_nominer(utilisateur, fiche) -> bool:
    """A département's modérateurs nominate its published fiches."""
    return utilisateur.is_authenticated and utilisateur.modere_en(fiche.departement_moderation_id)


def peut_candidater(utilisateur, fiche) -> bool:
    """A fiche's author applies for it."""
    return utilisateur.is_authenticated and fiche.auteur_id == utilisateur.pk


# --- Conflicts of interest ------------------------------------------------------------


def conflit_automatique(membre: MembreJury, fiche) -> str | None:
    """Why this juror may not score this fiche without having to say it: they wrote it,
    or their organisation carries it (the author belongs to the juror's organisation,
    or the organisation's name is the fiche's porteur). None when no such tie."""
    utilisateur = membre.utilisateur
    if utilisateur is None:
        return None
    if fiche.auteur_id == utilisateur.pk:
        return "Vous êtes l’auteur de cette fiche."
    organisation = utilisateur.organisation
    if organisation is None:
        return None
    if fiche.auteur_id and fiche.auteur.organisation_id == organisation.pk:
        return f"La fiche a été écrite au sein de votre organisation ({organisation.nom})."
    if fiche.porteur_nom.strip().casefold() == organisation.nom.strip().casefold():
        return f"Votre organisation ({organisation.nom}) porte cette action."
    return None


def conflit(membre: MembreJury, candidature: Candidature, declares=None) -> str | None:
    """The reason this juror may not score this candidature, automatic or declared.
    `declares` ({candidature_id: motif}, the juror's declarations read at once) spares a
    query per candidature on a list."""
    automatique = conflit_automatique(membre, candidature.fiche)
    if automatique:
        return automatique
    if declares is None:
        declares = dict(
            ConflitDeclare.objects.filter(membre=membre, candidature=candidature).values_list(
                "candidature_id", "motif"
            )
        )
    if candidature.pk in declares:
        return f"Vous avez déclaré un conflit d’intérêts : {declares[candidature.pk]}"
    return None


# --- Scoring --------------------------------------------------------------------------


def exiger_jury_ouvert(jury: Jury, jour=None) -> None:
    if jury.clos_le is not None:
        raise hors_calendrier("Le jury est clos : les notes ne changent plus.")
    phase = PHASE_DE_NOTATION[jury.niveau]
    courante = phase_courante(jury.edition, jour)
    if RANG[courante] < RANG[phase]:
        raise hors_calendrier(
            f"Le jury ne note qu’à partir du "
            f"{getattr(jury.edition, PHASES[RANG[phase]].champ):%d/%m/%Y}."
        )
    if RANG[courante] > RANG[phase]:
        raise hors_calendrier("La période de notation de ce jury est terminée.")


def exiger_peut_noter(membre: MembreJury, candidature: Candidature, jour=None) -> None:
    """A juror scores the candidatures of their own jury, during its phase, before it
    closes, and never one they have a conflict of interest with."""
    if membre.utilisateur_id is None:
        raise Refus("Acceptez d’abord votre invitation au jury.")
    if candidature.jury_id != membre.jury_id:
        raise Refus("Cette candidature n’est pas examinée par votre jury.")
    exiger_jury_ouvert(membre.jury, jour)
    raison = conflit(membre, candidature)
    if raison:
        raise Refus(f"Vous ne pouvez pas noter cette candidature. {raison}")


def peut_noter(membre, candidature, jour=None) -> bool:
    try:
        exiger_peut_noter(membre, candidature, jour)
    except Refus:
        return False
    return True


def notes_visibles(jury: Jury) -> bool:
    """Scores stay secret until the jury closes: before, each juror sees only their own
    (nobody, president and administrators included, sees the others')."""
    return jury.clos_le is not None


# --- Who does what on a jury ----------------------------------------------------------


def membre_de(jury: Jury, utilisateur) -> MembreJury | None:
    if not utilisateur.is_authenticated:
        return None
    return (
        MembreJury.objects.select_related("utilisateur__organisation")
        .filter(jury=jury, utilisateur=utilisateur)
        .first()
    )


def peut_organiser(utilisateur, jury: Jury) -> bool:
    """Names the jurors: the département's modérateurs for its jury, the national
    administrators for every jury."""
    if not utilisateur.is_authenticated:
        return False
    if utilisateur.est_admin_national:
        return True
    return jury.niveau == Niveau.DEPARTEMENTAL and utilisateur.modere_en(jury.departement_id)


def exiger_president(jury: Jury, utilisateur) -> MembreJury:
    membre = membre_de(jury, utilisateur)
    if membre is None or not membre.president:
        raise Refus("Seul le président du jury peut faire cela.")
    return membre


def jurys_de(utilisateur):
    if not utilisateur.is_authenticated:
        return Jury.objects.none()
    return Jury.objects.filter(membres__utilisateur=utilisateur)


def candidatures_nationales_possibles(edition):
    """The national round's only possible candidates: departmental laureates."""
    return Candidature.objects.filter(
        edition=edition, niveau=Niveau.DEPARTEMENTAL, laureat__isnull=False
    ).filter(~Q(jury__publie_le=None))
