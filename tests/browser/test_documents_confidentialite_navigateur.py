"""The personal-data guard over an attached PDF, in a real browser: the author attaches a
PDF whose text names a child with their age; the review step lists it with the
fiche's own warnings, and submitting needs the same acknowledgement; the moderator sees
it too. axe-core finds no serious or critical violation on either page."""

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps

from pratiques import services
from pratiques.models import Etat, Fiche
from tests.browser.test_moderation_navigateur import se_connecter
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import Geographie, contenu_complet, moderateur_de
from tests.pratiques.test_documents_confidentialite import COMPTE_RENDU

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def vocabulaires(transactional_db):
    import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


@pytest.fixture
def brouillon(vocabulaires, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    geo = Geographie()
    moderateur_de(geo.nord, email="moderatrice@exemple.fr", prenom="Maud", nom="Leroy")
    auteur = UtilisateurFactory(email="autrice@exemple.fr", prenom="Aurore", nom="Lefebvre")
    return services.creer_brouillon(auteur=auteur, contenu=contenu_complet())


def test_un_pdf_avec_des_donnees_personnelles_est_signale_a_l_auteur_et_au_moderateur(
    page, audit_axe, brouillon, tmp_path
):
    pdf = Path(tmp_path) / "compte-rendu.pdf"
    pdf.write_bytes(COMPTE_RENDU)
    se_connecter(page, "autrice@exemple.fr")
    page.goto(f"/pratiques/{brouillon.pk}/modifier/verifier/")
    page.get_by_label("Fichier").set_input_files(str(pdf))
    page.get_by_label("Titre du document").fill("Compte rendu")
    page.get_by_role("button", name="Joindre le document").click()
    page.wait_for_url("**/modifier/verifier/#documents")
    alerte = page.locator("#donnees-personnelles")
    assert "Document « Compte rendu » — texte du PDF" in alerte.inner_text()
    assert alerte.locator("mark", has_text="Kevin, 14 ans").is_visible()
    assert audit_axe(page) == []

    # Submitting without the acknowledgement is refused; with it, the fiche is submitted.
    page.get_by_role("button", name="Soumettre à la relecture").click()
    page.wait_for_load_state()
    assert Fiche.objects.get(pk=brouillon.pk).etat == Etat.BROUILLON
    assert audit_axe(page) == []
    page.get_by_text("J’ai relu ces passages").click()
    page.get_by_role("button", name="Soumettre à la relecture").click()
    page.wait_for_url("**/mes-fiches/")
    assert Fiche.objects.get(pk=brouillon.pk).etat == Etat.SOUMISE

    page.context.clear_cookies()
    se_connecter(page, "moderatrice@exemple.fr")
    page.goto(f"/pratiques/moderation/{brouillon.pk}/")
    alerte = page.locator("#donnees-personnelles")
    assert "Document « Compte rendu » — texte du PDF" in alerte.inner_text()
    assert alerte.locator("mark", has_text="Kevin, 14 ans").is_visible()
    assert audit_axe(page) == []
