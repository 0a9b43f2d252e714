"""The public pages share the DSFR layout: French, one h1, titled, skip links, search."""

import re

import pytest

from tests.outils import titre_de_la_page

pytestmark = pytest.mark.django_db

PAGES = {
    "/": "Accueil — Pratiques inspirantes",
    "/a-propos/": "À propos — Pratiques inspirantes",
    "/accessibilite/": "Déclaration d’accessibilité — Pratiques inspirantes",
    "/mentions-legales/": "Mentions légales et données personnelles — Pratiques inspirantes",
    "/compte/connexion/": "Se connecter — Pratiques inspirantes",
    "/compte/inscription/": "Créer un compte — Pratiques inspirantes",
}


@pytest.mark.parametrize(("url", "titre"), PAGES.items())
def test_chaque_page_suit_la_mise_en_page_commune(client, url, titre):
    reponse = client.get(url)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert '<html lang="fr"' in html
    assert titre_de_la_page(html) == titre
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert 'role="search"' in html and 'name="q"' in html
    assert "dsfr.min.css" in html
    assert 'href="/accessibilite/"' in html


def test_la_page_a_propos_presente_la_mission(client):
    html = client.get("/a-propos/").content.decode()
    assert "capitaliser, diffuser, valoriser et rendre utiles" in html
    assert "aucune donnée personnelle" in html
