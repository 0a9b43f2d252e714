"""The pages of figures in a real browser: the modérateurs' dashboard (reached from the
queue) and the public statistics page (from the footer), their charts named for
assistive technologies, their tables, the period form and a CSV download. axe-core
finds no serious or critical violation."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone

from pratiques import services
from tests.pratiques.factories import Geographie, contenu_complet, moderateur_de

from .test_moderation_navigateur import se_connecter

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def vocabulaires(transactional_db):
    import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


@pytest.fixture
def geo(vocabulaires):
    geographie = Geographie()
    for rang, commune in enumerate(["commune:59350", "commune:59512", "commune:62041"]):
        services.importer(
            contenu=contenu_complet(titre=f"Pratique {rang}", territoires=[commune]),
            source="navigateur",
            identifiant=str(rang),
            publier=True,
        )
    return geographie


def test_le_tableau_de_bord_d_une_moderatrice(page, audit_axe, geo):
    moderateur_de(geo.nord, email="moderatrice@exemple.fr")
    se_connecter(page, "moderatrice@exemple.fr")
    page.goto("/pratiques/moderation/")
    page.get_by_role("link", name="Tableau de bord de la modération (chiffres)").click()
    page.wait_for_url("**/chiffres/moderation/")
    assert page.title() == "Tableau de bord de la modération — Pratiques inspirantes"
    assert page.get_by_role("img", name="Fiches publiées par mois").is_visible()
    activite = page.get_by_role("table", name="Activité de modération")
    assert "Fiches publiées" in activite.inner_text()
    options = page.get_by_label("Territoire").locator("option").all_inner_texts()
    assert options == ["Tous mes départements", "Nord (59)"]
    assert audit_axe(page) == []

    mois = timezone.localdate().strftime("%Y-%m")
    page.get_by_label("Du mois").fill(mois)
    page.get_by_role("button", name="Afficher les chiffres").click()
    page.wait_for_url("**du=*")
    publiees = page.get_by_role("table", name="Fiches publiées par mois")
    assert publiees.locator("tbody tr").count() == 1
    assert publiees.locator("tbody td").inner_text() == "2"  # Lille and Roubaix
    with page.expect_download() as telechargement:
        page.get_by_role(
            "link", name="Télécharger les chiffres « fiches publiées par mois » (CSV)"
        ).click()
    chemin = telechargement.value.path()
    assert Path(chemin).read_text(encoding="utf-8").splitlines() == [
        "Mois,Fiches publiées",
        f"{mois},2",
    ]


def test_la_page_publique_des_chiffres(page, audit_axe, geo):
    page.goto("/")
    page.get_by_role("link", name="La plateforme en chiffres").click()
    page.wait_for_url("**/chiffres/")
    assert page.title() == "La plateforme en chiffres — Pratiques inspirantes"
    assert page.get_by_role("heading", level=1).inner_text() == "La plateforme en chiffres"
    for nom in ("Fiches publiées par thématique", "Fiches publiées par forme d’intervention"):
        # The chart and its table (the per-year table has a name of its own).
        assert page.get_by_role("img", name=nom).is_visible()
        assert page.get_by_role("table", name=re.compile(f"^{nom} —")).is_visible()
    assert page.get_by_role("link", name=re.compile(r"^Nord\s:\s2 pratiques$")).count() == 1
    assert audit_axe(page) == []

    reponse = page.goto("/chiffres/?du=2025-13")
    assert reponse.status == 400
    assert (
        page.get_by_role("alert")
        .inner_text()
        .startswith("La période ou le territoire n’est pas valide")
    )
    assert audit_axe(page) == []
