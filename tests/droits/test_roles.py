"""Role management by national administrators (docs/domaine.md §20): only they reach
the pages, every change is journaled and shown."""

import pytest
from django.test import Client
from django.urls import reverse

from comptes.models import Utilisateur
from droits import roles
from droits.models import JournalRole
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.outils import connecte

pytestmark = pytest.mark.django_db


@pytest.fixture
def camille(db):
    return UtilisateurFactory(email="camille@exemple.fr", prenom="Camille", nom="Roux")


def test_seuls_les_administrateurs_nationaux_gerent_les_roles(camille, moderateur_nord):
    for url in (reverse("droits:roles"), reverse("droits:role", args=[camille.pk])):
        assert Client().get(url).status_code == 302
        assert connecte(moderateur_nord).get(url).status_code == 403
        assert connecte(camille).post(url, {"role": "admin_national"}).status_code == 403
    assert Utilisateur.objects.get(pk=camille.pk).role == Utilisateur.Role.CONTRIBUTEUR
    assert not JournalRole.objects.exists()
    with pytest.raises(roles.RoleRefuse):
        roles.changer(par=moderateur_nord, personne=camille, role="admin_national")


def test_un_changement_de_role_est_journalise_et_affiche(admin_national, camille, geo):
    client = connecte(admin_national)
    reponse = client.post(
        reverse("droits:role", args=[camille.pk]),
        {"role": "moderateur", "departements": [geo.nord.pk, geo.pas_de_calais.pk]},
    )
    assert reponse.status_code == 302
    camille.refresh_from_db()
    assert camille.role == Utilisateur.Role.MODERATEUR
    assert camille.modere_en(geo.nord.pk)
    entree = JournalRole.objects.get()
    assert (entree.acteur, entree.personne) == (admin_national, camille)
    assert entree.avant == {
        "role": "contributeur",
        "departements": [],
        "organisation": None,
        "gere_les_cles": False,
    }
    assert entree.apres["departements"] == ["59", "62"]
    page = client.get(reverse("droits:roles")).content.decode()
    assert "camille@exemple.fr" in page
    assert "Modérateur — départements 59, 62" in page
    # the same role again changes nothing and writes nothing
    client.post(
        reverse("droits:role", args=[camille.pk]),
        {"role": "moderateur", "departements": [geo.nord.pk, geo.pas_de_calais.pk]},
    )
    assert JournalRole.objects.count() == 1


def test_un_partenaire_gestionnaire_des_cles(admin_national, camille):
    organisation = OrganisationFactory(nom="MSA Picardie")
    client = connecte(admin_national)
    refus = client.post(
        reverse("droits:role", args=[camille.pk]), {"role": "partenaire", "gere_les_cles": "on"}
    )
    assert refus.status_code == 200
    assert "rattaché à une organisation" in refus.content.decode()
    client.post(
        reverse("droits:role", args=[camille.pk]),
        {"role": "partenaire", "organisation": organisation.pk, "gere_les_cles": "on"},
    )
    camille.refresh_from_db()
    assert (camille.role, camille.organisation, camille.gere_les_cles) == (
        "partenaire",
        organisation,
        True,
    )
    assert JournalRole.objects.get().apres["organisation"] == "MSA Picardie"


def test_un_moderateur_sans_departement_et_son_propre_role_sont_refuses(admin_national, camille):
    client = connecte(admin_national)
    reponse = client.post(reverse("droits:role", args=[camille.pk]), {"role": "moderateur"})
    assert "au moins un département" in reponse.content.decode()
    reponse = client.post(
        reverse("droits:role", args=[admin_national.pk]), {"role": "contributeur"}
    )
    assert "votre propre rôle" in reponse.content.decode()
    assert Utilisateur.objects.get(pk=admin_national.pk).est_admin_national
    assert not JournalRole.objects.exists()


def test_la_recherche_trouve_un_contributeur(admin_national, camille):
    page = connecte(admin_national).get(reverse("droits:roles"), {"q": "roux"}).content.decode()
    assert reverse("droits:role", args=[camille.pk]) in page
