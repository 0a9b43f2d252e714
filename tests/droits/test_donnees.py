"""People's rights (docs/domaine.md §20): the export of one's data, the change of
address confirmed by a signed link, the deletion of an account and the transfer of
its fiches, the retention task."""

import json
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collectifs.models import Membre
from comptes.models import Utilisateur
from core.models import EmailSortant
from decouverte.models import Alerte
from droits import adresse, conservation, export, suppression
from essaimage import services as essaimage
from partenaires.models import CleApi
from pratiques.models import Fiche, Revision
from prix import services as prix
from prix.models import MembreJury
from suivis.models import SuiviFiche, SuiviTerritoire
from tests.collectifs.factories import declarer
from tests.comptes.factories import MOT_DE_PASSE, OrganisationFactory, UtilisateurFactory
from tests.outils import connecte
from tests.partenaires.factories import nouvelle_cle
from tests.pratiques.factories import fiche_publiee
from tests.prix.factories import edition, jure

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    return OrganisationFactory(nom="CAF du Nord")


@pytest.fixture
def personne(auteur, organisation):
    auteur.organisation = organisation
    auteur.nom = "Dupont"
    auteur.save()
    return auteur


@pytest.fixture
def ses_donnees(personne, moderateur_nord, geo):
    """A published fiche with an open revision, a draft, an alert, follows, a reprise,
    an API key and a relayed message; another person has the same kinds of data."""
    publiee = fiche_publiee(
        personne,
        moderateur_nord,
        titre="Un café des familles à Fives",
        contact_email=personne.email,
    )
    Revision.objects.create(fiche=publiee, auteur=personne, contenu={"titre": "Révision"})
    brouillon = Fiche.objects.create(titre="Mon brouillon de jardin", auteur=personne)
    Alerte.objects.create(utilisateur=personne, nom="Jardins du Nord", frequence="hebdomadaire")
    SuiviFiche.objects.create(utilisateur=personne, fiche=publiee)
    SuiviTerritoire.objects.create(utilisateur=personne, territoire=geo.nord)
    autre = UtilisateurFactory(email="autre.personne@exemple.fr", nom="Autre")
    Alerte.objects.create(utilisateur=autre, nom="Alerte de l’autre", frequence="hebdomadaire")
    source_autre = fiche_publiee(autre, moderateur_nord, titre="La fiche de l’autre")
    reprise = essaimage.declarer(
        source_autre,
        par=personne,
        territoire=geo.lille,
        depuis=timezone.localdate(),
        garde="Le café chaque semaine.",
    )
    cle, secret = nouvelle_cle(personne.organisation)
    CleApi.objects.filter(pk=cle.pk).update(creee_par=personne)
    EmailSortant.objects.create(
        expediteur="plateforme@exemple.fr",
        destinataires=["porteur.prive@exemple.fr"],
        repondre_a=[personne.email],
        sujet="Question sur votre café",
        corps_texte="Bonjour…",
    )
    declarer(personne, [geo.lille], nom="Collectif de Fives")
    jury = prix.ouvrir_jury(
        edition(UtilisateurFactory(role=Utilisateur.Role.ADMIN_NATIONAL)),
        par=moderateur_nord,
        departement=geo.nord,
    )
    jure(jury, utilisateur=personne)
    jure(jury, email="autre.jure@exemple.fr")
    return {"publiee": publiee, "brouillon": brouillon, "reprise": reprise, "secret": secret}


