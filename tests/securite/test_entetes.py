"""Secure by default: every page carries the Content-Security-Policy (no inline script
or style, so no 'unsafe-inline'), the Permissions-Policy and Django's security headers;
no page holds an inline <script>, a style attribute or an on*= handler."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from pratiques.models import Fiche
from tests.pratiques.factories import fiche_publiee

pytestmark = pytest.mark.django_db

SCRIPT_EN_LIGNE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
GESTIONNAIRE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_EN_LIGNE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.I)
LIEN_JAVASCRIPT = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


@pytest.fixture
def publiee(geo, auteur, moderateur_nord) -> Fiche:
    return fiche_publiee(auteur, moderateur_nord)


def pages_publiques(fiche: Fiche) -> list[str]:
    return [
        reverse("accueil"),
        reverse("core:a_propos"),
        reverse("core:accessibilite"),
        reverse("core:mentions_legales"),
        reverse("comptes:connexion"),
        reverse("comptes:inscription"),
        reverse("decouverte:recherche"),
        reverse("decouverte:recherche") + "?q=parents&thematique=parentalite_familles",
        reverse("decouverte:referentiel"),
        reverse("decouverte:territoire", args=["departement", "59"]),
        reverse("decouverte:territoire", args=["commune", "59350"]),
        reverse("territoires:trouver"),
        reverse("pratiques:fiche", args=[fiche.slug]),
        reverse("pratiques:contacter", args=[fiche.slug]),
        reverse("pratiques:versions", args=[fiche.slug]),
        reverse("essaimage:reprises", args=[fiche.slug]),
        reverse("collectifs:liste"),
        reverse("prix:editions"),
        reverse("donnees:accueil"),
        reverse("donnees:dictionnaire"),
        reverse("api:accueil"),
        reverse("api:changelog"),
        reverse("v1:docs"),
        reverse("v1:console"),
        "/une-page-qui-n-existe-pas/",
    ]


def test_chaque_page_publique_porte_la_csp_et_n_a_aucun_script_ni_style_en_ligne(publiee):
    client = Client()
    for url in pages_publiques(publiee):
        reponse = client.get(url)
        assert reponse.status_code in (200, 404), url
        csp = reponse["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, url
        html = reponse.content.decode()
        assert "<html" in html, url
        assert SCRIPT_EN_LIGNE.findall(html) == [], url
        assert GESTIONNAIRE.findall(html) == [], url
        assert STYLE_EN_LIGNE.findall(html) == [], url
        assert LIEN_JAVASCRIPT.findall(html) == [], url


def test_la_politique_de_securite_du_contenu_ferme_tout_ce_qui_n_est_pas_le_site():
    reponse = Client().get(reverse("accueil"))
    directives = dict(
        (partie.split(" ", 1) + [""])[:2]
        for partie in (d.strip() for d in reponse["Content-Security-Policy"].split(";"))
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_les_entetes_de_securite_sont_sur_chaque_reponse_y_compris_l_api():
    for url in (reverse("accueil"), "/api/v1/pratiques/", "/api/v1/inexistant/"):
        reponse = Client().get(url)
        permissions = reponse["Permissions-Policy"]
        for fonction in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert fonction in permissions, url
        assert "interest-cohort=()" in permissions
        assert reponse["X-Content-Type-Options"] == "nosniff"
        assert reponse["Referrer-Policy"] == "same-origin"
        assert reponse["Cross-Origin-Opener-Policy"] == "same-origin"
        assert reponse["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in reponse


def test_le_script_de_la_console_de_l_api_est_un_fichier_servi_par_le_site():
    html = Client().get(reverse("v1:console")).content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert len(sources) == 3
    initialisation = [s for s in sources if "script=" in s]
    assert initialisation, sources
    reponse = Client().get(initialisation[0].replace("&amp;", "&"))
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in reponse.content.decode()
