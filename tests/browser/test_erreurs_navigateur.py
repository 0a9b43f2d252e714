"""The error pages in a real browser, debug off: the 404 passes axe-core and its search
box leads to the search page; a form sent without its CSRF cookie answers the French
page, whose way back returns to the form."""

import importlib

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sans_debug(settings):
    settings.DEBUG = False


@pytest.fixture
def vocabulaires():
    """The search page lists the vocabularies, which a previous transactional test may
    have flushed: seed them again (idempotent, the data migration's own code)."""
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


def test_la_page_introuvable_est_accessible_et_sa_recherche_fonctionne(
    page, audit_axe, vocabulaires
):
    reponse = page.goto("/pratique-disparue/")
    assert reponse.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.title() == "Page introuvable — Pratiques inspirantes"
    assert page.get_by_role("banner").is_visible() and page.get_by_role("contentinfo").is_visible()
    assert audit_axe(page) == []

    recherche = page.get_by_role("search", name="Rechercher une pratique depuis cette page")
    champ = recherche.get_by_label("Rechercher une pratique par mot-clé")
    champ.fill("parentalité")
    champ.press("Enter")
    page.wait_for_url("**/pratiques/recherche/?q=parentalit*")
    assert page.locator("h1").inner_text() == "Rechercher une pratique"


def test_un_formulaire_sans_cookie_de_securite_ramene_au_formulaire(page, audit_axe):
    page.goto("/compte/connexion/")
    page.context.clear_cookies()  # as when the browser blocks or has dropped them
    page.get_by_label("Adresse e-mail").fill("agent@departement.fr")
    page.get_by_label("Mot de passe").fill("un mot de passe")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Se connecter").click()
    assert navigation.value.status == 403
    assert page.title() == "Le formulaire n’a pas pu être envoyé — Pratiques inspirantes"
    assert page.get_by_text(
        "Rien de ce que vous aviez enregistré auparavant n’est perdu."
    ).is_visible()
    assert audit_axe(page) == []

    page.get_by_role("link", name="Revenir au formulaire").click()
    page.wait_for_url("**/compte/connexion/")
    assert page.locator("h1").inner_text() == "Se connecter"
