"""Collectifs in a real browser: the list and its map, a collectif's page, declaring
a collectif (territory chosen with the keyboard), asking to join one, and the
département's recognition queue with its quota; axe-core finds no serious or critical
violation on any of them, with or without errors."""

import importlib
import re

import pytest
from django.apps import apps

from collectifs.models import Collectif, EtatReconnaissance, Membre
from tests.collectifs.factories import ajouter_membre, candidat, declarer, quota
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.pratiques.factories import Geographie, moderateur_de

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def geo():
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)
    return Geographie()


def se_connecter(page, email, suite):
    page.goto(f"/compte/connexion/?next={suite}")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{suite}")


def test_la_liste_ses_filtres_et_la_page_d_un_collectif(page, audit_axe, geo):
    animatrice = UtilisateurFactory(prenom="Nadia", nom="Benali")
    fives = declarer(animatrice, [geo.lille], nom="Collectif de Fives")
    ajouter_membre(fives, "elus", nom_public=True, prenom="Hélène", nom="Vasseur")
    declarer(animatrice, [geo.arras], nom="Collectif pour Arras")

    page.goto("/")
    page.get_by_role("link", name="Collectifs", exact=True).click()
    page.wait_for_url("**/collectifs/")
    assert page.title() == "Collectifs locaux de développement social — Pratiques inspirantes"
    assert page.get_by_role("heading", name="2 collectifs").is_visible()
    assert audit_axe(page) == []

    # The map's table opens with the keyboard; a département leads to the filtered list.
    page.get_by_text("Voir le nombre de collectifs par département sous forme de tableau").click()
    page.get_by_role("row", name=re.compile(r"^59 Nord 1")).get_by_role("link").click()
    page.wait_for_url("**/collectifs/?territoire=departement:59")
    assert page.get_by_role("heading", name="1 collectif").is_visible()

    # A filter error is shown next to its field, the page stays usable.
    page.locator("#id_territoire").fill("Nulle-Part-sur-Mer")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Aucun territoire ne correspond").first.is_visible()
    assert audit_axe(page) == []

    page.goto("/collectifs/")
    page.get_by_role("link", name="Collectif de Fives").click()
    page.wait_for_url(f"**/collectifs/{fives.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Collectif de Fives"
    assert page.get_by_text("Hélène Vasseur").is_visible()
    assert page.get_by_text("Benali").count() == 0
    assert page.get_by_text("Au moins deux professionnels").is_visible()
    assert audit_axe(page) == []


def test_declarer_un_collectif_au_clavier(page, audit_axe, geo):
    UtilisateurFactory(email="declarante@exemple.fr")
    se_connecter(page, "declarante@exemple.fr", "/collectifs/declarer/")
    assert page.title() == "Déclarer un collectif — Pratiques inspirantes"
    assert audit_axe(page) == []

    page.get_by_role("button", name="Déclarer le collectif").click()
    page.wait_for_load_state()
    assert page.title().startswith("Erreur — ")
    assert audit_axe(page) == []

    page.get_by_label("Nom du collectif").fill("Collectif du quartier de Fives")
    page.get_by_label("Description").fill("Habitants, associations et professionnels de Fives.")
    territoire = page.locator("#id_territoires")
    territoire.focus()
    page.keyboard.type("Lill")
    page.get_by_role("option", name=re.compile(r"^Lille Commune")).wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator('input[name="forme"][value="informel"]').check(force=True)
    page.get_by_label("Gouvernance").fill("Une assemblée mensuelle décide au consensus.")
    page.locator('input[name="college"][value="professionnels"]').check(force=True)
    page.get_by_role("button", name="Déclarer le collectif").click()

    collectif = Collectif.objects.get()
    page.wait_for_url(f"**/collectifs/{collectif.slug}/gerer/")
    assert collectif.departement == geo.nord
    assert page.get_by_text("Demander la reconnaissance").first.is_visible()
    assert audit_axe(page) == []


def test_demander_a_rejoindre_un_collectif(page, audit_axe, geo):
    collectif = declarer(UtilisateurFactory(), [geo.lille], nom="Collectif de Fives")
    UtilisateurFactory(email="habitante@exemple.fr")

    page.goto(f"/collectifs/{collectif.slug}/")
    page.get_by_role("link", name="Rejoindre le collectif").click()
    page.wait_for_url("**/compte/connexion/**")
    page.get_by_label("Adresse e-mail").fill("habitante@exemple.fr")
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**/collectifs/{collectif.slug}/rejoindre/")
    assert audit_axe(page) == []

    page.locator('input[name="college"][value="habitants"]').check(force=True)
    page.get_by_label("Message aux animateurs").fill("J’habite le quartier depuis dix ans.")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(f"**/collectifs/{collectif.slug}/")
    assert page.get_by_text("Votre demande est transmise aux animateurs").is_visible()
    assert page.get_by_role("link", name="Ma demande en attente").is_visible()
    demande = Membre.objects.get(utilisateur__email="habitante@exemple.fr")
    assert (demande.statut, demande.nom_public) == (Membre.Statut.EN_ATTENTE, False)
    assert audit_axe(page) == []


def test_la_file_de_reconnaissance_et_son_quota(page, audit_axe, geo):
    moderateur_de(geo.nord, email="moderatrice@exemple.fr")
    quota(geo.nord, nombre=5, enveloppe=100_000)
    collectif = candidat(UtilisateurFactory(), [geo.lille], nom="Collectif de Fives")
    se_connecter(page, "moderatrice@exemple.fr", "/collectifs/reconnaissance/")

    assert page.title() == "Reconnaissance des collectifs — Pratiques inspirantes"
    assert page.get_by_text(re.compile(r"0 reconnaissance sur 5 en \d{4}")).is_visible()
    assert audit_axe(page) == []

    page.get_by_role("link", name="Collectif de Fives").click()
    page.wait_for_url(f"**/collectifs/reconnaissance/{collectif.slug}/")
    page.locator('input[name="decision"][value="reconnaitre"]').check(force=True)
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_load_state()
    assert page.get_by_text("Indiquez le montant attribué").first.is_visible()
    assert audit_axe(page) == []

    page.get_by_label("Montant attribué pour trois ans (en euros)").fill("20000")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_url("**/collectifs/reconnaissance/")
    assert page.get_by_text(re.compile(r"1 reconnaissance sur 5 en \d{4}")).is_visible()
    assert Collectif.objects.get().etat == EtatReconnaissance.RECONNU
