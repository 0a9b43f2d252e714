"""Login by e-mail, rate-limited failures, logout and password reset."""

import re

import pytest
from django.core.cache import cache

from core.models import EmailSortant
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory

pytestmark = pytest.mark.django_db


def se_connecter(client, email, mot_de_passe=MOT_DE_PASSE):
    return client.post("/compte/connexion/", {"username": email, "password": mot_de_passe})


def test_connexion_par_adresse_e_mail_sans_tenir_compte_de_la_casse(client):
    UtilisateurFactory(email="agent@departement.fr")
    reponse = se_connecter(client, "Agent@Departement.FR")
    assert reponse.status_code == 302
    assert client.get("/compte/").context["user"].email == "agent@departement.fr"


def test_le_champ_adresse_est_une_saisie_d_e_mail_remplie_par_le_navigateur(client):
    html = client.get("/compte/connexion/").content.decode()
    champ = re.search(r'<input[^>]*name="username"[^>]*>', html)[0]
    assert 'type="email"' in champ
    assert 'autocomplete="username"' in champ
    assert 'id="id_username"' in champ and '<label for="id_username" class="fr-label">' in html


def test_un_mauvais_mot_de_passe_donne_un_message_en_francais(client):
    UtilisateurFactory(email="agent@departement.fr")
    reponse = se_connecter(client, "agent@departement.fr", "mauvais")
    assert reponse.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in reponse.content.decode()


def test_apres_cinq_echecs_la_connexion_est_bloquee_meme_avec_le_bon_mot_de_passe(client):
    UtilisateurFactory(email="agent@departement.fr")
    for _ in range(5):
        se_connecter(client, "agent@departement.fr", "mauvais")
    reponse = se_connecter(client, "agent@departement.fr")
    assert reponse.status_code == 200
    assert "Trop de tentatives de connexion ont échoué" in reponse.content.decode()
    assert "_auth_user_id" not in client.session
    # The counters live in Redis: once they expire (here: cleared), login works again.
    cache.clear()
    assert se_connecter(client, "agent@departement.fr").status_code == 302


def test_le_blocage_vise_l_adresse_attaquee_pas_les_autres(client):
    UtilisateurFactory(email="cible@departement.fr")
    UtilisateurFactory(email="collegue@departement.fr")
    for _ in range(5):
        se_connecter(client, "cible@departement.fr", "mauvais")
    assert se_connecter(client, "collegue@departement.fr").status_code == 302


def test_une_connexion_reussie_remet_le_compteur_a_zero(client):
    UtilisateurFactory(email="agent@departement.fr")
    for _ in range(4):
        se_connecter(client, "agent@departement.fr", "mauvais")
    assert se_connecter(client, "agent@departement.fr").status_code == 302
    client.post("/compte/deconnexion/")
    for _ in range(4):
        se_connecter(client, "agent@departement.fr", "mauvais")
    assert se_connecter(client, "agent@departement.fr").status_code == 302


def test_la_deconnexion_se_fait_en_post(client):
    UtilisateurFactory(email="agent@departement.fr")
    se_connecter(client, "agent@departement.fr")
    assert client.post("/compte/deconnexion/").status_code == 302
    assert client.get("/compte/").status_code == 302  # back to the login page


def test_reinitialisation_du_mot_de_passe_par_courriel(client):
    utilisateur = UtilisateurFactory(email="agent@departement.fr")
    reponse = client.post("/compte/mot-de-passe/oubli/", {"email": "agent@departement.fr"})
    assert reponse.status_code == 302
    courriel = EmailSortant.objects.get()
    assert courriel.destinataires == ["agent@departement.fr"]
    chemin = re.search(r"http://testserver(\S+)", courriel.corps_texte).group(1)

    formulaire = client.get(chemin, follow=True)
    assert formulaire.status_code == 200
    nouveau = "un tout nouveau mot de passe"
    reponse = client.post(
        formulaire.redirect_chain[-1][0],
        {"new_password1": nouveau, "new_password2": nouveau},
    )
    assert reponse.status_code == 302 and reponse.url == "/compte/mot-de-passe/reinitialise/"
    utilisateur.refresh_from_db()
    assert utilisateur.check_password(nouveau)
    # The link works once only.
    assert "n’est plus valable" in client.get(chemin, follow=True).content.decode()


def test_une_adresse_inconnue_ne_revele_rien_et_n_envoie_rien(client):
    reponse = client.post("/compte/mot-de-passe/oubli/", {"email": "inconnu@exemple.fr"})
    assert reponse.status_code == 302
    assert not EmailSortant.objects.exists()