def test_l_export_contient_chaque_sorte_de_donnees_et_rien_des_autres(personne, ses_donnees):
    reponse = connecte(personne).get(reverse("droits:export"))
    assert reponse.status_code == 200
    assert "attachment" in reponse["Content-Disposition"]
    texte = reponse.content.decode()
    donnees = json.loads(texte)
    assert set(donnees) == {"exporte_le", *(source.cle for source in export.SOURCES)}
    assert donnees["compte"]["email"] == "auteur@exemple.fr"
    assert donnees["compte"]["organisation"] == "CAF du Nord"
    titres = {f["titre"]: f for f in donnees["fiches"]}
    assert set(titres) == {"Un café des familles à Fives", "Mon brouillon de jardin"}
    assert titres["Un café des familles à Fives"]["versions_publiees"][0]["numero"] == 1
    assert [r["contenu"]["titre"] for r in donnees["revisions"]] == ["Révision"]
    assert [a["nom"] for a in donnees["alertes"]] == ["Jardins du Nord"]
    assert [s["fiche__titre"] for s in donnees["suivis"]["fiches"]] == [
        "Un café des familles à Fives"
    ]
    assert [s["territoire__nom"] for s in donnees["suivis"]["territoires"]] == ["Nord"]
    assert [r["fiche_source__titre"] for r in donnees["reprises"]] == ["La fiche de l’autre"]
    assert [m["sujet"] for m in donnees["messages_relayes"]] == ["Question sur votre café"]
    assert [c["name"] for c in donnees["cles_api"]] == ["Synchronisation"]
    assert [m["collectif__nom"] for m in donnees["collectifs"]] == ["Collectif de Fives"]
    assert [j["jury__edition__annee"] for j in donnees["prix"]["jurys"]] == [2027]
    # nothing of anybody else, and never a key's secret
    for etranger in (
        "autre.personne@exemple.fr",
        "Alerte de l’autre",
        "porteur.prive@exemple.fr",
        "contact@centre-social.example.fr",
        "moderateur.nord@exemple.fr",
        "autre.jure@exemple.fr",
    ):
        assert etranger not in texte
    assert ses_donnees["secret"] not in texte
    assert "hashed_key" not in texte


def test_l_export_demande_d_etre_connecte(db):
    reponse = Client().get(reverse("droits:export"))
    assert reponse.status_code == 302 and "/compte/connexion/" in reponse["Location"]


def _lien_envoye_a(adresse_email):
    corps = EmailSortant.objects.filter(destinataires=[adresse_email]).latest("cree_le").corps_texte
    return next(ligne for ligne in corps.splitlines() if "/compte/adresse/confirmer/" in ligne)


def test_le_changement_d_adresse_n_a_lieu_qu_a_la_confirmation(personne):
    client = connecte(personne)
    reponse = client.post(reverse("droits:adresse"), {"email": "Nouvelle@Exemple.fr"})
    assert reponse.status_code == 302
    assert Utilisateur.objects.get(pk=personne.pk).email == "auteur@exemple.fr"
    assert EmailSortant.objects.filter(destinataires=["auteur@exemple.fr"]).exists()
    chemin = _lien_envoye_a("nouvelle@exemple.fr").split("example", 1)[-1]
    chemin = chemin[chemin.index("/compte/") :]
    page = Client().get(chemin)
    assert page.status_code == 200 and "nouvelle@exemple.fr" in page.content.decode()
    assert Utilisateur.objects.get(pk=personne.pk).email == "auteur@exemple.fr"
    assert Client().post(chemin).status_code == 302
    assert Utilisateur.objects.get(pk=personne.pk).email == "nouvelle@exemple.fr"
    # the link served once
    reponse = Client().post(chemin)
    assert reponse.status_code == 400
    assert "déjà servi" in reponse.content.decode()


def test_un_lien_de_changement_d_adresse_altere_ou_expire_est_refuse(personne, monkeypatch):
    jeton = signing.dumps(
        {"id": personne.pk, "ancienne": personne.email, "nouvelle": "pirate@exemple.fr"},
        salt=adresse.SEL,
    )
    altere = jeton.replace(":", ":x", 1)
    reponse = Client().post(reverse("droits:confirmer_adresse", args=[altere]))
    assert reponse.status_code == 400 and "pas valide" in reponse.content.decode()
    monkeypatch.setattr(adresse, "VALIDITE", timedelta(seconds=-1))
    reponse = Client().post(reverse("droits:confirmer_adresse", args=[jeton]))
    assert reponse.status_code == 400 and "expiré" in reponse.content.decode()
    assert Utilisateur.objects.get(pk=personne.pk).email == "auteur@exemple.fr"


