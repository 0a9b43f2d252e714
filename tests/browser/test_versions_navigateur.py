"""Published versions in a real browser: a visitor goes from the fiche to its previous
versions, compares two of them and opens an old one; the author reads the same
differences on the fiche's history page. axe-core finds no serious or critical
violation on any of these pages."""

from importlib import import_module

import pytest
from django.apps import apps

from tests.browser.test_moderation_navigateur import se_connecter
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import Geographie, fiche_publiee, moderateur_de
from tests.pratiques.test_versions import DESCRIPTION_2, reviser

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fiche_revisee(transactional_db):
    import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)
    geo = Geographie()
    moderateur = moderateur_de(geo.nord)
    auteur = UtilisateurFactory(email="autrice@exemple.fr", prenom="Aurore", nom="Lefebvre")
    fiche = fiche_publiee(auteur, moderateur)
    reviser(fiche, auteur, moderateur, description=DESCRIPTION_2)
    return reviser(
        fiche,
        auteur,
        moderateur,
        description=DESCRIPTION_2,
        thematiques=["parentalite_familles", "acces_aux_droits"],
        contact_email="nouveau@centre-social.example.fr",
    )


def test_un_visiteur_compare_les_versions_et_lit_une_ancienne(page, audit_axe, fiche_revisee):
    page.goto(f"/pratiques/fiche/{fiche_revisee.slug}/")
    page.get_by_role("link", name="Versions précédentes (2)").click()
    page.wait_for_url(f"**/pratiques/fiche/{fiche_revisee.slug}/versions/")
    assert page.get_by_role("heading", level=1).inner_text() == "Versions de la fiche"
    assert page.get_by_role("row").count() == 4  # a header and three versions
    # By default, the latest two: a theme was added.
    differences = page.locator(".versions-differences")
    assert "De la version 2" in differences.inner_text()
    assert differences.locator("ins", has_text="Accès aux droits").is_visible()
    assert "centre-social.example.fr" not in page.content()
    assert audit_axe(page) == []

    # Versions 1 and 2: the description changed word by word.
    page.get_by_label("Version de départ").select_option("1")
    page.get_by_label("Version d’arrivée").select_option("2")
    page.get_by_role("button", name="Comparer").click()
    page.wait_for_url("**/versions/?de=1&a=2*")
    assert differences.locator("del", has_text="semaine").is_visible()
    assert differences.locator("ins", has_text="mois").is_visible()
    assert "supprimé" in differences.locator("del").first.inner_text()
    assert audit_axe(page) == []

    page.get_by_role("link", name="Version 1", exact=True).click()
    page.wait_for_url(f"**/pratiques/fiche/{fiche_revisee.slug}/versions/1/")
    assert page.locator(".fr-notice").get_by_text("Version 1 du").is_visible()
    assert page.get_by_text("chaque semaine").is_visible()
    assert audit_axe(page) == []
    page.get_by_role("link", name="voir la version actuelle").click()
    page.wait_for_url(f"**/pratiques/fiche/{fiche_revisee.slug}/")


def test_l_auteur_lit_les_differences_dans_l_historique(page, audit_axe, fiche_revisee):
    se_connecter(page, "autrice@exemple.fr")
    page.goto(f"/pratiques/{fiche_revisee.pk}/historique/")
    assert page.get_by_role("heading", name="Versions publiées").is_visible()
    differences = page.locator(".versions-differences")
    assert differences.locator("ins", has_text="nouveau@centre-social.example.fr").is_visible()
    assert audit_axe(page) == []
