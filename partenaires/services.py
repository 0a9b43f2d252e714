"""Creating and revoking API keys: one function per use case, checked and written in a
transaction (the pages call these, never the model directly)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from comptes.models import Organisation, Utilisateur
from partenaires.models import CleApi


def peut_gerer_les_cles(utilisateur, organisation) -> bool:
    """A partner who manages the keys of their organisation, or a national admin."""
    if not utilisateur.is_authenticated or not utilisateur.is_active:
        return False
    if utilisateur.est_admin_national:
        return True
    return (
        utilisateur.est_partenaire
        and utilisateur.gere_les_cles
        and utilisateur.organisation_id == organisation.pk
    )


@transaction.atomic
def creer_cle(utilisateur, organisation, *, nom, portees, expire_le=None) -> tuple[CleApi, str]:
    """A new key of `organisation`; returns it and the full key, shown once (only its
    hash is kept)."""
    if not peut_gerer_les_cles(utilisateur, organisation):
        raise PermissionDenied("Vous ne gérez pas les clés de cette organisation.")
    return CleApi.objects.create_key(
        organisation=organisation,
        name=nom,
        portees=sorted(set(portees)),
        expiry_date=expire_le,
        creee_par=utilisateur if utilisateur.pk else None,
    )


@transaction.atomic
def revoquer_cle(utilisateur, cle: CleApi) -> CleApi:
    """Revoke `cle` (cannot be undone); revoking a revoked key changes nothing."""
    cle = CleApi.objects.select_for_update().get(pk=cle.pk)
    if not peut_gerer_les_cles(utilisateur, cle.organisation):
        raise PermissionDenied("Vous ne gérez pas les clés de cette organisation.")
    if not cle.revoked:
        cle.revoked = True
        cle.revoquee_le = timezone.now()
        cle.save(update_fields=["revoked", "revoquee_le"])
    return cle


# --- Organisations (national administrators) -----------------------------------------


def _exiger_admin_national(utilisateur):
    if not (
        utilisateur.is_authenticated and utilisateur.is_active and utilisateur.est_admin_national
    ):
        raise PermissionDenied("Réservé aux administrateurs nationaux.")


@transaction.atomic
def enregistrer_organisation(utilisateur, organisation: Organisation) -> Organisation:
    """Create or change an organisation (name, type, site, trust level)."""
    _exiger_admin_national(utilisateur)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def rattacher_partenaire(utilisateur, organisation: Organisation, email: str) -> Utilisateur:
    """Make the account `email` a partner of `organisation`, who manages its keys."""
    _exiger_admin_national(utilisateur)
    membre = Utilisateur.objects.select_for_update().get(email__iexact=email.strip())
    membre.role = Utilisateur.Role.PARTENAIRE
    membre.organisation = organisation
    membre.gere_les_cles = True
    membre.save(update_fields=["role", "organisation", "gere_les_cles"])
    return membre


@transaction.atomic
def choisir_gestionnaires(utilisateur, organisation: Organisation, gestionnaires) -> None:
    """Among the partners of `organisation`, those who manage its keys."""
    _exiger_admin_national(utilisateur)
    membres = Utilisateur.objects.filter(
        organisation=organisation, role=Utilisateur.Role.PARTENAIRE
    )
    ids = {membre.pk for membre in gestionnaires}
    membres.filter(pk__in=ids).update(gere_les_cles=True)
    membres.exclude(pk__in=ids).update(gere_les_cles=False)
