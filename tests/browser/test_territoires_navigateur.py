"""The territory combobox in a real browser, with the keyboard only (WAI-ARIA 1.2)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.territoires.outils import importer_si_absente

# A live-server test commits its data and empties the tables of `available_apps` when
# it ends: the geography, which these tests only read, is left in place.
pytestmark = pytest.mark.django_db(
    transaction=True,
    available_apps=[app for app in settings.INSTALLED_APPS if app != "territoires"],
)


@pytest.fixture(autouse=True)
def geographie():
    importer_si_absente()


def test_choisir_saint_etienne_au_clavier_puis_afficher_sa_page(page, audit_axe):
    page.goto("/territoires/")
    assert audit_axe(page) == []
    champ = page.get_by_role("combobox", name="Territoire")
    expect(champ).to_have_attribute("aria-expanded", "false")

    champ.focus()
    page.keyboard.type("st etienne")
    suggestions = page.get_by_role("listbox", name="Territoires suggérés")
    expect(suggestions).to_be_visible()
    expect(champ).to_have_attribute("aria-expanded", "true")
    options = suggestions.get_by_role("option")
    expect(options.first).to_have_text("Saint-Étienne Commune · 42218 · Loire")
    expect(page.get_by_role("status").first).to_contain_text("territoires suggérés")
    assert audit_axe(page) == []

    page.keyboard.press("ArrowDown")
    premiere = options.nth(0)
    expect(premiere).to_have_attribute("aria-selected", "true")
    expect(champ).to_have_attribute("aria-activedescendant", premiere.get_attribute("id"))
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(premiere).to_have_attribute("aria-selected", "false")
    page.keyboard.press("ArrowUp")
    expect(premiere).to_have_attribute("aria-selected", "true")

    page.keyboard.press("Enter")  # chooses, does not submit
    expect(champ).to_have_value("Saint-Étienne (commune 42218)")
    expect(champ).to_have_attribute("aria-expanded", "false")
    expect(suggestions).to_be_hidden()
    assert page.url.endswith("/territoires/")

    page.keyboard.press("Enter")  # the list is closed: Enter submits the form
    page.wait_for_url(re.compile(r"/territoires/commune/42218/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Saint-Étienne")
    assert audit_axe(page) == []


def test_echap_ferme_les_suggestions_puis_efface_la_saisie(page):
    page.goto("/territoires/")
    champ = page.get_by_role("combobox", name="Territoire")
    champ.focus()
    page.keyboard.type("75011")
    suggestions = page.get_by_role("listbox", name="Territoires suggérés")
    expect(suggestions.get_by_role("option").first).to_contain_text("Paris 11e Arrondissement")
    page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(champ).to_have_value("75011")
    page.keyboard.press("Escape")
    expect(champ).to_have_value("")
    page.keyboard.press("Alt+ArrowDown")
    expect(suggestions).to_be_hidden()


def test_plusieurs_territoires_se_choisissent_et_se_retirent_au_clavier(page, audit_axe):
    page.goto("/territoires/")
    # A field with several territories, as the fiche form will render it.
    page.evaluate(
        """() => {
            const form = document.querySelector("main form");
            form.insertAdjacentHTML("beforeend", `
              <div class="fr-input-group">
                <label class="fr-label" for="id_territoires">Territoires d’action</label>
                <input class="fr-input" type="text" id="id_territoires" name="territoires"
                       value="Nord (département 59)"
                       data-territoires-url="/territoires/autocompletion/"
                       data-territoires-multiple="true">
              </div>`);
            window.territoiresAutocompletion.initialiser(form);
        }"""
    )
    champ = page.get_by_role("combobox", name="Territoires d’action")
    valeur = page.locator("input[name=territoires]")
    expect(valeur).to_have_attribute("type", "hidden")
    expect(page.get_by_role("button", name="Retirer Nord (département 59)")).to_be_visible()

    champ.focus()
    page.keyboard.type("belgi")
    option = page.get_by_role("option").first
    expect(option).to_contain_text("Belgique")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(champ).to_have_value("")
    expect(valeur).to_have_value("Nord (département 59) ; Belgique (pays BE)")
    assert audit_axe(page) == []

    page.get_by_role("button", name="Retirer Nord (département 59)").press("Enter")
    expect(valeur).to_have_value("Belgique (pays BE)")
    expect(champ).to_be_focused()
