"""The API's documentation (/api/v1/docs/), seen in a real browser: axe-core finds no
serious or critical violation, and it reads the same without JavaScript."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

DOCS = "/api/v1/docs/"


def test_la_documentation_de_l_api_n_a_aucune_violation_grave_d_accessibilite(page, audit_axe):
    reponse = page.goto(DOCS)
    assert reponse.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").all_inner_texts() == ["Documentation de l’API v1"]
    assert audit_axe(page) == []


def test_sans_javascript_le_sommaire_mene_a_chaque_operation(navigateur, live_server):
    contexte = navigateur.new_context(base_url=live_server.url, java_script_enabled=False)
    page = contexte.new_page()
    page.goto(DOCS)
    sommaire = page.get_by_role("navigation", name="Sommaire")
    sommaire.get_by_role("link", name="Lire un territoire").click()
    assert page.url.endswith("#territoires_retrieve")
    titre = page.get_by_role("heading", level=3, name="Lire un territoire")
    assert titre.is_visible()
    operation = page.locator("section", has=titre)
    assert operation.get_by_role("table", name="Réponses de « Lire un territoire »").is_visible()
    contexte.close()
