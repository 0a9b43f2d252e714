"""The public pages, seen in a real browser, pass axe-core with no serious or critical
violation; the layout works with the keyboard."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/a-propos/", "/accessibilite/", "/mentions-legales/",
         "/compte/connexion/", "/compte/inscription/"]  # fmt: skip


@pytest.mark.parametrize("url", PAGES)
def test_la_page_n_a_aucune_violation_grave_d_accessibilite(page, audit_axe, url):
    reponse = page.goto(url)
    assert reponse.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    assert audit_axe(page) == []


def test_le_premier_lien_d_evitement_mene_au_contenu(page):
    page.goto("/")
    page.keyboard.press("Tab")
    lien = page.locator(":focus")
    assert lien.inner_text() == "Contenu"
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")


def test_la_recherche_de_l_accueil_mene_a_la_page_de_recherche(page):
    page.goto("/")
    page.get_by_label("Rechercher une pratique par mot-clé").fill("parentalité")
    page.locator("#recherche-accueil").get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/pratiques/recherche/?q=parentalit*")
    assert page.locator("h1").inner_text() == "Rechercher une pratique"


def test_sur_mobile_le_menu_s_ouvre_et_montre_la_navigation(navigateur, live_server):
    contexte = navigateur.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}
    )
    page = contexte.new_page()
    page.goto("/")
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("navigation", name="Menu principal").is_visible()
    contexte.close()
