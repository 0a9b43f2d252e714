"""The essaimage pages: the fiche page's encarts, the form to declare a reprise (errors,
personal data), the reprises page (count, map, list), the moderators' queue and
decision, and the derived fiche."""

import re
from datetime import date

import pytest
from django.test import Client

from essaimage import services
from essaimage.models import EtatReprise, Reprise
from pratiques.models import Fiche
from tests.outils import connecte, texte

pytestmark = pytest.mark.django_db


def _formulaire(territoire, **autres):
    donnees = {
        "territoire": territoire.reference,
        "depuis": "2024-09",
        "garde": "Le café hebdomadaire animé par les parents.",
        "adapte": "Un samedi par mois plutôt que chaque semaine.",
    }
    donnees.update(autres)
    return donnees


def test_la_fiche_montre_le_bouton_aux_personnes_connectees_seulement(source, lectrice):
    adresse = f"/pratiques/fiche/{source.slug}/"
    declarer = f"/pratiques/fiche/{source.slug}/reprises/declarer/"
    assert declarer not in Client().get(adresse).content.decode()
    assert declarer in connecte(lectrice).get(adresse).content.decode()
    assert "Reprise ailleurs" not in texte(Client().get(adresse).content.decode())


def test_declarer_une_reprise_par_le_formulaire(source, lectrice, geo, moderateur_pas_de_calais):
    adresse = f"/pratiques/fiche/{source.slug}/reprises/declarer/"
    assert Client().get(adresse).status_code == 302  # sign in first
    reponse = connecte(lectrice).post(adresse, _formulaire(geo.arras, contact_autorise="on"))
    assert reponse.status_code == 302
    reprise = Reprise.objects.get()
    assert (reprise.auteur, reprise.territoire, reprise.depuis) == (
        lectrice,
        geo.arras,
        date(2024, 9, 1),
    )
    assert reprise.contact_autorise
    assert reprise.etat == EtatReprise.SOUMISE
    mes = connecte(lectrice).get("/pratiques/mes-reprises/").content.decode()
    assert "En attente de relecture" in mes


def test_le_formulaire_signale_ses_erreurs_et_garde_la_saisie(source, lectrice, geo):
    adresse = f"/pratiques/fiche/{source.slug}/reprises/declarer/"
    reponse = connecte(lectrice).post(
        adresse, _formulaire(geo.arras, depuis="septembre", garde="", adapte="Mon texte")
    )
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "Indiquez un mois et une année" in texte(html)
    assert "Ce que vous avez gardé" in texte(html)
    assert "Mon texte" in html
    assert texte(html).count("Le formulaire contient 2 erreurs") == 1
    avenir = connecte(lectrice).post(adresse, _formulaire(geo.arras, depuis="2999-01"))
    assert "Ce mois n’est pas encore arrivé." in texte(avenir.content.decode())
    assert not Reprise.objects.exists()


def test_des_donnees_personnelles_probables_demandent_une_confirmation(source, lectrice, geo):
    adresse = f"/pratiques/fiche/{source.slug}/reprises/declarer/"
    donnees = _formulaire(geo.arras, leviers="Appeler Mme Dupont au 06 12 34 56 78.")
    reponse = connecte(lectrice).post(adresse, donnees)
    assert reponse.status_code == 400
    html = texte(reponse.content.decode())
    assert "Données personnelles probables" in html
    assert "06 12 34 56 78" in html
    assert not Reprise.objects.exists()
    donnees["donnees_personnelles_relues"] = "on"
    assert connecte(lectrice).post(adresse, donnees).status_code == 302
    assert Reprise.objects.get().leviers.startswith("Appeler")


def test_on_ne_declare_pas_la_reprise_d_une_fiche_non_publiee(source, lectrice, geo):
    Fiche.objects.filter(pk=source.pk).update(etat="archivee")
    adresse = f"/pratiques/fiche/{source.slug}/reprises/declarer/"
    assert connecte(lectrice).post(adresse, _formulaire(geo.arras)).status_code == 404


def test_la_file_et_la_decision_du_moderateur(
    source, declarer, geo, lectrice, moderateur_pas_de_calais, moderateur_nord
):
    reprise = declarer(source, geo.arras)
    file = connecte(moderateur_pas_de_calais).get("/pratiques/moderation/reprises/")
    assert f"/pratiques/moderation/reprises/{reprise.pk}/" in file.content.decode()
    autre = connecte(moderateur_nord).get("/pratiques/moderation/reprises/")
    assert f"/pratiques/moderation/reprises/{reprise.pk}/" not in autre.content.decode()
    adresse = f"/pratiques/moderation/reprises/{reprise.pk}/"
    assert connecte(moderateur_nord).get(adresse).status_code == 403
    assert connecte(lectrice).get(adresse).status_code == 403
    sans_motif = connecte(moderateur_pas_de_calais).post(adresse, {"decision": "refuser"})
    assert sans_motif.status_code == 400
    assert "Expliquez votre décision" in texte(sans_motif.content.decode())
    inconnue = connecte(moderateur_pas_de_calais).post(adresse, {"decision": "archiver"})
    assert inconnue.status_code == 400
    publiee = connecte(moderateur_pas_de_calais).post(adresse, {"decision": "publier"})
    assert publiee.status_code == 302
    assert Reprise.objects.get().etat == EtatReprise.PUBLIEE
    # Decided already: publishing again is a conflict, not an error.
    encore = connecte(moderateur_pas_de_calais).post(adresse, {"decision": "publier"})
    assert encore.status_code == 400
    assert Reprise.objects.get().etat == EtatReprise.PUBLIEE


