"""The key management page in a real browser: create a key (shown once), find it in
the list by its prefix only, revoke it after confirming; no serious or critical axe
violation on any of these pages."""

import re

import pytest
from django.conf import settings
from django.test import Client

from comptes.models import Utilisateur
from partenaires.models import CleApi
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.partenaires.factories import admin_partenaire

pytestmark = pytest.mark.django_db(transaction=True)


def connecte(navigateur, live_server, utilisateur):
    client = Client()
    client.force_login(utilisateur)
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    contexte.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = contexte.new_page()
    page.set_default_timeout(10_000)
    return contexte, page


@pytest.fixture
def page_gestionnaire(navigateur, live_server):
    gestionnaire = admin_partenaire(OrganisationFactory(nom="CAF du Nord"))
    contexte, page = connecte(navigateur, live_server, gestionnaire)
    yield page
    contexte.close()


def test_creer_une_cle_la_voir_une_fois_puis_la_revoquer(page_gestionnaire, audit_axe):
    page = page_gestionnaire
    page.goto("/partenaires/cles/")
    assert page.get_by_role("heading", level=1).inner_text() == "Clés d’API de CAF du Nord"
    assert page.get_by_text("Aucune clé pour l’instant.").is_visible()
    assert audit_axe(page) == []

    page.get_by_role("link", name="Créer une clé").click()
    page.get_by_role("button", name="Créer la clé").click()
    # Errors next to the fields.
    assert page.get_by_text("Ce champ est obligatoire.").is_visible()
    assert audit_axe(page) == []
    page.get_by_label("Nom de la clé").fill("Entrepôt de données")
    page.get_by_role("button", name="Créer la clé").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Clé d’API créée"
    texte = page.get_by_label(re.compile("Clé «")).input_value()
    cle = CleApi.objects.get()
    assert re.fullmatch(rf"{cle.prefix}\.[A-Za-z0-9]{{32}}", texte)
    assert page.get_by_text("Copiez cette clé maintenant").is_visible()
    assert audit_axe(page) == []

    page.get_by_role("link", name="Retour aux clés").click()
    ligne = page.get_by_role("row", name=re.compile("Entrepôt de données"))
    assert cle.prefix in ligne.inner_text() and texte not in page.content()
    assert "ACTIVE" in ligne.inner_text().upper()

    ligne.get_by_role("link", name=re.compile("Révoquer")).click()
    assert audit_axe(page) == []
    page.get_by_role("button", name="Révoquer la clé").click()
    page.wait_for_url("**/partenaires/cles/")
    assert page.get_by_text("est révoquée").is_visible()
    assert "RÉVOQUÉE" in page.get_by_role("row", name=re.compile("Entrepôt")).inner_text().upper()
    assert CleApi.objects.get().revoked
    assert audit_axe(page) == []


def test_les_pages_des_organisations_sont_accessibles(navigateur, live_server, audit_axe):
    organisation = OrganisationFactory(nom="MSA Picardie")
    admin_partenaire(organisation)
    admin = UtilisateurFactory(role=Utilisateur.Role.ADMIN_NATIONAL)
    contexte, page = connecte(navigateur, live_server, admin)
    page.goto("/partenaires/organisations/")
    assert audit_axe(page) == []
    page.get_by_role("link", name="MSA Picardie", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "MSA Picardie"
    page.get_by_text("Organisation de confiance").click()
    page.get_by_role("button", name="Enregistrer l’organisation").click()
    assert page.get_by_text("est enregistrée").is_visible()
    assert page.get_by_label("Organisation de confiance").is_checked()
    page.get_by_role("button", name="Rattacher le compte").click()
    assert page.get_by_text("Ce champ est obligatoire.").is_visible()
    assert audit_axe(page) == []
    contexte.close()
