"""An author writes a fiche and submits it through the pages, in a real browser, with
the keyboard for the territory autocomplete; the département's moderator publishes it
through the moderation pages; axe-core finds no serious or critical violation on the
form (empty and with errors) nor on the published fiche."""

import importlib
import re

import pytest
from django.apps import apps

from pratiques.models import Etat, Fiche, Thematique
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.pratiques.factories import Geographie, moderateur_de

pytestmark = pytest.mark.django_db(transaction=True)

TITRE = "Un café des familles animé par les parents"


@pytest.fixture
def vocabulaires():
    """The vocabularies seeded by the data migration: a transactional test that ran
    before this one flushed them, so seed them again (idempotent)."""
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


def se_connecter(page, email, suite):
    page.goto(f"/compte/connexion/?next={suite}")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{suite}")


def cocher(page, nom, valeur):
    page.locator(f'input[name="{nom}"][value="{valeur}"]').check(force=True)


def test_une_fiche_est_ecrite_et_soumise_par_les_pages(page, audit_axe, vocabulaires):
    geo = Geographie()
    assert Thematique.objects.exists(), "the vocabularies come from a data migration"
    auteur = UtilisateurFactory(email="autrice@exemple.fr")
    moderateur = moderateur_de(geo.nord, email="moderation@exemple.fr")
    se_connecter(page, auteur.email, "/pratiques/mes-fiches/")

    page.get_by_role("link", name="Proposer une pratique").first.click()
    page.wait_for_url("**/pratiques/proposer/")
    assert page.title() == "Proposer une pratique — Pratiques inspirantes"
    assert audit_axe(page) == []

    # A validation error: shown next to the field and in the summary, nothing lost.
    page.locator("#id_titre").fill(TITRE)
    page.locator("#id_date_debut").fill("31/02/2020")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_load_state()
    resume = page.locator("#resume-erreurs")
    assert resume.is_visible() and "Date de début" in resume.inner_text()
    assert page.get_by_text("Cette date n’existe pas.").first.is_visible()
    assert page.locator("#id_titre").input_value() == TITRE
    assert not Fiche.objects.exists()
    assert audit_axe(page) == []

    # The required fields, the territory chosen with the keyboard only.
    page.locator("#id_date_debut").fill("09/2019")
    page.locator("#id_resume").fill("Des parents animent chaque semaine un café au centre social.")
    cocher(page, "thematiques", "parentalite_familles")
    cocher(page, "formes_intervention", "travail_social_communautaire")
    territoire = page.locator("#id_territoires")
    territoire.focus()
    page.keyboard.type("Lill")
    page.get_by_role("option", name=re.compile(r"^Lille Commune")).wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Retirer Lille (commune 59350)").is_visible()
    cocher(page, "echelle", "quartier")
    page.locator("#id_description").fill(
        "1. Un diagnostic partagé avec les parents. 2. Un premier café. 3. Un comité d’animation."
    )
    cocher(page, "statut_action", "en_cours")
    # With JavaScript, "Ajouter une ligne" adds a partner row in place and focuses it.
    page.get_by_role("button", name="Ajouter une ligne (partenaires)").click()
    nouvelle = page.locator("#id_partenaires-3-nom")
    assert nouvelle.evaluate("element => element === document.activeElement")
    nouvelle.fill("CAF du Nord")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url(re.compile(r"/pratiques/\d+/modifier/$"))
    assert page.get_by_text("Votre brouillon est enregistré").is_visible()
    fiche = Fiche.objects.get()
    assert fiche.etat == Etat.BROUILLON and fiche.territoires.get() == geo.lille
    assert [p.nom for p in fiche.partenaires.all()] == ["CAF du Nord"]

    page.get_by_role("button", name="Soumettre à la relecture").click()
    page.wait_for_url("**/pratiques/mes-fiches/")
    en_relecture = page.locator("section#en_relecture")
    assert en_relecture.get_by_role("heading", name=TITRE).is_visible()
    fiche.refresh_from_db()
    assert fiche.etat == Etat.SOUMISE and fiche.date_debut_precision == "mois"
    assert audit_axe(page) == []

    # The département's moderator publishes it through the moderation pages.
    page.get_by_role("button", name="Se déconnecter").first.click()
    se_connecter(page, moderateur.email, "/pratiques/moderation/")
    page.get_by_role("row").filter(has_text=TITRE).get_by_role("link", name=TITRE).click()
    page.wait_for_url(f"**/pratiques/moderation/{fiche.pk}/")
    page.get_by_text("Publier", exact=True).click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_url("**/pratiques/moderation/")
    fiche.refresh_from_db()
    assert fiche.etat == Etat.PUBLIEE
    assert fiche.evenements.last().acteur == moderateur

    # Once published, the public page passes the audit too.
    page.goto(f"/pratiques/fiche/{fiche.slug}/")
    assert page.locator("h1").inner_text() == TITRE
    assert page.get_by_text("septembre 2019").is_visible()
    assert audit_axe(page) == []
