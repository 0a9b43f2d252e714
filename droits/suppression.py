"""Deleting one's account (docs/domaine.md §20). The row is anonymised rather than
deleted: what it is linked to (published versions, moderation decisions, jury
scores, the role journal) stays consistent, and nothing left names the person.

- fiches never published (drafts, submitted, refused) and open revisions are deleted;
- published and archived fiches stay, shown as written by ANONYME, unless a colleague
  of the same organisation accepts them (proposer_transfert / accepter_transfert);
- alerts, follows, collectif memberships are deleted; API keys the person created
  are revoked; their reprises no longer offer contact; their e-mails in the outbox
  are deleted; their fiches' contact address is emptied where it was theirs."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from collectifs.models import Membre
from comptes.models import Utilisateur
from core.models import EmailSortant
from decouverte.models import Alerte
from droits import courriels
from essaimage.models import Reprise
from partenaires.models import CleApi
from pratiques.models import Etat, Fiche, Revision, VersionPubliee
from prix.models import MembreJury
from suivis.models import Abonnement, SuiviFiche, SuiviTerritoire

ANONYME = "Un·e ancien·ne contributeur·rice"
ETATS_QUI_RESTENT = [Etat.PUBLIEE, Etat.ARCHIVEE]
SEL_TRANSFERT = "droits.transfert-fiches"
VALIDITE_TRANSFERT = 30 * 86400


class TransfertInvalide(Exception):
    """A transfer link that is altered, expired or meant for someone else (in French)."""


def dernier_admin_national(personne: Utilisateur) -> bool:
    """The platform keeps at least one active national administrator."""
    return (
        personne.est_admin_national
        and not Utilisateur.objects.filter(is_active=True)
        .admins_nationaux()
        .exclude(pk=personne.pk)
        .exists()
    )


def brouillons(personne: Utilisateur):
    """The fiches deleted with the account (listed on the confirmation page)."""
    return Fiche.objects.filter(auteur=personne).exclude(etat__in=ETATS_QUI_RESTENT)


def fiches_qui_restent(personne):
    """The published fiches that stay (`personne`: an account or its pk)."""
    return Fiche.objects.filter(auteur=personne, etat__in=ETATS_QUI_RESTENT)


def collegues(personne: Utilisateur):
    """Who may take the published fiches over: active people of the same organisation."""
    if personne.organisation_id is None:
        return Utilisateur.objects.none()
    return (
        Utilisateur.objects.filter(organisation_id=personne.organisation_id, is_active=True)
        .exclude(pk=personne.pk)
        .order_by("nom", "prenom", "email")
    )


def _sans_adresse(email: str) -> None:
    """Empty the contact address kept inside stored contents when it was the person's
    (a revision's content, a published version's `champs`)."""
    for revision in Revision.objects.filter(contenu__contact_email=email):
        revision.contenu = {**revision.contenu, "contact_email": ""}
        revision.save(update_fields=["contenu"])
    for version in VersionPubliee.objects.filter(contenu__champs__contact_email=email):
        champs = {**version.contenu["champs"], "contact_email": ""}
        version.contenu = {**version.contenu, "champs": champs}
        version.save(update_fields=["contenu"])


def proposer_transfert(personne: Utilisateur, collegue: Utilisateur) -> None:
    jeton = signing.dumps({"de": personne.pk, "a": collegue.pk}, salt=SEL_TRANSFERT)
    courriels.envoyer(
        "transfert_fiches",
        collegue.email,
        {
            "nom": personne.nom_complet or "Un membre de votre organisation",
            "fiches": list(fiches_qui_restent(personne).values_list("titre", flat=True)),
            "lien": settings.SITE_URL + reverse("droits:transfert", kwargs={"jeton": jeton}),
        },
    )


def lire_transfert(jeton: str, par: Utilisateur) -> int:
    """The account whose fiches the link offers to `par`."""
    try:
        donnees = signing.loads(jeton, salt=SEL_TRANSFERT, max_age=VALIDITE_TRANSFERT)
    except signing.BadSignature as erreur:
        raise TransfertInvalide("Ce lien n’est pas valide ou a expiré.") from erreur
    if donnees["a"] != par.pk:
        raise TransfertInvalide("Ce lien a été envoyé à une autre personne.")
    return donnees["de"]


@transaction.atomic
def accepter_transfert(jeton: str, par: Utilisateur) -> int:
    """Make `par` the author of the published fiches of the deleted account."""
    ancien = lire_transfert(jeton, par)
    return fiches_qui_restent(ancien).update(auteur=par)


@transaction.atomic
def supprimer(personne: Utilisateur, *, transfert_a: Utilisateur | None = None) -> None:
    personne = Utilisateur.objects.select_for_update().get(pk=personne.pk)
    email = personne.email
    if transfert_a is not None:
        if not collegues(personne).filter(pk=transfert_a.pk).exists():
            raise ValueError("The transfer goes to an active colleague of the same organisation.")
        proposer_transfert(personne, transfert_a)
    brouillons(personne).delete()
    Revision.objects.filter(auteur=personne, etat__in=Revision.ETATS_OUVERTS).delete()
    Fiche.objects.filter(contact_email=email).update(contact_email="")
    _sans_adresse(email)
    for modele in (Alerte, Abonnement, SuiviFiche, SuiviTerritoire, Membre):
        modele.objects.filter(utilisateur=personne).delete()
    Reprise.objects.filter(auteur=personne).update(contact_autorise=False)
    CleApi.objects.filter(creee_par=personne, revoked=False).update(
        revoked=True, revoquee_le=timezone.now()
    )
    CleApi.objects.filter(creee_par=personne).update(creee_par=None)
    MembreJury.objects.filter(utilisateur=personne).update(
        nom="Ancien·ne juré·e", email=f"jure-{personne.pk}@anonyme.invalid"
    )
    EmailSortant.objects.filter(destinataires__contains=[email]).delete()
    EmailSortant.objects.filter(repondre_a__contains=[email]).delete()
    personne.email = f"compte-supprime-{personne.pk}@anonyme.invalid"
    personne.prenom = ""
    personne.nom = ANONYME
    personne.role = Utilisateur.Role.CONTRIBUTEUR
    personne.organisation = None
    personne.gere_les_cles = False
    personne.is_active = personne.is_staff = personne.is_superuser = False
    personne.email_confirme_le = None
    personne.last_login = None
    personne.set_unusable_password()
    personne.save()
    personne.departements.clear()
    personne.groups.clear()
    personne.user_permissions.clear()
