"""The partners' pages: a partner's administrator manages their organisation's keys
only; national administrators manage organisations, who manages their keys and
whether they are trusted; everyone else gets a 403."""

import re

import pytest
from django.utils import timezone

from comptes.models import Organisation, Utilisateur
from partenaires.models import CleApi, Portee
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.partenaires.factories import admin_partenaire, entete, nouvelle_cle

pytestmark = pytest.mark.django_db

CLES = "/partenaires/cles/"


@pytest.fixture
def gestionnaire(client):
    utilisateur = admin_partenaire(OrganisationFactory(nom="CAF du Nord"))
    client.force_login(utilisateur)
    return utilisateur


def test_un_gestionnaire_ne_voit_que_les_cles_de_son_organisation(client, gestionnaire):
    sienne, _ = nouvelle_cle(gestionnaire.organisation, nom="Sa synchronisation")
    autre, _ = nouvelle_cle(OrganisationFactory(nom="MSA"), nom="Celle d’une autre")
    html = client.get(CLES).content.decode()
    assert html.count("<h1") == 1
    assert "Clés d’API de CAF du Nord" in html
    assert sienne.prefix in html and "Sa synchronisation" in html
    assert autre.prefix not in html
    # Nor can they reach another organisation's keys by its address.
    assert (
        client.get(f"/partenaires/organisations/{autre.organisation_id}/cles/").status_code == 403
    )
    assert client.get(f"{CLES}{autre.prefix}/revoquer/").status_code == 404
    assert client.post(f"{CLES}{autre.prefix}/revoquer/").status_code == 404
    assert not CleApi.objects.get(pk=autre.pk).revoked


def test_creer_une_cle_l_affiche_une_fois_et_n_en_garde_que_l_empreinte(client, gestionnaire):
    reponse = client.post(
        f"{CLES}nouvelle/",
        {"nom": "Entrepôt de données", "portees": [Portee.LECTURE, Portee.IMPORT]},
    )
    assert reponse.status_code == 200
    assert "no-store" in reponse["Cache-Control"]
    html = reponse.content.decode()
    (texte,) = re.findall(r'value="([A-Za-z0-9]{8}\.[A-Za-z0-9]{32})"', html)
    cle = CleApi.objects.get(organisation=gestionnaire.organisation)
    assert texte.startswith(cle.prefix + ".")
    assert cle.portees == [Portee.IMPORT, Portee.LECTURE]
    assert cle.creee_par == gestionnaire
    assert "ne sera plus jamais affichée" in html
    # Never again: the list shows the prefix only, and the key works.
    liste = client.get(CLES).content.decode()
    assert cle.prefix in liste and texte not in liste
    assert client.get("/api/v1/pratiques/", **entete(texte)).status_code == 200


def test_les_erreurs_du_formulaire_sont_a_cote_des_champs(client, gestionnaire):
    hier = timezone.localdate().replace(year=2020).isoformat()
    reponse = client.post(f"{CLES}nouvelle/", {"nom": "", "expire_le": hier})
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "Choisissez au moins un droit." in html
    assert "Choisissez une date postérieure à aujourd’hui." in html
    assert not CleApi.objects.exists()


def test_revoquer_demande_confirmation_puis_la_cle_repond_401(client, gestionnaire):
    cle, texte = nouvelle_cle(gestionnaire.organisation)
    confirmation = client.get(f"{CLES}{cle.prefix}/revoquer/")
    assert "Cela ne peut pas être annulé." in confirmation.content.decode()
    assert not CleApi.objects.get(pk=cle.pk).revoked
    reponse = client.post(f"{CLES}{cle.prefix}/revoquer/", follow=True)
    assert "est révoquée" in reponse.content.decode()
    assert CleApi.objects.get(pk=cle.pk).revoked
    assert client.get("/api/v1/pratiques/", **entete(texte)).status_code == 401


def test_les_comptes_et_la_derniere_utilisation_sont_affiches(client, gestionnaire):
    cle, texte = nouvelle_cle(gestionnaire.organisation)
    for _ in range(4):
        client.get("/api/v1/pratiques/", **entete(texte))
    html = client.get(CLES).content.decode()
    ligne = html[html.index(cle.prefix) :]
    ligne = ligne[: ligne.index("</tr>")]
    assert re.findall(r"<td>(\d+)</td>", ligne) == ["4", "4"]
    assert "Jamais" not in ligne


@pytest.mark.parametrize(
    "champs",
    [
        {"role": Utilisateur.Role.CONTRIBUTEUR},
        {"role": Utilisateur.Role.MODERATEUR},
        {"role": Utilisateur.Role.PARTENAIRE, "gere_les_cles": False},
    ],
    ids=["contributeur", "modérateur", "partenaire qui ne gère pas les clés"],
)
def test_qui_ne_gere_pas_de_cles_recoit_403(client, champs):
    if champs["role"] == Utilisateur.Role.PARTENAIRE:
        champs["organisation"] = OrganisationFactory()
    client.force_login(UtilisateurFactory(**champs))
    assert client.get(CLES).status_code == 403
    assert client.post(f"{CLES}nouvelle/", {"nom": "x", "portees": ["lecture"]}).status_code == 403
    assert client.get("/partenaires/organisations/").status_code == 403
    assert not CleApi.objects.exists()


