"""Moderation through the pages, in a real browser: a modérateur signs in, opens their
queue, reads a submitted fiche whose personal data is flagged, confirms and publishes.
axe-core finds no serious or critical violation on the queue and the moderation screen."""

import re
from importlib import import_module

import pytest
from django.apps import apps

from pratiques.models import Etat, Fiche
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.pratiques.factories import Geographie, fiche_soumise, moderateur_de

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def vocabulaires(transactional_db):
    """The vocabularies are seeded by a data migration, which a previous transactional
    test may have flushed: seed them again (idempotent, the migration's own code)."""
    import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


@pytest.fixture
def fiche_signalee(vocabulaires):
    geo = Geographie()
    moderateur_de(geo.nord, email="moderatrice@exemple.fr", prenom="Maud", nom="Leroy")
    auteur = UtilisateurFactory(email="autrice@exemple.fr", prenom="Aurore", nom="Lefebvre")
    return fiche_soumise(
        auteur,
        titre="Un café des familles animé par des parents",
        description="Les parents se réunissent chaque semaine. Inscriptions auprès de "
        "Mme Dupont au 06 12 34 56 78.",
    )


def se_connecter(page, email):
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)


def test_un_moderateur_publie_une_fiche_signalee_en_confirmant(page, audit_axe, fiche_signalee):
    se_connecter(page, "moderatrice@exemple.fr")

    page.get_by_role("link", name="Modération").click()
    page.wait_for_url("**/pratiques/moderation/")
    assert page.title() == "File de modération — Pratiques inspirantes"
    ligne = page.get_by_role("row").filter(has_text=fiche_signalee.titre)
    assert "Nord (59)" in ligne.inner_text()
    assert "Aurore Lefebvre" in ligne.inner_text()
    assert audit_axe(page) == []

    ligne.get_by_role("link", name=fiche_signalee.titre).click()
    page.wait_for_url(f"**/pratiques/moderation/{fiche_signalee.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == fiche_signalee.titre
    assert page.get_by_role("heading", name="Données personnelles probables").is_visible()
    assert page.locator("mark", has_text="06 12 34 56 78").first.is_visible()
    assert audit_axe(page) == []

    # Publishing without the confirmation is refused, with the error next to the box.
    page.get_by_text("Publier", exact=True).click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_load_state()
    assert page.locator("#confirmation-erreurs").is_visible()
    assert re.match(r"^Erreur — ", page.title())
    assert Fiche.objects.get(pk=fiche_signalee.pk).etat == Etat.SOUMISE
    assert audit_axe(page) == []

    # The choice was kept; confirm and publish.
    assert page.get_by_label("Publier", exact=True).is_checked()
    page.get_by_text("Je confirme la publication malgré les données personnelles signalées").click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_url("**/pratiques/moderation/")
    publiee = f"La fiche «\u00a0{fiche_signalee.titre}\u00a0» est publiée."
    assert page.get_by_text(publiee).is_visible()
    assert page.get_by_text("Aucune fiche n’attend votre relecture.").is_visible()
    assert audit_axe(page) == []

    fiche = Fiche.objects.get(pk=fiche_signalee.pk)
    assert fiche.etat == Etat.PUBLIEE
    evenement = fiche.evenements.last()
    assert evenement.acteur.email == "moderatrice@exemple.fr"
    assert evenement.donnees_personnelles_confirmees is True
