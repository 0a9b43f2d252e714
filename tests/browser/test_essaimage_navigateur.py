"""Essaimage in a real browser: declaring a reprise from a fiche's page (errors, then
the territory chosen with the keyboard), the moderator's decision, then the fiche's
reprises page with its count, map and list; axe-core finds no serious or critical
violation on any of them."""

import importlib
import re

import pytest
from django.apps import apps

from essaimage.models import EtatReprise, Reprise
from pratiques import services as pratiques_services
from pratiques.models import Fiche
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.pratiques.factories import Geographie, contenu_complet, moderateur_de

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def geo():
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)
    return Geographie()


@pytest.fixture
def source(geo):
    fiche, _ = pratiques_services.importer(
        contenu=contenu_complet(titre="Un café des familles à Fives"),
        source="tests",
        identifiant="1",
        publier=True,
    )
    Fiche.objects.filter(pk=fiche.pk).update(auteur=UtilisateurFactory(email="auteur@exemple.fr"))
    return fiche


def se_connecter(page, email, suite):
    page.goto(f"/compte/connexion/?next={suite}")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{suite}")


def test_declarer_une_reprise_puis_la_voir_sur_la_carte(page, audit_axe, geo, source):
    UtilisateurFactory(email="lectrice@exemple.fr")
    moderateur_de(geo.pas_de_calais, email="moderatrice@exemple.fr")
    fiche = f"/pratiques/fiche/{source.slug}/"
    se_connecter(page, "lectrice@exemple.fr", fiche)
    page.get_by_role("link", name="Je l’ai mise en place ou adaptée").first.click()
    page.wait_for_url(f"**{fiche}reprises/declarer/")
    assert page.title() == (
        "J’ai mis en place «\u00a0Un café des familles à Fives\u00a0» — Pratiques inspirantes"
    )
    assert audit_axe(page) == []

    # Nothing filled: the errors are listed and next to their fields.
    page.get_by_role("button", name="Envoyer ma reprise").click()
    page.wait_for_load_state()
    assert page.title().startswith("Erreur — ")
    assert page.get_by_role("heading", name="Le formulaire contient 3 erreurs").is_visible()
    assert audit_axe(page) == []

    territoire = page.locator("#id_territoire")
    territoire.focus()
    page.keyboard.type("Arra")
    page.get_by_role("option", name=re.compile(r"^Arras Commune")).wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator("#id_depuis").fill("2024-09")
    page.get_by_label("Ce que vous avez gardé").fill("Le café hebdomadaire animé par les parents.")
    page.get_by_label("Ce qui a freiné (facultatif)").fill("Trouver un local le samedi.")
    page.get_by_text("J’accepte que l’auteur de la fiche d’origine me contacte").click()
    page.get_by_role("button", name="Envoyer ma reprise").click()
    page.wait_for_url("**/pratiques/mes-reprises/")
    assert page.get_by_text("Votre reprise est transmise").is_visible()
    assert audit_axe(page) == []
    reprise = Reprise.objects.get()
    assert (reprise.territoire, reprise.departement_moderation) == (geo.arras, geo.pas_de_calais)

    # The Pas-de-Calais moderator publishes it from the queue.
    page.context.clear_cookies()
    se_connecter(page, "moderatrice@exemple.fr", "/pratiques/moderation/reprises/")
    assert audit_axe(page) == []
    page.get_by_role("link", name=re.compile("^Relire")).click()
    page.wait_for_url(f"**/pratiques/moderation/reprises/{reprise.pk}/")
    assert audit_axe(page) == []
    page.get_by_text("Refuser la reprise", exact=True).click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_load_state()
    assert page.get_by_text("Expliquez votre décision").first.is_visible()
    assert audit_axe(page) == []
    page.get_by_text("Publier la reprise", exact=True).click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_url("**/pratiques/moderation/reprises/")
    assert Reprise.objects.get().etat == EtatReprise.PUBLIEE

    # Everyone sees the count on the fiche, then the map and the list.
    page.context.clear_cookies()
    page.goto(fiche)
    assert page.get_by_role("heading", name="Reprise ailleurs").is_visible()
    assert audit_axe(page) == []
    page.get_by_role("link", name="Reprise 1\u00a0fois, dans 1\u00a0département").click()
    page.wait_for_url(f"**{fiche}reprises/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Où «\u00a0Un café des familles à Fives\u00a0» a été reprise"
    )
    assert page.get_by_role("heading", name="Arras (Pas-de-Calais)").is_visible()
    assert page.get_by_text("Trouver un local le samedi.").is_visible()
    assert page.locator('a[aria-label="Pas-de-Calais\u00a0: 1\u00a0reprise"]').count() == 1
    assert page.get_by_text("lectrice@exemple.fr").count() == 0
    assert audit_axe(page) == []
