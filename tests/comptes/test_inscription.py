"""Sign-up with e-mail confirmation."""

import re
from unittest import mock

import pytest
from django.core import signing

from comptes.models import Utilisateur
from comptes.services import jeton_confirmation
from core.models import EmailSortant
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory

pytestmark = pytest.mark.django_db

FORMULAIRE = {
    "prenom": "Camille",
    "nom": "Durand",
    "email": "Camille.Durand@Exemple.fr",
    "mot_de_passe": MOT_DE_PASSE,
    "conditions": "on",
}


def lien_du_dernier_courriel() -> str:
    courriel = EmailSortant.objects.order_by("-pk").first()
    return re.search(r"http://\S+", courriel.corps_texte).group(0)


def test_l_inscription_cree_un_compte_inactif_et_envoie_un_lien_de_confirmation(client):
    reponse = client.post("/compte/inscription/", FORMULAIRE)
    assert reponse.status_code == 302
    assert reponse.url == "/compte/inscription/envoyee/"
    utilisateur = Utilisateur.objects.get()
    assert utilisateur.email == "camille.durand@exemple.fr"
    assert utilisateur.role == Utilisateur.Role.CONTRIBUTEUR
    assert not utilisateur.is_active
    courriel = EmailSortant.objects.get()
    assert courriel.destinataires == ["camille.durand@exemple.fr"]
    assert courriel.sujet.startswith("Confirmez votre adresse e-mail")
    assert "/compte/confirmation/" in courriel.corps_texte


def test_le_lien_de_confirmation_active_le_compte_qui_peut_alors_se_connecter(client):
    client.post("/compte/inscription/", FORMULAIRE)
    lien = lien_du_dernier_courriel()
    reponse = client.get(lien.removeprefix("http://127.0.0.1:8000"))
    assert reponse.status_code == 302 and reponse.url == "/compte/connexion/"
    utilisateur = Utilisateur.objects.get()
    assert utilisateur.is_active and utilisateur.email_confirme_le is not None
    assert client.login(username="camille.durand@exemple.fr", password=MOT_DE_PASSE)


def test_sans_confirmation_la_connexion_est_refusee(client):
    client.post("/compte/inscription/", FORMULAIRE)
    assert not client.login(username="camille.durand@exemple.fr", password=MOT_DE_PASSE)


def test_un_lien_falsifie_est_refuse_en_francais(client):
    client.post("/compte/inscription/", FORMULAIRE)
    jeton = jeton_confirmation(Utilisateur.objects.get())
    reponse = client.get(f"/compte/confirmation/{jeton[:-2]}xx/")
    assert reponse.status_code == 400
    assert "Ce lien de confirmation n’est pas valide." in reponse.content.decode()
    assert not Utilisateur.objects.get().is_active


def test_un_lien_expire_est_refuse(client):
    client.post("/compte/inscription/", FORMULAIRE)
    utilisateur = Utilisateur.objects.get()
    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
        jeton = jeton_confirmation(utilisateur)
    reponse = client.get(f"/compte/confirmation/{jeton}/")
    assert reponse.status_code == 400
    assert "a expiré" in reponse.content.decode()
    assert signing.loads(jeton, salt="comptes.confirmation-email")["id"] == utilisateur.pk


def test_une_adresse_deja_inscrite_ne_cree_rien_et_previent_son_titulaire(client):
    existant = UtilisateurFactory(email="camille.durand@exemple.fr")
    reponse = client.post("/compte/inscription/", FORMULAIRE)
    # Same answer as a new sign-up: the page does not reveal who is registered.
    assert reponse.status_code == 302 and reponse.url == "/compte/inscription/envoyee/"
    assert Utilisateur.objects.count() == 1
    existant.refresh_from_db()
    assert existant.check_password(MOT_DE_PASSE)
    courriel = EmailSortant.objects.get()
    assert courriel.sujet.startswith("Vous avez déjà un compte")
    assert "/compte/mot-de-passe/oubli/" in courriel.corps_texte


def test_une_inscription_jamais_confirmee_recoit_un_nouveau_lien(client):
    client.post("/compte/inscription/", FORMULAIRE)
    client.post("/compte/inscription/", {**FORMULAIRE, "mot_de_passe": "autre mot de passe 2026"})
    assert Utilisateur.objects.count() == 1
    assert Utilisateur.objects.get().check_password(MOT_DE_PASSE)
    sujets = list(EmailSortant.objects.values_list("sujet", flat=True))
    assert len(sujets) == 2 and all(s.startswith("Confirmez") for s in sujets)


def test_un_mot_de_passe_faible_est_refuse_a_cote_du_champ_sans_perdre_la_saisie(client):
    reponse = client.post("/compte/inscription/", {**FORMULAIRE, "mot_de_passe": "123456"})
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Ce mot de passe est trop court" in html
    assert 'value="Camille.Durand@Exemple.fr"' in html
    assert 'value="Durand"' in html
    assert not Utilisateur.objects.exists()
    assert not EmailSortant.objects.exists()


def test_l_engagement_sur_les_donnees_personnelles_est_obligatoire(client):
    donnees = {k: v for k, v in FORMULAIRE.items() if k != "conditions"}
    reponse = client.post("/compte/inscription/", donnees)
    assert reponse.status_code == 200
    assert "Ce champ est obligatoire." in reponse.content.decode()
    assert not Utilisateur.objects.exists()