def test_une_reprise_refusee_ne_se_modere_plus(source, declarer, geo, moderateur_pas_de_calais):
    reprise = declarer(source, geo.arras)
    services.refuser(reprise, par=moderateur_pas_de_calais, motif="Hors sujet.")
    adresse = f"/pratiques/moderation/reprises/{reprise.pk}/"
    assert connecte(moderateur_pas_de_calais).get(adresse).status_code == 409


def test_la_fiche_et_la_page_des_reprises_disent_ou_elle_a_essaime(
    source, declarer, geo, lectrice, auteur, moderateur_nord, moderateur_pas_de_calais
):
    for territoire, moderateur in (
        (geo.arras, moderateur_pas_de_calais),
        (geo.roubaix, moderateur_nord),
        (geo.mel, moderateur_nord),
    ):
        services.publier(declarer(source, territoire, contact_autorise=True), par=moderateur)
    declarer(source, geo.lille, garde="En attente, pas encore montrée.")
    fiche = texte(Client().get(f"/pratiques/fiche/{source.slug}/").content.decode())
    assert "Reprise 3 fois, dans 2 départements" in fiche
    assert "Reprise ailleurs" in fiche
    assert "pas encore montrée" not in fiche

    html = Client().get(f"/pratiques/fiche/{source.slug}/reprises/").content.decode()
    page = texte(html)
    assert "Reprise 3 fois, dans 2 départements." in page
    assert "Pas-de-Calais : 1 reprise" in page
    assert "Nord : 2 reprises" in page
    assert len(re.findall(r'class="[^"]*essaimage-reprise__titre"', html)) == 3
    assert "pas encore montrée" not in page
    # Only the source's author sees the address of whoever agreed to be contacted.
    assert lectrice.email not in page
    pour_l_auteur = connecte(auteur).get(f"/pratiques/fiche/{source.slug}/reprises/")
    assert lectrice.email in pour_l_auteur.content.decode()


def test_la_page_de_la_fiche_et_celle_des_reprises_font_un_nombre_borne_de_requetes(
    source, declarer, geo, moderateur_pas_de_calais, django_assert_max_num_queries
):
    for _ in range(6):
        services.publier(declarer(source, geo.arras), par=moderateur_pas_de_calais)
    with django_assert_max_num_queries(10):
        assert Client().get(f"/pratiques/fiche/{source.slug}/").status_code == 200
    with django_assert_max_num_queries(6):
        assert Client().get(f"/pratiques/fiche/{source.slug}/reprises/").status_code == 200


def test_la_recherche_filtre_sur_la_facette_reprise_ailleurs(
    source, publier, declarer, geo, moderateur_pas_de_calais, client
):
    autre = publier(titre="Une autre pratique jamais reprise")
    services.publier(declarer(source, geo.arras), par=moderateur_pas_de_calais)
    filtree = texte(client.get("/pratiques/recherche/", {"reprise": "oui"}).content.decode())
    assert source.titre in filtree
    assert autre.titre not in filtree
    assert "Reprise 1 fois ailleurs" in filtree  # the result row shows the count
    assert "fois ailleurs" not in texte(
        client.get("/pratiques/recherche/", {"q": "jamais reprise"}).content.decode()
    )
    api = client.get("/api/v1/pratiques/", {"reprise": "oui"}).json()
    assert [p["titre"] for p in api["results"]] == [source.titre]
    assert api["results"][0]["nb_reprises"] == 1
    assert api["facettes"]["reprise"] == [
        {"code": "oui", "libelle": "Reprise ailleurs", "nombre": 1}
    ]


def test_rediger_la_fiche_d_une_reprise_et_les_lier(
    source, declarer, geo, lectrice, auteur, moderateur_pas_de_calais
):
    reprise = declarer(source, geo.arras)
    services.publier(reprise, par=moderateur_pas_de_calais)
    adresse = f"/pratiques/reprises/{reprise.pk}/rediger-la-fiche/"
    assert connecte(auteur).post(adresse).status_code == 403
    assert (
        "Rédiger la fiche de cette reprise"
        in connecte(lectrice).get("/pratiques/mes-reprises/").content.decode()
    )
    reponse = connecte(lectrice).post(adresse)
    derivee = Reprise.objects.get().fiche_derivee
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/pratiques/{derivee.pk}/modifier/"
    assert connecte(lectrice).post(adresse).status_code == 409
    # Once published, the derived fiche says where it comes from, and the source links to it.
    Fiche.objects.filter(pk=derivee.pk).update(etat="publiee", publiee_le=source.publiee_le)
    page = texte(Client().get(f"/pratiques/fiche/{derivee.slug}/").content.decode())
    assert f"Inspirée de « {source.titre} »" in page
    reprises = Client().get(f"/pratiques/fiche/{source.slug}/reprises/").content.decode()
    assert f"/pratiques/fiche/{derivee.slug}/" in reprises