def test_sans_connexion_les_pages_renvoient_a_la_connexion(client):
    reponse = client.get(CLES)
    assert reponse.status_code == 302 and "/compte/connexion/" in reponse["Location"]


def test_un_gestionnaire_ne_gere_pas_les_organisations(client, gestionnaire):
    assert client.get("/partenaires/organisations/").status_code == 403
    assert client.post("/partenaires/organisations/nouvelle/", {"nom": "X"}).status_code == 403


@pytest.fixture
def admin_national(client):
    admin = UtilisateurFactory(role=Utilisateur.Role.ADMIN_NATIONAL)
    client.force_login(admin)
    return admin


def test_l_administrateur_national_cree_une_organisation_de_confiance(client, admin_national):
    reponse = client.post(
        "/partenaires/organisations/nouvelle/",
        {"action": "organisation", "nom": "Réseau des CCAS", "type": "reseau_ccas",
         "de_confiance": "on"},
    )  # fmt: skip
    organisation = Organisation.objects.get(nom="Réseau des CCAS")
    assert reponse.status_code == 302
    assert organisation.de_confiance
    liste = client.get("/partenaires/organisations/").content.decode()
    assert "Réseau des CCAS" in liste
    # Errors next to the field, what was typed kept.
    invalide = client.post(
        "/partenaires/organisations/nouvelle/",
        {"action": "organisation", "nom": "Réseau des CCAS", "type": "caf"},
    )
    assert invalide.status_code == 400
    assert "existe déjà" in invalide.content.decode()


def test_l_administrateur_national_rattache_un_compte_et_choisit_les_gestionnaires(
    client, admin_national
):
    organisation = OrganisationFactory(nom="CAF du Gard")
    compte = UtilisateurFactory(email="camille@caf-gard.example.fr")
    adresse = f"/partenaires/organisations/{organisation.pk}/"
    client.post(adresse, {"action": "rattacher", "email": "Camille@caf-gard.example.fr"})
    compte.refresh_from_db()
    assert (compte.role, compte.organisation, compte.gere_les_cles) == (
        Utilisateur.Role.PARTENAIRE,
        organisation,
        True,
    )
    client.post(adresse, {"action": "gestionnaires"})
    compte.refresh_from_db()
    assert not compte.gere_les_cles
    inconnu = client.post(adresse, {"action": "rattacher", "email": "personne@exemple.fr"})
    assert "Aucun compte n’utilise cette adresse" in inconnu.content.decode()
    moderateur = UtilisateurFactory(role=Utilisateur.Role.MODERATEUR)
    refuse = client.post(adresse, {"action": "rattacher", "email": moderateur.email})
    assert "ne peut pas devenir partenaire" in refuse.content.decode()


def test_l_administrateur_national_gere_les_cles_de_toute_organisation(client, admin_national):
    organisation = OrganisationFactory(nom="MSA")
    cle, _ = nouvelle_cle(organisation)
    adresse = f"/partenaires/organisations/{organisation.pk}/cles/"
    assert cle.prefix in client.get(adresse).content.decode()
    client.post(f"{adresse}{cle.prefix}/revoquer/")
    assert CleApi.objects.get(pk=cle.pk).revoked
    reponse = client.post(f"{adresse}nouvelle/", {"nom": "Par l’admin", "portees": ["lecture"]})
    assert reponse.status_code == 200
    assert CleApi.objects.filter(organisation=organisation, revoked=False).count() == 1


def test_la_liste_des_organisations_compte_cles_gestionnaires_et_appels(client, admin_national):
    from partenaires.models import UtilisationCle

    organisation = OrganisationFactory(nom="CAF du Rhône")
    premiere, _ = nouvelle_cle(organisation)  # and its manager
    seconde, _ = nouvelle_cle(organisation)  # a second manager
    revoquee, _ = nouvelle_cle(organisation)
    CleApi.objects.filter(pk=revoquee.pk).update(revoked=True)
    aujourd_hui = timezone.localdate()
    UtilisationCle.objects.create(cle=premiere, jour=aujourd_hui, nombre=5)
    UtilisationCle.objects.create(cle=seconde, jour=aujourd_hui, nombre=2)
    UtilisationCle.objects.create(cle=seconde, jour=aujourd_hui.replace(year=2020), nombre=50)
    html = client.get("/partenaires/organisations/").content.decode()
    ligne = html[html.index("CAF du Rhône") :]
    ligne = ligne[: ligne.index("</tr>")]
    # Gestionnaires, active keys, calls over the last days.
    assert re.findall(r"<td>(\d+)</td>", ligne) == ["3", "2", "7"]


def test_mon_compte_mene_aux_pages_des_partenaires_selon_le_role(client, gestionnaire):
    html = client.get("/compte/").content.decode()
    assert f'href="{CLES}"' in html and 'href="/partenaires/organisations/"' not in html

    client.force_login(UtilisateurFactory(role=Utilisateur.Role.ADMIN_NATIONAL))
    html = client.get("/compte/").content.decode()
    assert 'href="/partenaires/organisations/"' in html and f'href="{CLES}"' not in html

    client.force_login(UtilisateurFactory())
    assert "/partenaires/" not in client.get("/compte/").content.decode()
