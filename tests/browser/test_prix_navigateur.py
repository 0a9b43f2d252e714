"""The prize in a real browser: a juror scores a candidature on the grid (with an
error first, then saved), the president closes and publishes, and the edition's page
shows the laureates with the jury's words; axe-core finds no serious or critical
violation on these pages."""

import importlib

import pytest
from django.apps import apps

from comptes.models import Utilisateur
from prix import regles, services
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.pratiques.factories import Geographie, fiche_publiee, moderateur_de
from tests.prix.factories import deplacer, edition, grille, jure

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def prix():
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)
    geo = Geographie()
    admin = UtilisateurFactory(role=Utilisateur.Role.ADMIN_NATIONAL)
    moderateur = moderateur_de(geo.nord)
    e = edition(admin)
    jury = services.ouvrir_jury(e, par=moderateur, departement=geo.nord)
    auteur = UtilisateurFactory()
    candidatures = [
        services.proposer(e, fiche_publiee(auteur, moderateur, titre=t), par=moderateur)
        for t in ("Un café des parents", "Une épicerie solidaire")
    ]
    deplacer(e, regles.JURY_DEPARTEMENTAL)
    presidente = jure(jury, president=True, email="presidente@exemple.fr", prenom="Paule")
    jure_ = jure(jury, email="jure@exemple.fr", prenom="Jules")
    return {
        "edition": e,
        "jury": jury,
        "candidatures": candidatures,
        "presidente": presidente,
        "jure": jure_,
    }


def se_connecter(page, email, suite):
    page.goto(f"/compte/connexion/?next={suite}")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{suite}")


def test_un_jure_note_une_candidature_sur_la_grille(page, audit_axe, prix):
    jury = prix["jury"]
    se_connecter(page, "jure@exemple.fr", f"/prix/2027/jury/{jury.pk}/")
    assert page.get_by_role("heading", level=1, name="Jury Nord — prix 2027").is_visible()
    assert audit_axe(page) == []
    page.get_by_role("link", name="Noter « Un café des parents »").click()
    page.wait_for_url("**/noter/**")
    assert page.title() == "Noter « Un café des parents » — Pratiques inspirantes"
    assert audit_axe(page) == []
    # A score out of the scale: the error is shown, and the page stays accessible.
    page.get_by_label("Participation des personnes concernées (coefficient 3)").fill("12")
    page.get_by_label("Reproductibilité (coefficient 2)").fill("7")
    page.get_by_label("Partenariat (coefficient 1)").fill("6")
    page.get_by_role("button", name="Enregistrer mes notes").click()
    page.wait_for_load_state()
    assert page.title().startswith("Erreur — ")
    assert page.get_by_text("inférieure ou égale à 10").first.is_visible()
    assert audit_axe(page) == []
    page.get_by_label("Participation des personnes concernées (coefficient 3)").fill("8")
    page.get_by_label("Commentaire sur « Participation des personnes concernées »").fill(
        "Les parents décident."
    )
    page.get_by_role("button", name="Enregistrer mes notes").click()
    page.wait_for_url(f"**/prix/2027/jury/{jury.pk}/")
    assert page.get_by_text("Les parents décident.").is_visible()
    assert page.get_by_role("link", name="Modifier mes notes « Un café des parents »").is_visible()


def test_la_page_de_l_edition_montre_le_palmares(page, audit_axe, prix):
    e, jury, presidente = prix["edition"], prix["jury"], prix["presidente"]
    cafe, epicerie = prix["candidatures"]
    services.noter(presidente, cafe, grille(e, 9, 9, 9))
    services.noter(presidente, epicerie, grille(e, 6, 6, 6))
    services.clore(jury, par=presidente.utilisateur)
    deplacer(e, regles.RESULTATS_DEPARTEMENTAUX)
    se_connecter(page, "presidente@exemple.fr", f"/prix/2027/jury/{jury.pk}/")
    page.get_by_label("Les mots du jury").fill("Deux démarches où les habitants décident.")
    page.get_by_role("button", name="Publier le palmarès").click()
    page.wait_for_url("**/prix/2027/")
    assert page.title() == "Prix 2027 — Pratiques inspirantes"
    assert page.get_by_text("Deux démarches où les habitants décident.").is_visible()
    assert page.get_by_role("link", name="Un café des parents").is_visible()
    assert audit_axe(page) == []
    page.get_by_role("link", name="Un café des parents").click()
    page.wait_for_url("**/pratiques/fiche/**")
    assert page.get_by_role("link", name="Lauréate du prix 2027 — Nord, 1re").is_visible()
    assert audit_axe(page) == []


