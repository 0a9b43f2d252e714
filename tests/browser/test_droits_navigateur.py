"""People's rights and roles in a real browser: "Mon compte" (download of one's data,
address change and its confirmation, password change), the two-step deletion of an
account, the "Données personnelles" page and the national administrators' role
pages. axe-core finds no serious or critical violation on each page."""

import json

import pytest

from comptes.models import Utilisateur
from core.models import EmailSortant
from droits.models import JournalRole
from pratiques.models import Fiche
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.pratiques.factories import Geographie

from .test_moderation_navigateur import se_connecter

pytestmark = pytest.mark.django_db(transaction=True)


def test_mon_compte_exporte_et_change_l_adresse_et_le_mot_de_passe(page, audit_axe):
    UtilisateurFactory(email="camille@exemple.fr")
    se_connecter(page, "camille@exemple.fr")
    page.goto("/compte/")
    assert audit_axe(page) == []

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger toutes mes données (JSON)").click()
    with open(telechargement.value.path(), encoding="utf-8") as fichier:
        assert json.load(fichier)["compte"]["email"] == "camille@exemple.fr"

    page.get_by_role("link", name="Changer d’adresse e-mail").click()
    assert page.title() == "Changer d’adresse e-mail — Pratiques inspirantes"
    assert audit_axe(page) == []
    page.get_by_role("button", name="Envoyer le lien de confirmation").click()
    assert page.get_by_text("Ce champ est obligatoire").first.is_visible()
    assert audit_axe(page) == []
    page.get_by_label("Nouvelle adresse e-mail").fill("camille.nouvelle@exemple.fr")
    page.get_by_role("button", name="Envoyer le lien de confirmation").click()
    page.wait_for_url("**/compte/")
    assert page.get_by_text("Un lien de confirmation a été envoyé").is_visible()

    corps = EmailSortant.objects.get(destinataires=["camille.nouvelle@exemple.fr"]).corps_texte
    lien = next(ligne for ligne in corps.splitlines() if "/compte/adresse/confirmer/" in ligne)
    page.goto(lien[lien.index("/compte/") :])
    assert audit_axe(page) == []
    page.get_by_role("button", name="Confirmer ma nouvelle adresse").click()
    page.wait_for_url("**/compte/")
    assert page.get_by_text("camille.nouvelle@exemple.fr").first.is_visible()

    page.get_by_role("link", name="Changer de mot de passe").click()
    assert audit_axe(page) == []
    page.get_by_label("Ancien mot de passe").fill(MOT_DE_PASSE)
    page.locator("#id_new_password1").fill("encore un autre secret 2027")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("encore un autre secret 2027")
    page.get_by_role("button", name="Changer mon mot de passe").click()
    page.wait_for_url("**/compte/")
    assert Utilisateur.objects.get(email="camille.nouvelle@exemple.fr").check_password(
        "encore un autre secret 2027"
    )


def test_supprimer_son_compte_en_confirmant(page, audit_axe):
    camille = UtilisateurFactory(email="camille@exemple.fr")
    Fiche.objects.create(titre="Un brouillon de jardin partagé", auteur=camille)
    se_connecter(page, "camille@exemple.fr")
    page.goto("/compte/")
    page.get_by_role("link", name="Supprimer mon compte").click()
    assert page.title() == "Supprimer mon compte — Pratiques inspirantes"
    assert (
        page.locator("#brouillons-supprimes")
        .inner_text()
        .startswith("Un brouillon de jardin partagé")
    )
    assert audit_axe(page) == []
    page.get_by_label("Votre adresse e-mail").fill("camille@exemple.fr")
    page.get_by_label("Votre mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    assert page.get_by_text("Mot de passe incorrect").first.is_visible()
    assert audit_axe(page) == []
    assert Fiche.objects.filter(auteur=camille).exists()
    page.get_by_label("Votre mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.wait_for_url("**/compte/supprime/")
    assert page.get_by_role("heading", level=1).inner_text() == "Compte supprimé"
    assert audit_axe(page) == []
    assert not Fiche.objects.filter(auteur=camille).exists()
    assert not Utilisateur.objects.filter(email="camille@exemple.fr").exists()


def test_la_page_donnees_personnelles(page, audit_axe):
    page.goto("/compte/donnees-personnelles/")
    assert page.get_by_role("heading", level=1).inner_text() == "Données personnelles"
    assert page.locator("#durees-de-conservation li").count() >= 3
    assert audit_axe(page) == []


def test_un_administrateur_national_donne_un_role(page, audit_axe):
    geo = Geographie()
    UtilisateurFactory(email="admin@exemple.fr", role=Utilisateur.Role.ADMIN_NATIONAL)
    UtilisateurFactory(email="camille@exemple.fr", nom="Roux")
    se_connecter(page, "admin@exemple.fr")
    page.goto("/compte/")
    page.get_by_role("link", name="Gérer les rôles").click()
    assert page.title() == "Gérer les rôles — Pratiques inspirantes"
    assert audit_axe(page) == []
    page.get_by_label("Chercher une personne (adresse ou nom)").fill("roux")
    page.get_by_role("button", name="Chercher", exact=True).click()
    page.get_by_role("link", name="camille@exemple.fr").click()
    assert audit_axe(page) == []
    page.get_by_label("Rôle", exact=True).select_option("moderateur")
    page.get_by_label("Départements modérés (pour un modérateur)").select_option(str(geo.nord.pk))
    page.get_by_role("button", name="Enregistrer le rôle").click()
    assert page.get_by_text("Le rôle a été changé.").is_visible()
    assert "Modérateur — départements 59" in page.locator("#journal-roles").inner_text()
    assert audit_axe(page) == []
    assert JournalRole.objects.get().apres["departements"] == ["59"]
