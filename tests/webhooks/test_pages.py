"""The webhook pages (/partenaires/webhooks/): a partner who manages their
organisation's keys manages its endpoints, and only theirs; anyone else gets a 403."""

import pytest

from comptes.models import Utilisateur
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.outils import texte
from tests.partenaires.factories import admin_partenaire
from tests.webhooks.factories import point
from webhooks.evenements import FICHE_ARCHIVEE, FICHE_PUBLIEE, TEST
from webhooks.models import Livraison, PointDeTerminaison

pytestmark = pytest.mark.django_db

LISTE = "/partenaires/webhooks/"


@pytest.fixture
def gestionnaire(client):
    utilisateur = admin_partenaire(OrganisationFactory(nom="CAF du Nord"))
    client.force_login(utilisateur)
    return utilisateur


def test_seuls_les_gestionnaires_des_cles_ont_acces(client):
    organisation = OrganisationFactory()
    assert client.get(LISTE).status_code == 302  # to the sign-in page
    for personne in (
        UtilisateurFactory(),
        UtilisateurFactory(
            role=Utilisateur.Role.PARTENAIRE, organisation=organisation, gere_les_cles=False
        ),
    ):
        client.force_login(personne)
        assert client.get(LISTE).status_code == 403
        assert client.post(f"{LISTE}nouveau/", {"url": "https://exemple.org/"}).status_code == 403
    assert not PointDeTerminaison.objects.exists()


def test_creer_un_point_montre_son_secret(client, gestionnaire):
    reponse = client.post(
        f"{LISTE}nouveau/",
        {
            "url": "https://recepteur.example.org/crochet",
            "description": "Notre annuaire",
            "evenements": [FICHE_PUBLIEE, FICHE_ARCHIVEE],
        },
        follow=True,
    )
    objet = PointDeTerminaison.objects.get()
    assert reponse.redirect_chain[-1][0] == f"{LISTE}{objet.pk}/"
    assert objet.organisation == gestionnaire.organisation and objet.cree_par == gestionnaire
    assert objet.evenements == [FICHE_ARCHIVEE, FICHE_PUBLIEE]
    html = reponse.content.decode()
    assert f'value="{objet.secret}"' in html
    assert "no-store" in reponse["Cache-Control"]
    assert "Copiez son secret" in texte(html)
    liste = texte(client.get(LISTE).content.decode())
    assert "https://recepteur.example.org/crochet" in liste and "Notre annuaire" in liste
    assert objet.secret not in liste


def test_un_formulaire_invalide_garde_la_saisie_et_dit_pourquoi(client, gestionnaire, settings):
    settings.WEBHOOKS_ADRESSES_LOCALES = False
    reponse = client.post(f"{LISTE}nouveau/", {"url": "http://recepteur.example.org/x"})
    assert reponse.status_code == 400
    html = texte(reponse.content.decode())
    assert "Choisissez au moins un événement." in html
    reponse = client.post(
        f"{LISTE}nouveau/",
        {"url": "http://recepteur.example.org/x", "evenements": [FICHE_PUBLIEE]},
    )
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "L’adresse doit commencer par https://." in html
    assert 'value="http://recepteur.example.org/x"' in html
    assert not PointDeTerminaison.objects.exists()


def test_un_gestionnaire_ne_voit_pas_les_points_d_une_autre_organisation(client, gestionnaire):
    autre = point("https://autre.example.org/crochet")
    assert "autre.example.org" not in client.get(LISTE).content.decode()
    for suffixe in ("", "modifier/", "supprimer/"):
        assert client.get(f"{LISTE}{autre.pk}/{suffixe}").status_code == 404
    for action in ("tester", "reactiver", "renouveler-secret", "supprimer"):
        assert client.post(f"{LISTE}{autre.pk}/{action}/").status_code == 404
    assert PointDeTerminaison.objects.filter(pk=autre.pk, secret=autre.secret).exists()
    assert not Livraison.objects.exists()


def test_envoyer_un_test_puis_lire_le_journal(client, gestionnaire):
    objet = point("https://recepteur.example.org/crochet", gestionnaire.organisation)
    reponse = client.post(f"{LISTE}{objet.pk}/tester/", follow=True)
    (livraison,) = Livraison.objects.filter(point=objet)
    assert livraison.evenement == TEST
    html = texte(reponse.content.decode())
    assert "Un événement de test est envoyé" in html
    assert livraison.identifiant in html and "À envoyer" in html
    Livraison.objects.filter(pk=livraison.pk).update(
        etat=Livraison.Etat.ECHEC, tentatives=2, dernier_statut=503, derniere_duree_ms=87
    )
    html = texte(client.get(f"{LISTE}{objet.pk}/").content.decode())
    assert "En échec, nouvel essai prévu" in html and "503" in html and "87 ms" in html
    assert client.get(f"{LISTE}{objet.pk}/inconnue/").status_code == 405
    assert client.post(f"{LISTE}{objet.pk}/inconnue/").status_code == 404


def test_un_point_desactive_se_reactive_et_ne_recoit_pas_de_test(client, gestionnaire):
    objet = point("https://recepteur.example.org/crochet", gestionnaire.organisation)
    PointDeTerminaison.objects.filter(pk=objet.pk).update(
        actif=False, motif_desactivation="10 envois en échec."
    )
    html = texte(client.get(f"{LISTE}{objet.pk}/").content.decode())
    assert "10 envois en échec." in html and "Envoyer un test" not in html
    reponse = client.post(f"{LISTE}{objet.pk}/tester/", follow=True)
    assert "Réactivez ce point de terminaison" in texte(reponse.content.decode())
    assert not Livraison.objects.exists()
    client.post(f"{LISTE}{objet.pk}/reactiver/")
    objet.refresh_from_db()
    assert objet.actif and objet.motif_desactivation == ""


def test_modifier_renouveler_le_secret_puis_supprimer(client, gestionnaire):
    objet = point("https://recepteur.example.org/crochet", gestionnaire.organisation)
    formulaire = client.get(f"{LISTE}{objet.pk}/modifier/").content.decode()
    assert 'value="https://recepteur.example.org/crochet"' in formulaire
    client.post(
        f"{LISTE}{objet.pk}/modifier/",
        {"url": "https://nouveau.example.org/crochet", "evenements": [FICHE_ARCHIVEE]},
    )
    ancien = objet.secret
    client.post(f"{LISTE}{objet.pk}/renouveler-secret/")
    objet.refresh_from_db()
    assert objet.url == "https://nouveau.example.org/crochet"
    assert objet.evenements == [FICHE_ARCHIVEE]
    assert objet.secret != ancien
    assert (
        "ne recevra plus aucun événement"
        in client.get(f"{LISTE}{objet.pk}/supprimer/").content.decode()
    )
    reponse = client.post(f"{LISTE}{objet.pk}/supprimer/", follow=True)
    assert "est supprimé" in texte(reponse.content.decode())
    assert not PointDeTerminaison.objects.exists()