def test_un_moderateur_compose_le_jury_et_nomine_une_fiche(page, audit_axe, prix):
    prix["jury"].membres.all().delete()
    deplacer(prix["edition"], regles.NOMINATIONS)
    moderateur = Utilisateur.objects.get(role=Utilisateur.Role.MODERATEUR)
    se_connecter(page, moderateur.email, "/prix/")
    assert page.title() == "Le prix — Pratiques inspirantes"
    assert audit_axe(page) == []
    page.get_by_role("link", name="Prix 2027").click()
    page.get_by_role("link", name="Jurys et nominations").click()
    page.wait_for_url("**/prix/2027/nominations/")
    assert audit_axe(page) == []
    page.get_by_role("link", name="Composer et suivre le jury du département").click()
    page.wait_for_url(f"**/prix/2027/jury/{prix['jury'].pk}/")
    # An invalid address is refused next to its field, the page stays accessible.
    page.get_by_label("Nom et prénom").fill("Inès Externe")
    page.get_by_label("Adresse e-mail").fill("pas une adresse")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.wait_for_load_state()
    assert page.get_by_text("Saisissez une adresse e-mail valide.").first.is_visible()
    assert audit_axe(page) == []
    page.get_by_label("Adresse e-mail").fill("ines@exemple.fr")
    page.locator("label[for=id_president]").click()
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.wait_for_load_state()
    assert page.get_by_text("Invitation envoyée à ines@exemple.fr.").is_visible()


def test_l_invitee_cree_son_compte_et_l_auteur_candidate(page, audit_axe, prix):
    from prix import invitations

    deplacer(prix["edition"], regles.NOMINATIONS)
    moderateur = Utilisateur.objects.get(role=Utilisateur.Role.MODERATEUR)
    membre = services.inviter(prix["jury"], par=moderateur, email="ines@exemple.fr", nom="Inès")
    page.goto(f"/prix/invitation/{invitations.jeton(membre)}/")
    assert audit_axe(page) == []
    page.locator("#id_password1").fill(MOT_DE_PASSE)
    page.get_by_label("Confirmation du mot de passe").fill("autre chose encore 2026")
    page.get_by_role("button", name="Créer mon compte et rejoindre le jury").click()
    page.wait_for_load_state()
    assert page.get_by_text("Les deux mots de passe diffèrent.").first.is_visible()
    assert audit_axe(page) == []
    page.locator("#id_password1").fill(MOT_DE_PASSE)
    page.get_by_label("Confirmation du mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Créer mon compte et rejoindre le jury").click()
    page.wait_for_url(f"**/prix/2027/jury/{prix['jury'].pk}/")

    # An author applies for their fiche (a new session).
    page.context.clear_cookies()
    auteur = prix["candidatures"][0].fiche.auteur
    fiche = fiche_publiee(auteur, moderateur, titre="Un jardin partagé")
    se_connecter(page, auteur.email, f"/prix/2027/candidater/{fiche.slug}/")
    assert audit_axe(page) == []
    page.get_by_role("button", name="Proposer la fiche au prix").click()
    page.wait_for_load_state()
    assert page.get_by_text("quelques lignes").first.is_visible()
    assert audit_axe(page) == []
    page.get_by_label("Ce qui fait la réussite de la démarche").fill("Les habitants décident.")
    page.get_by_role("button", name="Proposer la fiche au prix").click()
    page.wait_for_url("**/prix/2027/")
    assert page.get_by_text("« Un jardin partagé » concourt au prix 2027.").is_visible()


def test_un_administrateur_national_cree_une_edition(page, audit_axe, prix):
    admin = Utilisateur.objects.get(role=Utilisateur.Role.ADMIN_NATIONAL)
    se_connecter(page, admin.email, "/prix/nouvelle-edition/")
    assert audit_axe(page) == []
    page.get_by_role("button", name="Créer l’édition").click()
    page.wait_for_load_state()
    assert page.title().startswith("Erreur — ")
    assert audit_axe(page) == []
