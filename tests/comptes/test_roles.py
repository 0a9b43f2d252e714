"""The user model: e-mail login and the roles of docs/domaine.md §6."""

import pytest
from django.db import IntegrityError

from comptes.models import Utilisateur
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_l_adresse_est_enregistree_en_minuscules_et_unique_sans_tenir_compte_de_la_casse():
    UtilisateurFactory(email="Agent@Departement.fr")
    assert Utilisateur.objects.get().email == "agent@departement.fr"
    with pytest.raises(IntegrityError):
        Utilisateur.objects.bulk_create([Utilisateur(email="agent@departement.fr")])


def test_un_partenaire_est_toujours_rattache_a_une_organisation():
    caf = OrganisationFactory(nom="CAF du Nord")
    partenaire = UtilisateurFactory(role=Utilisateur.Role.PARTENAIRE, organisation=caf)
    assert partenaire.est_partenaire
    with pytest.raises(IntegrityError):
        UtilisateurFactory(role=Utilisateur.Role.PARTENAIRE, organisation=None)


def test_un_superutilisateur_est_administrateur_national():
    admin = Utilisateur.objects.create_superuser("admin@exemple.fr", "un mot de passe solide")
    assert admin.role == Utilisateur.Role.ADMIN_NATIONAL
    assert admin.est_admin_national and admin.is_active and admin.is_staff


@pytest.mark.parametrize(
    ("role", "moderateur", "admin"),
    [
        (Utilisateur.Role.CONTRIBUTEUR, False, False),
        (Utilisateur.Role.MODERATEUR, True, False),
        (Utilisateur.Role.ADMIN_NATIONAL, False, True),
    ],
)
def test_les_roles(role, moderateur, admin):
    utilisateur = UtilisateurFactory(role=role)
    assert utilisateur.est_moderateur is moderateur
    assert utilisateur.est_admin_national is admin
