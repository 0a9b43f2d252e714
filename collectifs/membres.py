"""Membership of a collectif: join requests that the animateurs approve or decline,
members who leave or change their public-name choice, animateurs named or removed.
A collectif always keeps at least one animateur. Same pattern as collectifs.services:
checks, locked rows, a journal line, e-mails through the outbox."""

from django.db import transaction
from django.utils import timezone

from collectifs import notifications
from collectifs.models import College, Membre
from collectifs.services import (
    EtatIncompatible,
    TransitionInterdite,
    exiger_animateur,
    journaliser,
    verrouiller,
)


def _verifier_college(college: str) -> None:
    if college not in College.values:
        raise EtatIncompatible("Choisissez un collège dans la liste.")


@transaction.atomic
def demander_adhesion(
    collectif, *, par, college: str, fonction: str = "", nom_public=False, message: str = ""
) -> Membre:
    """A signed-in user asks to join, in one collège; the animateurs are told."""
    collectif = verrouiller(collectif)
    _verifier_college(college)
    existant = Membre.objects.filter(collectif=collectif, utilisateur=par).first()
    if existant is not None:
        raise EtatIncompatible(
            "Vous êtes déjà membre de ce collectif."
            if existant.statut == Membre.Statut.ACCEPTE
            else "Votre demande pour rejoindre ce collectif attend déjà la réponse des animateurs."
        )
    membre = Membre.objects.create(
        collectif=collectif,
        utilisateur=par,
        college=college,
        fonction=fonction.strip(),
        nom_public=nom_public,
        message=message.strip(),
    )
    journaliser(
        collectif, par=par, action="adhesion_demandee", message=membre.get_college_display()
    )
    notifications.adhesion_demandee(membre)
    return membre


def _membre_verrouille(membre) -> Membre:
    return (
        Membre.objects.select_for_update(of=("self",))
        .select_related("collectif", "utilisateur")
        .get(pk=membre.pk)
    )


@transaction.atomic
def accepter(membre, *, par) -> Membre:
    membre = _membre_verrouille(membre)
    exiger_animateur(membre.collectif, par)
    if membre.statut != Membre.Statut.EN_ATTENTE:
        raise EtatIncompatible("Cette demande a déjà reçu une réponse.")
    membre.statut, membre.accepte_le = Membre.Statut.ACCEPTE, timezone.now()
    membre.save(update_fields=["statut", "accepte_le"])
    journaliser(
        membre.collectif, par=par, action="adhesion_acceptee", message=str(membre.utilisateur)
    )
    notifications.adhesion_decidee(membre, acceptee=True)
    return membre


@transaction.atomic
def decliner(membre, *, par) -> None:
    membre = _membre_verrouille(membre)
    exiger_animateur(membre.collectif, par)
    if membre.statut != Membre.Statut.EN_ATTENTE:
        raise EtatIncompatible("Cette demande a déjà reçu une réponse.")
    notifications.adhesion_decidee(membre, acceptee=False)
    journaliser(
        membre.collectif, par=par, action="adhesion_declinee", message=str(membre.utilisateur)
    )
    membre.delete()


def _autres_animateurs(membre):
    return Membre.objects.animateurs().filter(collectif=membre.collectif_id).exclude(pk=membre.pk)


@transaction.atomic
def quitter(collectif, *, par, successeur: Membre | None = None) -> None:
    """A member leaves (or withdraws their request). The last animateur names another
    accepted member, who becomes animateur."""
    collectif = verrouiller(collectif)
    membre = Membre.objects.filter(collectif=collectif, utilisateur=par).first()
    if membre is None:
        raise EtatIncompatible("Vous n’êtes pas membre de ce collectif.")
    if membre.est_animateur and not _autres_animateurs(membre).exists():
        if successeur is None:
            raise EtatIncompatible(
                "Vous êtes le dernier animateur du collectif\u00a0: désignez un autre membre "
                "pour l’animer avant de partir."
            )
        successeur = Membre.objects.select_for_update().get(pk=successeur.pk)
        if successeur.collectif_id != collectif.pk or successeur.statut != Membre.Statut.ACCEPTE:
            raise EtatIncompatible("Désignez un membre du collectif pour l’animer.")
        successeur.role = Membre.Role.ANIMATEUR
        successeur.save(update_fields=["role"])
        journaliser(
            collectif, par=par, action="animateur_nomme", message=str(successeur.utilisateur)
        )
    journaliser(
        collectif,
        par=par,
        action="depart" if membre.statut == Membre.Statut.ACCEPTE else "demande_retiree",
    )
    membre.delete()


@transaction.atomic
def retirer(membre, *, par) -> None:
    """An animateur removes another member (animateurs leave through `quitter`)."""
    membre = _membre_verrouille(membre)
    exiger_animateur(membre.collectif, par)
    if membre.utilisateur_id == par.pk:
        raise EtatIncompatible(
            "Pour quitter le collectif, utilisez «\u00a0Quitter le collectif\u00a0»."
        )
    if membre.statut != Membre.Statut.ACCEPTE:
        raise EtatIncompatible("Cette personne n’est pas membre\u00a0: répondez à sa demande.")
    journaliser(membre.collectif, par=par, action="membre_retire", message=str(membre.utilisateur))
    membre.delete()


@transaction.atomic
def changer_role(membre, *, par, role: str) -> Membre:
    """Name an accepted member animateur, or make an animateur a plain member again;
    the collectif keeps at least one animateur."""
    membre = _membre_verrouille(membre)
    exiger_animateur(membre.collectif, par)
    if role not in Membre.Role.values:
        raise EtatIncompatible("Rôle inconnu.")
    if membre.statut != Membre.Statut.ACCEPTE:
        raise EtatIncompatible("Seul un membre du collectif peut l’animer.")
    if (
        role == Membre.Role.MEMBRE
        and membre.est_animateur
        and not _autres_animateurs(membre).exists()
    ):
        raise EtatIncompatible("Le collectif doit garder au moins un animateur.")
    membre.role = role
    membre.save(update_fields=["role"])
    action = "animateur_nomme" if role == Membre.Role.ANIMATEUR else "animateur_retire"
    journaliser(membre.collectif, par=par, action=action, message=str(membre.utilisateur))
    return membre


@transaction.atomic
def modifier_participation(
    collectif, *, par, college: str, fonction: str, nom_public: bool
) -> Membre:
    """A member changes their own collège, function, and whether their name is public."""
    _verifier_college(college)
    membre = Membre.objects.select_for_update().filter(collectif=collectif, utilisateur=par).first()
    if membre is None:
        raise TransitionInterdite("Vous n’êtes pas membre de ce collectif.")
    membre.college, membre.fonction, membre.nom_public = college, fonction.strip(), nom_public
    membre.save(update_fields=["college", "fonction", "nom_public"])
    return membre
