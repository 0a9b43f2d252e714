"""Pages of signed-in people and of the animateurs: declaring a collectif, asking to
join, answering requests, leaving, the means and the yearly reports. Errors are shown
next to the fields; what is not allowed is a 403 with a French message."""

import pytest
from django.utils import timezone

from collectifs.models import Collectif, College, Financement, Membre, RapportAnnuel
from tests.collectifs.factories import ajouter_membre, completer, declarer
from tests.comptes.factories import UtilisateurFactory
from tests.outils import connecte, texte, titre_de_la_page

pytestmark = pytest.mark.django_db

DECLARATION = {
    "nom": "Collectif du quartier de Fives",
    "description": "Habitants, associations, professionnels et élus de Fives.",
    "territoires": "commune:59350",
    "date_creation": "15/09/2021",
    "forme": "informel",
    "gouvernance": "Une assemblée mensuelle décide au consensus.",
    "college": "professionnels",
    "fonction": "Conseillère ESF",
}


def test_declarer_un_collectif_en_devient_l_animateur(geo, animatrice):
    client = connecte(animatrice)
    page = client.get("/collectifs/declarer/").content.decode()
    assert titre_de_la_page(page) == "Déclarer un collectif — Pratiques inspirantes"

    reponse = client.post("/collectifs/declarer/", DECLARATION)

    collectif = Collectif.objects.get()
    assert (
        reponse.status_code == 302 and reponse["Location"] == f"/collectifs/{collectif.slug}/gerer/"
    )
    assert list(collectif.territoires.all()) == [geo.lille]
    assert collectif.departement == geo.nord
    assert collectif.date_creation.isoformat() == "2021-09-15"
    membre = Membre.objects.get(collectif=collectif)
    assert (membre.utilisateur, membre.est_animateur, membre.nom_public) == (
        animatrice,
        True,
        False,
    )


def test_une_declaration_incomplete_garde_la_saisie_et_montre_les_erreurs(geo, animatrice):
    reponse = connecte(animatrice).post(
        "/collectifs/declarer/", {**DECLARATION, "nom": "", "territoires": "Nulle-Part-sur-Mer"}
    )

    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert titre_de_la_page(html).startswith("Erreur — ")
    assert "Aucun territoire ne correspond" in texte(html)
    assert "Une assemblée mensuelle décide au consensus." in html
    assert not Collectif.objects.exists()


