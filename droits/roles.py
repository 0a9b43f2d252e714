"""Changing a person's role (docs/domaine.md §20): only national administrators do it,
and every change is written to the journal (JournalRole) in the same transaction."""

from django.db import transaction

from comptes.models import Utilisateur
from droits.models import JournalRole


class RoleRefuse(Exception):
    """A change of role that is not allowed (message in French)."""


def etat(personne: Utilisateur) -> dict:
    """What the journal records of a role: the role, the moderated départements, the
    organisation and whether the person manages its API keys."""
    return {
        "role": personne.role,
        "departements": sorted(d.code for d in personne.departements.all()),
        "organisation": personne.organisation.nom if personne.organisation_id else None,
        "gere_les_cles": personne.gere_les_cles,
    }


def libelle(etat_role: dict) -> str:
    """The recorded state, in French, for the journal page."""
    morceaux = [Utilisateur.Role(etat_role["role"]).label]
    if etat_role["departements"]:
        morceaux.append("départements " + ", ".join(etat_role["departements"]))
    if etat_role["organisation"]:
        morceaux.append(etat_role["organisation"])
    if etat_role["gere_les_cles"]:
        morceaux.append("gère les clés d’API")
    return " — ".join(morceaux)


@transaction.atomic
def changer(
    *,
    par: Utilisateur,
    personne: Utilisateur,
    role: str,
    departements=(),
    organisation=None,
    gere_les_cles: bool = False,
) -> JournalRole | None:
    """Give `personne` a role; returns the journal entry, or None if nothing changed.
    Départements only go with the modérateur role, key management with an
    organisation; a national administrator cannot remove their own role (the platform
    would risk having none)."""
    if not par.est_admin_national:
        raise RoleRefuse("Seuls les administrateurs nationaux gèrent les rôles.")
    personne = Utilisateur.objects.select_for_update().get(pk=personne.pk)
    if personne.pk == par.pk and role != Utilisateur.Role.ADMIN_NATIONAL:
        raise RoleRefuse("Vous ne pouvez pas retirer votre propre rôle d’administrateur national.")
    if role == Utilisateur.Role.PARTENAIRE and organisation is None:
        raise RoleRefuse("Un partenaire est rattaché à une organisation.")
    if gere_les_cles and organisation is None:
        raise RoleRefuse("Pour gérer les clés d’API, la personne doit avoir une organisation.")
    if role == Utilisateur.Role.MODERATEUR and not departements:
        raise RoleRefuse("Un modérateur modère au moins un département.")
    avant = etat(personne)
    personne.role = role
    personne.organisation = organisation
    personne.gere_les_cles = gere_les_cles
    personne.save(update_fields=["role", "organisation", "gere_les_cles"])
    personne.departements.set(departements if role == Utilisateur.Role.MODERATEUR else [])
    apres = etat(Utilisateur.objects.prefetch_related("departements").get(pk=personne.pk))
    if apres == avant:
        return None
    return JournalRole.objects.create(acteur=par, personne=personne, avant=avant, apres=apres)
