"""The webhook pages in a real browser: add an endpoint (errors next to the fields
first), read its secret, send a test and find it in the log, change it, enable a
disabled one again, delete it after confirming; no serious or critical axe violation
on any of these pages."""

import re

import pytest

from tests.browser.test_partenaires_navigateur import connecte
from tests.comptes.factories import OrganisationFactory
from tests.partenaires.factories import admin_partenaire
from webhooks.models import Livraison, PointDeTerminaison

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_gestionnaire(navigateur, live_server):
    gestionnaire = admin_partenaire(OrganisationFactory(nom="CAF du Nord"))
    contexte, page = connecte(navigateur, live_server, gestionnaire)
    yield page
    contexte.close()


def test_gerer_un_point_de_terminaison(page_gestionnaire, audit_axe, settings):
    settings.WEBHOOKS_ADRESSES_LOCALES = False
    page = page_gestionnaire
    page.goto("/partenaires/webhooks/")
    assert page.get_by_role("heading", level=1).inner_text() == "Webhooks de CAF du Nord"
    assert page.get_by_text("Aucun point de terminaison pour l’instant.").is_visible()
    assert audit_axe(page) == []

    page.get_by_role("link", name="Ajouter un point de terminaison").click()
    page.get_by_label("Adresse du point de terminaison").fill("http://10.0.0.3/crochet")
    page.get_by_role("button", name="Créer le point de terminaison").click()
    assert page.get_by_text("Choisissez au moins un événement.").is_visible()
    assert audit_axe(page) == []
    # DSFR checkboxes: the label is what a person clicks.
    page.locator("label", has_text="Fiche publiée").click()
    page.locator("label", has_text="Fiche archivée ou retirée").click()
    page.get_by_role("button", name="Créer le point de terminaison").click()
    assert page.get_by_text("L’adresse doit commencer par https://.").is_visible()
    page.get_by_label("Adresse du point de terminaison").fill("https://93.184.215.14/crochet")
    page.get_by_label("Description").fill("Notre annuaire")
    page.get_by_role("button", name="Créer le point de terminaison").click()

    objet = PointDeTerminaison.objects.get()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Point de terminaison")
    assert page.get_by_label("Secret").input_value() == objet.secret
    assert audit_axe(page) == []

    page.get_by_role("button", name="Envoyer un test").click()
    assert page.get_by_text("Un événement de test est envoyé").is_visible()
    (livraison,) = Livraison.objects.filter(point=objet)
    assert livraison.identifiant in page.get_by_role("table").inner_text()
    assert audit_axe(page) == []

    page.get_by_role("link", name="Modifier").click()
    assert audit_axe(page) == []
    assert page.get_by_label("Fiche publiée").is_checked()
    page.locator("label", has_text="Import terminé").click()
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Le point de terminaison est enregistré.").is_visible()
    objet.refresh_from_db()
    assert "import.termine" in objet.evenements

    PointDeTerminaison.objects.filter(pk=objet.pk).update(
        actif=False, motif_desactivation="10\u00a0envois en échec depuis le 01/12/2026 à 08:00."
    )
    page.reload()
    assert page.get_by_text("10\u00a0envois en échec").is_visible()
    assert audit_axe(page) == []
    page.get_by_role("button", name="Réactiver").click()
    assert page.get_by_text("Le point de terminaison est réactivé.").is_visible()

    page.get_by_role("link", name="Tous les points de terminaison").click()
    ligne = page.get_by_role("row", name=re.compile("Notre annuaire"))
    assert "ACTIF" in ligne.inner_text().upper()
    ligne.get_by_role("link").click()
    page.get_by_role("link", name="Supprimer").click()
    assert audit_axe(page) == []
    page.get_by_role("button", name="Supprimer le point de terminaison").click()
    page.wait_for_url("**/partenaires/webhooks/")
    assert page.get_by_text("est supprimé").is_visible()
    assert not PointDeTerminaison.objects.exists()