def test_il_faut_etre_connecte_pour_declarer_ou_rejoindre(client, geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    for url in ("/collectifs/declarer/", f"/collectifs/{collectif.slug}/rejoindre/"):
        reponse = client.get(url)
        assert reponse.status_code == 302 and "/compte/connexion/" in reponse["Location"]


def test_demander_a_rejoindre_puis_etre_accepte(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    personne = UtilisateurFactory(prenom="Jean", nom="Devos")
    client = connecte(personne)

    reponse = client.post(
        f"/collectifs/{collectif.slug}/rejoindre/",
        {
            "college": "associations",
            "fonction": "Amicale",
            "nom_public": "on",
            "message": "Bonjour",
        },
    )

    assert reponse.status_code == 302
    demande = Membre.objects.get(utilisateur=personne)
    assert (demande.statut, demande.nom_public) == (Membre.Statut.EN_ATTENTE, True)
    page = connecte(animatrice).get(f"/collectifs/{collectif.slug}/gerer/membres/").content.decode()
    assert "Jean Devos" in page and "Demandes en attente (1)" in page

    url = f"/collectifs/{collectif.slug}/gerer/membres/{demande.pk}/accepter/"
    assert client.post(url).status_code == 403, "only animateurs answer"
    assert connecte(animatrice).post(url).status_code == 302
    demande.refresh_from_db()
    assert demande.statut == Membre.Statut.ACCEPTE


def test_une_action_inconnue_ou_deja_faite_ne_casse_rien(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    membre = ajouter_membre(collectif, College.HABITANTS)
    client = connecte(animatrice)
    base = f"/collectifs/{collectif.slug}/gerer/membres/{membre.pk}"

    assert client.post(f"{base}/inconnue/").status_code == 302
    assert client.post(f"{base}/accepter/").status_code == 409
    assert (
        client.post(f"/collectifs/{collectif.slug}/gerer/membres/999999/retirer/").status_code
        == 404
    )


def test_le_dernier_animateur_designe_son_successeur_pour_partir(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    autre = ajouter_membre(collectif, College.ELUS, prenom="Hélène", nom="Vasseur")
    client = connecte(animatrice)

    page = client.get(f"/collectifs/{collectif.slug}/ma-participation/").content.decode()
    assert "Vous êtes le dernier animateur" in page and "Hélène Vasseur" in page
    refus = client.post(f"/collectifs/{collectif.slug}/quitter/", {"successeur": ""})
    assert refus.status_code == 409 and "désignez un autre membre" in refus.content.decode()

    reponse = client.post(f"/collectifs/{collectif.slug}/quitter/", {"successeur": autre.pk})

    assert reponse.status_code == 302
    assert list(Membre.objects.animateurs().filter(collectif=collectif)) == [autre]


def test_changer_son_choix_de_nom_public(geo, animatrice, client):
    collectif = declarer(animatrice, [geo.lille])
    assert "Benali" not in client.get(f"/collectifs/{collectif.slug}/").content.decode()

    connecte(animatrice).post(
        f"/collectifs/{collectif.slug}/ma-participation/",
        {"college": "professionnels", "fonction": "", "nom_public": "on"},
    )

    assert "Nadia Benali" in client.get(f"/collectifs/{collectif.slug}/").content.decode()


@pytest.mark.parametrize(
    "page", ["gerer/", "gerer/membres/", "gerer/moyens/", "gerer/rapports/", "gerer/fiches/"]
)
def test_les_pages_de_gestion_sont_reservees_aux_animateurs(geo, animatrice, page):
    collectif = declarer(animatrice, [geo.lille])
    simple = ajouter_membre(collectif, College.HABITANTS).utilisateur
    url = f"/collectifs/{collectif.slug}/{page}"

    reponse = connecte(animatrice).get(url)
    assert reponse.status_code == 200
    assert reponse.content.decode().count("<h1") == 1
    refus = connecte(simple).get(url)
    assert refus.status_code == 403
    assert "réservée aux animateurs" in refus.content.decode()


def test_la_page_de_gestion_propose_la_candidature_selon_la_table(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    client = connecte(animatrice)
    url = f"/collectifs/{collectif.slug}/gerer/"

    incomplet = texte(client.get(url).content.decode())
    assert "Demander la reconnaissance : pas encore possible." in incomplet
    assert client.post(f"/collectifs/{collectif.slug}/gerer/candidature/").status_code == 409

    completer(collectif)
    html = client.get(url).content.decode()
    assert '<button class="fr-btn" type="submit">Demander la reconnaissance</button>' in html
    assert client.post(f"/collectifs/{collectif.slug}/gerer/candidature/").status_code == 302
    collectif.refresh_from_db()
    assert collectif.etat == "candidature"
    assert "La demande est en cours d’examen" in client.get(url).content.decode()


def test_ajouter_et_supprimer_un_financement(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    client = connecte(animatrice)
    url = f"/collectifs/{collectif.slug}/gerer/moyens/"

    erreur = client.post(
        url, {"formulaire": "financement", "financement-financeur": "CAF du Nord",
              "financement-montant": "5000", "financement-annee_debut": "2027",
              "financement-annee_fin": "2026"},
    )  # fmt: skip
    assert "La dernière année ne peut pas précéder la première." in erreur.content.decode()
    client.post(
        url, {"formulaire": "financement", "financement-financeur": "CAF du Nord",
              "financement-montant": "5000", "financement-annee_debut": "2026",
              "financement-annee_fin": "2027"},
    )  # fmt: skip
    financement = Financement.objects.get(collectif=collectif)
    assert "CAF du Nord" in client.get(f"/collectifs/{collectif.slug}/").content.decode()

    client.post(
        f"/collectifs/{collectif.slug}/gerer/moyens/financement/{financement.pk}/supprimer/"
    )
    assert not Financement.objects.exists()


def test_deposer_un_rapport_annuel(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    annee = timezone.localdate().year
    reponse = connecte(animatrice).post(
        f"/collectifs/{collectif.slug}/gerer/rapports/",
        {"annee": annee, "activites": "Douze assemblées.", "participants_elus": 2,
         "participants_professionnels": 5, "participants_associations": 4,
         "participants_habitants": 30, "enseignements": "Se réunir le soir."},
    )  # fmt: skip

    assert reponse.status_code == 302
    assert RapportAnnuel.objects.get(collectif=collectif).annee == annee


def test_mes_collectifs_montre_mes_participations_et_mes_fiches(geo, animatrice, auteur):
    from collectifs import membres
    from tests.pratiques.factories import fiche_soumise

    fives = declarer(animatrice, [geo.lille], nom="Collectif de Fives")
    roubaix = declarer(animatrice, [geo.roubaix], nom="Collectif de Roubaix")
    ajouter_membre(fives, College.ASSOCIATIONS, utilisateur=auteur)
    membres.demander_adhesion(roubaix, par=auteur, college=College.HABITANTS)
    fiche = fiche_soumise(auteur, titre="Un café des parents")

    contenu = texte(connecte(auteur).get("/collectifs/mes-collectifs/").content.decode())

    assert "Collectif de Fives Membre · Associations" in contenu
    assert "Collectif de Roubaix Demande en attente" in contenu
    assert "Un café des parents — aucun collectif · Lier à un collectif" in contenu
    assert (
        f"/collectifs/fiche/{fiche.pk}/collectif/"
        in connecte(auteur).get("/collectifs/mes-collectifs/").content.decode()
    )
