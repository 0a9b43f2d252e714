"""With debug off, as in production, errors answer French pages in the site's layout:
header, footer, a way back, no technical detail; with the database down, a 503 page
rendered without it; a refused CSRF check says what happened and leads back to the form."""

import re
import socket
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client

from core.context_processors import ETAT_ACCESSIBILITE
from core.erreurs import erreur_serveur
from tests.comptes.factories import UtilisateurFactory
from tests.outils import connecte, texte, titre_de_la_page


@pytest.fixture(autouse=True)
def sans_debug(settings):
    settings.DEBUG = False


def assert_page_d_erreur(reponse, statut, titre):
    assert reponse.status_code == statut
    html = reponse.content.decode()
    assert '<html lang="fr"' in html
    assert titre_de_la_page(html) == f"{titre} — Pratiques inspirantes"
    assert re.findall(r"<h1>(.*?)</h1>", html) == [titre]
    assert f"Erreur {statut}" in html
    assert '<header role="banner" class="fr-header">' in html
    assert '<footer class="fr-footer" role="contentinfo" id="pied-de-page">' in html
    assert 'href="/accessibilite/"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Traceback" not in html and "Exception" not in html
    return html


@pytest.mark.django_db
def test_une_adresse_inconnue_repond_la_page_introuvable_avec_une_recherche(client):
    html = assert_page_d_erreur(client.get("/pratique-qui-n-existe-pas/"), 404, "Page introuvable")
    formulaire = re.search(r'<form[^>]*id="recherche-introuvable".*?</form>', html, re.S)[0]
    assert 'action="/pratiques/recherche/"' in formulaire and 'role="search"' in formulaire
    assert 'name="q"' in formulaire
    assert '<label class="fr-label" for="recherche-introuvable-input">' in formulaire
    assert '<a class="fr-btn" href="/">Retour à l’accueil</a>' in html


@pytest.mark.django_db
def test_une_fiche_inconnue_ne_montre_pas_le_message_technique(client):
    html = assert_page_d_erreur(client.get("/pratiques/fiche/inconnue/"), 404, "Page introuvable")
    assert "matches the given query" not in html and "Fiche" not in texte(html)


@pytest.mark.django_db
def test_un_nom_d_hote_refuse_repond_la_page_demande_incorrecte(client):
    reponse = client.get("/", HTTP_HOST="pirate.example")
    html = assert_page_d_erreur(reponse, 400, "Demande incorrecte")
    assert "pirate.example" not in html and "ALLOWED_HOSTS" not in html


@pytest.mark.django_db
def test_un_acces_interdit_repond_la_page_acces_refuse():
    # A staff account without any permission: the admin raises PermissionDenied.
    client = connecte(UtilisateurFactory(is_staff=True))
    reponse = client.get("/administration/comptes/utilisateur/")
    html = assert_page_d_erreur(reponse, 403, "Accès refusé")
    # The page is the signed-in person's: their menu, with a working logout form.
    assert "Se déconnecter" in html and 'name="csrfmiddlewaretoken"' in html


# --- The 500 page, database down --------------------------------------------------------


def port_ferme() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def base_de_donnees_injoignable():
    """The default connection now points at a port where nothing listens."""
    reglages = connection.settings_dict
    avant = reglages["HOST"], reglages["PORT"]
    connection.close()
    reglages["HOST"], reglages["PORT"] = "127.0.0.1", port_ferme()
    try:
        yield
    finally:
        connection.close()
        reglages["HOST"], reglages["PORT"] = avant


@pytest.mark.django_db(transaction=True)
def test_la_page_d_erreur_serveur_s_affiche_base_de_donnees_injoignable(settings):
    client = Client(raise_request_exception=False)
    # Signed in: a page that read the user would need the session table.
    client.force_login(UtilisateurFactory())
    with base_de_donnees_injoignable():
        with pytest.raises(OperationalError):
            connection.ensure_connection()
        reponse = client.get("/")  # the home page lists fiches: its query fails
    # A database outage is no bug of ours: 503, "come back shortly" (core.erreurs).
    html = assert_page_d_erreur(reponse, 503, "Service momentanément indisponible")
    assert reponse["Retry-After"] == "30"
    assert "OperationalError" not in html and "connection" not in html.lower()
    # The footer and the contact come from the same context as every page, minus the request.
    assert f"Accessibilité&nbsp;: {ETAT_ACCESSIBILITE}" in html
    assert f'<a href="mailto:{settings.CONTACT_EMAIL}">' in html
    assert '<a class="fr-btn" href="/">Retour à l’accueil</a>' in html
    # The database is back for what follows.
    assert client.get("/").status_code == 200


def test_toute_autre_erreur_serveur_repond_la_page_500(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        reponse = erreur_serveur(rf.get("/"))
    html = assert_page_d_erreur(reponse, 500, "Erreur inattendue")
    assert "a bug" not in html


# --- A refused CSRF check ------------------------------------------------------------


@pytest.fixture
def client_csrf():
    return Client(enforce_csrf_checks=True)


def test_sans_cookie_de_securite_la_page_dit_pourquoi_et_ramene_au_formulaire(client_csrf):
    reponse = client_csrf.post(
        "/compte/connexion/",
        {"username": "agent@departement.fr", "password": "un mot de passe"},
        HTTP_REFERER="http://testserver/compte/connexion/?suivant=/compte/",
    )
    html = assert_page_d_erreur(reponse, 403, "Le formulaire n’a pas pu être envoyé")
    lisible = texte(html)
    assert "bloque peut-être les cookies" in lisible
    assert "Ce que vous venez de saisir n’a pas été enregistré par cet envoi." in lisible
    assert "Rien de ce que vous aviez enregistré auparavant n’est perdu." in lisible
    assert (
        '<a class="fr-btn" href="http://testserver/compte/connexion/?suivant=/compte/">'
        "Revenir au formulaire</a>" in html
    )
    assert "CSRF" not in html and "Referer" not in html


@pytest.mark.django_db
def test_un_formulaire_expire_le_dit_et_ramene_au_formulaire(client_csrf):
    client_csrf.get("/compte/connexion/")  # the CSRF cookie is set
    reponse = client_csrf.post(
        "/compte/connexion/",
        {"csrfmiddlewaretoken": "x" * 64, "username": "a@b.fr", "password": "p"},
        HTTP_REFERER="http://testserver/compte/connexion/",
    )
    html = assert_page_d_erreur(reponse, 403, "Le formulaire n’a pas pu être envoyé")
    assert "La page du formulaire a expiré" in texte(html)
    assert 'href="http://testserver/compte/connexion/">Revenir au formulaire</a>' in html


@pytest.mark.parametrize(
    "referent",
    [None, "https://ailleurs.example/compte/connexion/", "https://testserver/compte/connexion/"],
)
def test_sans_page_precedente_du_site_le_retour_mene_a_l_accueil(client_csrf, referent):
    entetes = {"HTTP_REFERER": referent} if referent else {}
    reponse = client_csrf.post("/compte/connexion/", {"username": "a@b.fr"}, **entetes)
    html = assert_page_d_erreur(reponse, 403, "Le formulaire n’a pas pu être envoyé")
    assert "Revenir au formulaire" not in html and "ailleurs.example" not in html
    assert '<a class="fr-btn" href="/">Retour à l’accueil</a>' in html
