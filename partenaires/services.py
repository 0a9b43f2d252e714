"""Creating and revoking API keys: one function per use case, checked and written in a
transaction (the pages call these, never the model directly)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

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
