"""Living fiches and following, in a real browser: the one-click "toujours d'actualité"
page (valid and tampered link), the modérateurs' list of old fiches, the "Suivre"
buttons of a fiche and a territory and the "Mes suivis" page. axe-core finds no serious
or critical violation on each page."""

from datetime import timedelta
from importlib import import_module

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.utils import timezone

from pratiques import actualite, services
from pratiques.models import Fiche
from suivis.models import SuiviFiche, SuiviTerritoire
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import Geographie, contenu_complet, moderateur_de

from .test_moderation_navigateur import se_connecter

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def vocabulaires(transactional_db):
    import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


@pytest.fixture
def geo(vocabulaires):
    return Geographie()


def publier(titre, mois, **modifications):
    fiche, _ = services.importer(
        contenu=contenu_complet(titre=titre, **modifications),
        source="navigateur",
        identifiant=titre,
        publier=True,
    )
    date = timezone.now() - relativedelta(months=mois) - timedelta(days=1)
    Fiche.objects.filter(pk=fiche.pk).update(publiee_le=date, modifiee_le=date)
    return Fiche.objects.get(pk=fiche.pk)


def test_la_confirmation_d_actualite_en_un_clic_et_le_lien_altere(page, audit_axe, geo):
    fiche = publier("Un jardin partagé au pied des immeubles", 7)
    lien = f"/pratiques/actualite/{actualite.jeton(fiche, 6)}/"

    page.goto(lien)
    assert page.title() == "Confirmer que la fiche est à jour — Pratiques inspirantes"
    assert audit_axe(page) == []
    page.get_by_role("button", name="Oui, cette fiche est toujours d’actualité").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Merci, la fiche est confirmée"
    assert audit_axe(page) == []
    assert Fiche.objects.get(pk=fiche.pk).confirmee_le is not None

    reponse = page.goto(lien[:-4] + "xyz/")
    assert reponse.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "Lien de confirmation invalide"
    assert page.get_by_text("en vous connectant").is_visible()
    assert audit_axe(page) == []


def test_la_liste_des_fiches_anciennes_d_un_moderateur(page, audit_axe, geo):
    moderateur_de(geo.nord, email="moderatrice@exemple.fr")
    publier("Une fiche de Lille vieille de quatre ans", 48)
    publier("Une fiche de Lille récente", 3)
    ancienne = publier("Une fiche ancienne de Lille", 40)

    se_connecter(page, "moderatrice@exemple.fr")
    page.goto("/pratiques/moderation/anciennes/")
    assert page.title() == "Fiches non mises à jour — Pratiques inspirantes"
    lignes = page.locator("#fiches-anciennes tbody tr")
    assert lignes.count() == 2
    assert "quatre ans" in lignes.nth(0).inner_text()
    assert "Nord (59)" in lignes.nth(1).inner_text()
    assert audit_axe(page) == []

    lignes.nth(1).get_by_role("link", name=ancienne.titre).click()
    page.wait_for_url(f"**/pratiques/fiche/{ancienne.slug}/")
    assert page.get_by_text("Informations non mises à jour depuis le").first.is_visible()
    assert audit_axe(page) == []


def test_suivre_une_pratique_et_un_territoire_puis_mes_suivis(page, audit_axe, geo):
    lea = UtilisateurFactory(email="lea@exemple.fr", prenom="Léa")
    fiche = publier("Un atelier de réparation de vélos", 1)

    se_connecter(page, "lea@exemple.fr")
    page.goto(f"/pratiques/fiche/{fiche.slug}/")
    page.get_by_role("button", name="Suivre cette pratique").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Ne plus suivre cette pratique").is_visible()
    assert audit_axe(page) == []
    assert SuiviFiche.objects.filter(utilisateur=lea, fiche=fiche).exists()

    page.goto("/pratiques/territoire/departement/59/")
    page.get_by_role("button", name="Suivre ce territoire").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Ne plus suivre ce territoire").is_visible()
    assert audit_axe(page) == []

    page.goto("/suivis/")
    assert page.title() == "Mes suivis — Pratiques inspirantes"
    assert page.get_by_role("link", name=fiche.titre).is_visible()
    assert audit_axe(page) == []
    page.get_by_text("Chaque jour", exact=True).click()
    page.get_by_role("button", name="Enregistrer la fréquence").click()
    page.wait_for_load_state()
    assert page.get_by_label("Chaque jour").is_checked()
    page.get_by_role("button", name=f"Ne plus suivre la pratique « {fiche.titre} »").click()
    page.wait_for_load_state()
    assert page.get_by_text("Vous ne suivez aucune pratique.").is_visible()
    assert not SuiviFiche.objects.exists()
    assert SuiviTerritoire.objects.filter(utilisateur=lea).exists()
    assert audit_axe(page) == []