def test_une_adresse_deja_prise_est_refusee(personne):
    UtilisateurFactory(email="prise@exemple.fr")
    reponse = connecte(personne).post(reverse("droits:adresse"), {"email": "prise@exemple.fr"})
    assert reponse.status_code == 200
    assert "Un compte existe déjà" in reponse.content.decode()


def test_le_mot_de_passe_se_change_avec_l_ancien(personne):
    client = connecte(personne)
    nouveau = "un tout autre mot de passe 2027"
    refus = client.post(
        reverse("droits:mot_de_passe"),
        {"old_password": "faux", "new_password1": nouveau, "new_password2": nouveau},
    )
    assert refus.status_code == 200
    reponse = client.post(
        reverse("droits:mot_de_passe"),
        {"old_password": MOT_DE_PASSE, "new_password1": nouveau, "new_password2": nouveau},
    )
    assert reponse.status_code == 302
    assert Utilisateur.objects.get(pk=personne.pk).check_password(nouveau)


def test_la_suppression_demande_l_adresse_et_le_mot_de_passe(personne, ses_donnees):
    client = connecte(personne)
    page = client.get(reverse("droits:supprimer")).content.decode()
    assert "Mon brouillon de jardin" in page
    reponse = client.post(
        reverse("droits:supprimer"), {"email": personne.email, "mot_de_passe": "faux"}
    )
    assert reponse.status_code == 200 and "Mot de passe incorrect" in reponse.content.decode()
    assert Fiche.objects.filter(pk=ses_donnees["brouillon"].pk).exists()
    assert Utilisateur.objects.get(pk=personne.pk).email == "auteur@exemple.fr"


