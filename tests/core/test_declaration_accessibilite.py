"""The accessibility statement follows the official RGAA model, states the same status as
every footer (one declaration), and names the tools it was measured with."""

import json
import re
from pathlib import Path

import pytest

from core.context_processors import ETAT_ACCESSIBILITE
from tests.outils import texte

pytestmark = pytest.mark.django_db

PACKAGE_JSON = Path(__file__).resolve().parents[2] / "package.json"

SECTIONS = [
    "État de conformité",
    "Contenus non accessibles",
    "Établissement de cette déclaration d’accessibilité",
    "Retour d’information et contact",
    "Voies de recours",
]
SOUS_SECTIONS = [
    "Résultats des tests",
    "Non-conformités",
    "Dérogations pour charge disproportionnée",
    "Contenus non soumis à l’obligation d’accessibilité",
    "Technologies utilisées pour la réalisation du site",
    "Environnement de test",
    "Outils pour évaluer l’accessibilité",
    "Pages du site ayant fait l’objet de la vérification de conformité",
]


def titres(html, niveau):
    return [texte(t) for t in re.findall(rf"<h{niveau}[^>]*>(.*?)</h{niveau}>", html, re.S)]


def test_la_declaration_suit_le_modele_officiel(client):
    html = client.get("/accessibilite/").content.decode()
    assert titres(html, 1) == ["Déclaration d’accessibilité"]
    assert titres(html, 2) == SECTIONS
    assert titres(html, 3) == SOUS_SECTIONS
    lisible = texte(html)
    assert "article 47 de la loi n° 2005-102 du 11 février 2005" in lisible
    assert "Cette déclaration a été établie le 7 décembre 2026." in lisible
    assert "Défenseur des droits" in lisible and "Libre réponse 71120" in lisible


def test_l_etat_est_un_des_trois_etats_du_rgaa_et_le_meme_que_dans_le_pied_de_page(client):
    assert ETAT_ACCESSIBILITE in ("non conforme", "partiellement conforme", "totalement conforme")
    declaration = texte(client.get("/accessibilite/").content.decode())
    assert f"est {ETAT_ACCESSIBILITE} avec le référentiel général" in declaration
    for url in ("/", "/accessibilite/", "/page-qui-n-existe-pas/"):
        pied = texte(re.search(r"<footer.*</footer>", client.get(url).content.decode(), re.S)[0])
        assert f"Accessibilité : {ETAT_ACCESSIBILITE}" in pied


def test_le_contact_est_l_adresse_configuree(client, settings):
    settings.CONTACT_EMAIL = "accessibilite@departement.example.fr"
    html = client.get("/accessibilite/").content.decode()
    assert (
        '<a href="mailto:accessibilite@departement.example.fr">'
        "accessibilite@departement.example.fr</a>" in html
    )


def test_la_version_d_axe_citee_est_celle_des_tests(client):
    version = json.loads(PACKAGE_JSON.read_text())["devDependencies"]["axe-core"]
    assert f"axe-core {version}" in texte(client.get("/accessibilite/").content.decode())


def test_les_vingt_pages_auditees_sont_listees(client):
    html = client.get("/accessibilite/").content.decode()
    liste = re.search(r"Pages du site ayant fait.*?<ol>(.*?)</ol>", html, re.S)[1]
    assert len(re.findall(r"<li>", liste)) == 20
    assert "Page introuvable" in liste and "File de modération" in liste
