"""The territory pages and the JSON endpoint of the autocomplete widget."""

import re

import pytest

from comptes.models import Utilisateur
from tests.comptes.factories import UtilisateurFactory
from tests.outils import titre_de_la_page

pytestmark = pytest.mark.django_db


def test_la_page_pour_trouver_un_territoire_propose_le_champ_avec_autocompletion(client):
    html = client.get("/territoires/").content.decode()
    assert titre_de_la_page(html) == "Trouver un territoire — Pratiques inspirantes"
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert 'data-territoires-url="/territoires/autocompletion/"' in html
    assert "/static/js/territoires.js" in html


def test_sans_javascript_un_nom_saisi_mene_a_la_page_du_territoire(client):
    reponse = client.get("/territoires/", {"territoire": "st etienne"})
    assert reponse.status_code == 302
    assert reponse["Location"] == "/territoires/commune/42218/"


def test_sans_javascript_une_saisie_ambigue_montre_les_candidats(client):
    html = client.get("/territoires/", {"territoire": "Saint-Denis"}).content.decode()
    assert "Plusieurs territoires correspondent" in html
    assert 'value="Saint-Denis"' in html  # what was typed is kept
    assert 'href="/territoires/commune/97411/"' in html
    assert "La Réunion" in html


def test_la_page_d_une_commune_montre_ses_codes_et_son_fil_d_ariane(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        html = client.get("/territoires/commune/59350/").content.decode()
    assert titre_de_la_page(html) == "Lille (commune 59350) — Pratiques inspirantes"
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Lille"]
    fil = html[html.index("fr-breadcrumb") : html.index("</nav>", html.index("fr-breadcrumb"))]
    assert fil.index("France") < fil.index("Hauts-de-France") < fil.index("Nord")
    assert fil.index("Nord") < fil.index("Métropole Européenne de Lille")
    assert 'href="/territoires/departement/59/"' in fil
    assert "Code INSEE" in html and "59350" in html
    assert "59000, 59160" in html
    assert "238\xa0246 habitants" in html


def test_la_page_d_un_departement_liste_ses_epci_et_celle_d_un_epci_ses_communes(client):
    html = client.get("/territoires/departement/59/").content.decode()
    assert "Intercommunalités" in html
    assert 'href="/territoires/epci/200093201/"' in html
    html = client.get("/territoires/epci/200093201/").content.decode()
    assert "Communes membres" in html and "95 au total" in html
    assert "page 1 sur 2" in html
    assert 'class="fr-pagination"' in html
    deuxieme = client.get("/territoires/epci/200093201/", {"page": 2}).content.decode()
    assert "page 2 sur 2" in deuxieme


def test_la_page_d_un_arrondissement_et_les_adresses_inconnues(client):
    html = client.get("/territoires/arrondissement/75111/").content.decode()
    assert "Paris 11e Arrondissement" in html and "75011" in html
    assert client.get("/territoires/departement/2a/").status_code == 200
    assert client.get("/territoires/commune/00000/").status_code == 404
    assert client.get("/territoires/canton/59/").status_code == 404


def test_la_page_d_une_commune_disparue_renvoie_vers_son_successeur(client):
    from territoires.models import Territoire

    lezennes = Territoire.objects.par_reference("commune:59346")
    lezennes.actif = False
    lezennes.successeur = Territoire.objects.par_reference("commune:59009")
    lezennes.save()
    html = client.get("/territoires/commune/59346/").content.decode()
    assert "ne figure plus dans le Code officiel géographique" in html
    assert 'href="/territoires/commune/59009/"' in html


def test_l_autocompletion_repond_dix_suggestions_en_json(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        reponse = client.get("/territoires/autocompletion/", {"q": "saint"})
    resultats = reponse.json()["resultats"]
    assert len(resultats) == 10
    lille = client.get("/territoires/autocompletion/", {"q": "lille"}).json()["resultats"][0]
    assert lille == {
        "reference": "commune:59350",
        "libelle": "Lille (commune 59350)",
        "nom": "Lille",
        "niveau": "Commune",
        "code": "59350",
        "contexte": "Nord",
    }


def test_l_autocompletion_se_restreint_aux_niveaux_demandes_et_refuse_l_inconnu(client):
    reponse = client.get("/territoires/autocompletion/", {"q": "nord", "niveau": "departement"})
    assert [r["reference"] for r in reponse.json()["resultats"]] == ["departement:59"]
    reponse = client.get("/territoires/autocompletion/", {"q": "nord", "niveau": "canton"})
    assert reponse.status_code == 400
    assert reponse.json()["erreurs"]["niveau"]
    assert client.get("/territoires/autocompletion/").json() == {"resultats": []}


def test_l_administration_montre_les_departements_d_un_moderateur(admin_client):
    moderateur = UtilisateurFactory(role=Utilisateur.Role.MODERATEUR)
    html = admin_client.get(
        f"/administration/comptes/utilisateur/{moderateur.pk}/change/"
    ).content.decode()
    assert 'name="departements"' in html
    assert "Départements modérés" in html


def test_l_administration_cherche_les_territoires_sans_accents_en_lecture_seule(admin_client):
    reponse = admin_client.get("/administration/territoires/territoire/", {"q": "st etienne"})
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Saint-Étienne" in html
    assert "Ajouter territoire" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/territoires/commune/%00/",
        "/territoires/?territoire=%00",
        "/territoires/autocompletion/?q=%00",
        "/api/v1/territoires/?q=%00",
        "/api/v1/territoires/commune:%00/",
    ],
)
def test_un_caractere_nul_ne_provoque_jamais_d_erreur_serveur(client, url):
    assert client.get(url).status_code < 500