def test_supprimer_son_compte_garde_les_fiches_publiees_sans_nom(
    personne, ses_donnees, moderateur_nord
):
    client = connecte(personne)
    reponse = client.post(
        reverse("droits:supprimer"), {"email": personne.email, "mot_de_passe": MOT_DE_PASSE}
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("droits:compte_supprime")
    publiee = Fiche.objects.get(pk=ses_donnees["publiee"].pk)
    assert str(publiee.auteur) == suppression.ANONYME
    assert not Fiche.objects.filter(pk=ses_donnees["brouillon"].pk).exists()
    assert not Revision.objects.filter(auteur_id=personne.pk).exists()
    assert not Alerte.objects.filter(utilisateur_id=personne.pk).exists()
    assert not SuiviFiche.objects.filter(utilisateur_id=personne.pk).exists()
    assert not SuiviTerritoire.objects.filter(utilisateur_id=personne.pk).exists()
    cle = CleApi.objects.get(name="Synchronisation")
    assert cle.revoked and cle.creee_par is None
    assert not EmailSortant.objects.filter(repondre_a__contains=["auteur@exemple.fr"]).exists()
    ligne = Utilisateur.objects.get(pk=personne.pk)
    assert ligne.email.endswith("@anonyme.invalid") and not ligne.is_active
    assert (ligne.prenom, ligne.nom, ligne.organisation) == ("", suppression.ANONYME, None)
    assert not ligne.has_usable_password()
    assert not Membre.objects.filter(utilisateur_id=personne.pk).exists()
    jure_anonyme = MembreJury.objects.get(utilisateur_id=personne.pk)
    assert jure_anonyme.email.endswith("@anonyme.invalid") and "Dupont" not in jure_anonyme.nom
    ses_donnees["reprise"].refresh_from_db()
    assert not ses_donnees["reprise"].contact_autorise
    # the session is closed, and nowhere is the person named
    assert client.get(reverse("comptes:mon_compte")).status_code == 302
    pages = [
        Client().get(reverse("pratiques:fiche", args=[publiee.slug])),
        Client().get(f"/api/v1/pratiques/{publiee.slug}/"),
    ]
    assert all(p.status_code == 200 for p in pages)
    export_json = b"".join(Client().get(reverse("donnees:export_json")).streaming_content)
    for contenu in [p.content for p in pages] + [export_json]:
        texte = contenu.decode()
        assert "Un café des familles à Fives" in texte
        assert "auteur@exemple.fr" not in texte and "Dupont" not in texte and "Aurore" not in texte
    assert publiee.contact_email == ""
    version = publiee.versions_publiees.get()
    assert version.contenu["champs"]["contact_email"] == ""
    historique = connecte(moderateur_nord).get(reverse("pratiques:historique", args=[publiee.pk]))
    assert historique.status_code == 200
    assert "Dupont" not in historique.content.decode()
    assert suppression.ANONYME in historique.content.decode()


def test_les_fiches_passent_a_une_collegue_qui_accepte(personne, ses_donnees, organisation):
    collegue = UtilisateurFactory(email="collegue@exemple.fr", organisation=organisation)
    inconnu = UtilisateurFactory(email="inconnu@exemple.fr")
    connecte(personne).post(
        reverse("droits:supprimer"),
        {"email": personne.email, "mot_de_passe": MOT_DE_PASSE, "transfert_a": collegue.pk},
    )
    courriel = EmailSortant.objects.get(destinataires=["collegue@exemple.fr"])
    assert "Un café des familles à Fives" in courriel.corps_texte
    lien = next(m for m in courriel.corps_texte.split() if "/fiches-transferees/" in m)
    chemin = lien[lien.index("/compte/") :]
    assert connecte(inconnu).post(chemin).status_code == 400
    assert Fiche.objects.get(pk=ses_donnees["publiee"].pk).auteur_id == personne.pk
    client = connecte(collegue)
    assert "Un café des familles à Fives" in client.get(chemin).content.decode()
    assert client.post(chemin).status_code == 302
    assert Fiche.objects.get(pk=ses_donnees["publiee"].pk).auteur == collegue


def test_la_conservation_supprime_ce_qui_est_trop_ancien_et_garde_le_reste(db):
    maintenant = timezone.now()

    def courriel(sujet, jours, statut=EmailSortant.Statut.ENVOYE, repondre_a=()):
        date = maintenant - timedelta(days=jours)
        return EmailSortant.objects.create(
            expediteur="p@exemple.fr",
            destinataires=["x@exemple.fr"],
            sujet=sujet,
            corps_texte=".",
            repondre_a=list(repondre_a),
            statut=statut,
            cree_le=date,
            envoye_le=date if statut == EmailSortant.Statut.ENVOYE else None,
        )

    courriel("ancien envoyé", 91)
    courriel("récent envoyé", 80)
    courriel("ancien échec", 91, statut=EmailSortant.Statut.ECHEC)
    courriel("relais ancien", 31, repondre_a=["a@exemple.fr"])
    courriel("relais récent", 20, repondre_a=["a@exemple.fr"])
    courriel("en attente ancien", 91, statut=EmailSortant.Statut.EN_ATTENTE)
    comptes = conservation.appliquer()
    assert comptes["messages_relayes"] == 1 and comptes["courriels"] == 2
    assert set(EmailSortant.objects.values_list("sujet", flat=True)) == {
        "récent envoyé",
        "relais récent",
        "en attente ancien",
    }


def test_la_page_donnees_personnelles_dit_les_durees(db):
    page = Client().get(reverse("droits:donnees_personnelles")).content.decode()
    for regle in conservation.REGLES:
        assert f"{regle.jours}\u00a0jours" in page or f"{regle.jours}&nbsp;jours" in page


def test_le_dernier_administrateur_national_ne_supprime_pas_son_compte(admin_national):
    reponse = connecte(admin_national).post(
        reverse("droits:supprimer"), {"email": admin_national.email, "mot_de_passe": MOT_DE_PASSE}
    )
    assert reponse.status_code == 200
    assert "dernier administrateur national" in reponse.content.decode()
    assert Utilisateur.objects.get(pk=admin_national.pk).is_active
