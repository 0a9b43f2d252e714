"""An author writes a fiche step by step and submits it through the pages, in a real
browser, with the keyboard for the territory autocomplete: several steps forward, one
back, a step with an error, the draft left and resumed from "Mes fiches" where it was
left; the département's moderator publishes it through the moderation pages; axe-core
finds no serious or critical violation on the steps (empty and with errors), the
review, nor on the published fiche."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from pratiques.models import Etat, Fiche, Thematique
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.pratiques.factories import Geographie, moderateur_de

pytestmark = pytest.mark.django_db(transaction=True)

TITRE = "Un café des familles animé par les parents"
DESCRIPTION = (
    "1. Un diagnostic partagé avec les parents. 2. Un premier café. 3. Un comité d’animation."
)


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


def attendre_etape(page, titre, numero, *, erreur=False):
    """Wait for a step of the editor, and check its stepper and its page title."""
    attendre_etape_sans_url(page, titre, numero, erreur=erreur)
    assert re.search(r"/pratiques/\d+/modifier/[\w-]+/(\?verifier=1)?(#[\w-]+)?$", page.url)


def attendre_etape_sans_url(page, titre, numero, *, erreur=False):
    """The first step of a new fiche (its URL is /pratiques/proposer/)."""
    prefixe = "Erreur — " if erreur else ""
    expect(page).to_have_title(re.compile(rf"^{prefixe}{titre}, étape {numero} sur 12 — "))
    expect(page.locator(".fr-stepper__state")).to_have_text(f"Étape {numero} sur 12")


def continuer(page, titre, numero):
    page.get_by_role("button", name="Enregistrer et continuer").click()
    attendre_etape(page, titre, numero)


def test_une_fiche_est_ecrite_et_soumise_par_les_pages(page, audit_axe, vocabulaires):
    geo = Geographie()
    assert Thematique.objects.exists(), "the vocabularies come from a data migration"
    auteur = UtilisateurFactory(email="autrice@exemple.fr")
    moderateur = moderateur_de(geo.nord, email="moderation@exemple.fr")
    se_connecter(page, auteur.email, "/pratiques/mes-fiches/")

    page.get_by_role("link", name="Proposer une pratique").first.click()
    page.wait_for_url("**/pratiques/proposer/")
    assert page.title() == (
        "Identité, étape 1 sur 12 — Proposer une pratique — Pratiques inspirantes"
    )
    assert page.locator(".fr-stepper__state").inner_text() == "Étape 1 sur 12"
    assert audit_axe(page) == []

    # Step 1 creates the draft, then the path goes on step by step.
    page.locator("#id_titre").fill(TITRE)
    page.locator("#id_resume").fill("Des parents animent chaque semaine un café au centre social.")
    continuer(page, "Classement", 2)
    fiche = Fiche.objects.get()
    assert fiche.titre == TITRE and fiche.etat == Etat.BROUILLON
    cocher(page, "thematiques", "parentalite_familles")
    cocher(page, "formes_intervention", "travail_social_communautaire")
    continuer(page, "Lieu", 3)

    # The territory chosen with the keyboard only.
    territoire = page.locator("#id_territoires")
    territoire.focus()
    page.keyboard.type("Lill")
    page.get_by_role("option", name=re.compile(r"^Lille Commune")).wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Retirer Lille (commune 59350)").is_visible()
    cocher(page, "echelle", "quartier")
    continuer(page, "Contexte et contenu", 4)
    page.locator("#id_description").fill(DESCRIPTION)
    continuer(page, "Porteur et partenaires", 5)

    # With JavaScript, "Ajouter une ligne" adds a partner row in place and focuses it.
    page.get_by_role("button", name="Ajouter une ligne (partenaires)").click()
    nouvelle = page.locator("#id_partenaires-3-nom")
    assert nouvelle.evaluate("element => element === document.activeElement")
    nouvelle.fill("CAF du Nord")
    # Going back saves this step too, and shows the previous one as it was saved.
    page.get_by_role("button", name="Étape précédente").click()
    attendre_etape(page, "Contexte et contenu", 4)
    assert page.locator("#id_description").input_value() == DESCRIPTION
    assert [p.nom for p in Fiche.objects.get().partenaires.all()] == ["CAF du Nord"]
    assert audit_axe(page) == []

    # A step with an error: shown next to the field and in the focused summary,
    # nothing typed is lost, nothing saved.
    page.get_by_role("link", name="Calendrier", exact=True).click()
    attendre_etape(page, "Calendrier", 10)
    page.locator("#id_date_debut").fill("31/02/2020")
    page.locator("#id_duree_rythme").fill("Chaque jeudi")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()
    resume = page.locator("#resume-erreurs")
    assert resume.is_visible() and "Date de début" in resume.inner_text()
    assert resume.evaluate("element => element === document.activeElement")
    assert page.get_by_text("Cette date n’existe pas.").first.is_visible()
    assert page.locator(".fr-stepper__state").inner_text() == "Étape 10 sur 12"
    assert page.locator("#id_duree_rythme").input_value() == "Chaque jeudi"
    assert Fiche.objects.get().duree_rythme == ""
    assert audit_axe(page) == []
    page.locator("#id_date_debut").fill("09/2019")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    attendre_etape(page, "Calendrier", 10)
    assert page.get_by_text("Votre brouillon est enregistré").is_visible()

    # The review refuses to submit while a required field is empty, and leads to it.
    page.get_by_role("link", name="Vérifier et soumettre", exact=True).click()
    attendre_etape(page, "Vérifier et soumettre", 12)
    page.get_by_role("button", name="Soumettre à la relecture").click()
    resume = page.locator("#resume-erreurs")
    expect(resume).to_contain_text("Statut de l’action")
    assert resume.evaluate("element => element === document.activeElement")
    assert audit_axe(page) == []
    page.get_by_role("link", name="Compléter « Statut de l’action »").click()
    attendre_etape(page, "Calendrier", 10, erreur=True)
    assert "nécessaire pour soumettre" in page.locator("#id_statut_action-groupe").inner_text()
    cocher(page, "statut_action", "en_cours")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    attendre_etape(page, "Calendrier", 10)

    # Left, then resumed from "Mes fiches" where it was left.
    page.goto("/pratiques/mes-fiches/")
    page.get_by_role("link", name=re.compile(r"^Reprendre")).click()
    attendre_etape(page, "Calendrier", 10)
    assert page.locator("#id_date_debut").input_value() == "09/2019"
    continuer(page, "Contact et sources", 11)
    continuer(page, "Vérifier et soumettre", 12)
    fiche = Fiche.objects.get()
    assert fiche.etat == Etat.BROUILLON and fiche.territoires.get() == geo.lille
    assert page.locator("#manquants").count() == 0
    assert audit_axe(page) == []

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


def test_les_etapes_se_parcourent_sans_javascript(navigateur, live_server, vocabulaires):
    """Plain forms and links: forward, back, more partner rows, a step with an error,
    and the draft resumed where it was left."""
    Geographie()
    auteur = UtilisateurFactory(email="sans-javascript@exemple.fr")
    contexte = navigateur.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    page = contexte.new_page()
    page.set_default_timeout(10_000)
    se_connecter(page, auteur.email, "/pratiques/proposer/")
    attendre_etape_sans_url(page, "Identité", 1)
    page.locator("#id_titre").fill(TITRE)
    continuer(page, "Classement", 2)
    page.get_by_role("button", name="Étape précédente").click()
    attendre_etape(page, "Identité", 1)
    assert page.locator("#id_titre").input_value() == TITRE

    page.get_by_role("link", name="Porteur et partenaires", exact=True).click()
    attendre_etape(page, "Porteur et partenaires", 5)
    page.locator("#id_partenaires-0-nom").fill("Mairie de Lille")
    page.get_by_role("button", name="Ajouter des lignes (partenaires)").click()
    expect(page.locator("#id_partenaires-5-nom")).to_be_visible()
    assert page.locator("#id_partenaires-0-nom").input_value() == "Mairie de Lille"
    continuer(page, "Moyens", 6)
    assert [p.nom for p in Fiche.objects.get().partenaires.all()] == ["Mairie de Lille"]

    page.get_by_role("link", name="Calendrier", exact=True).click()
    attendre_etape(page, "Calendrier", 10)
    page.locator("#id_date_fin").fill("2018")
    page.locator("#id_date_debut").fill("2020")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.locator("#resume-erreurs")).to_contain_text("Date de fin")
    assert page.locator("#id_date_debut").input_value() == "2020"
    assert Fiche.objects.get().date_debut is None

    page.goto("/pratiques/mes-fiches/")
    page.get_by_role("link", name=re.compile(r"^Reprendre")).click()
    attendre_etape(page, "Moyens", 6)
    contexte.close()
