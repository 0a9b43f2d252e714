"""« Télécharger ces résultats »: the export takes the search page's parameters
(RechercheFilter, the one filter layer) and gives exactly the search's results."""

import json
import re

import pytest

from tests.donnees.test_exports import fiches_de_l_api, lignes_csv, telecharger

pytestmark = pytest.mark.django_db

RECHERCHES = [
    "departement=59",
    "thematique=isolement_lien_social",
    "territoire=commune:59512",
    "q=jardin",
    "departement=62&statut=terminee",
    "thematique=parentalite_familles&departement=62",
    "updated_since=2000-01-01T00:00:00Z&publique=ignore",
]


@pytest.mark.parametrize("parametres", RECHERCHES)
def test_l_export_filtre_donne_les_resultats_de_la_recherche(client, corpus, parametres):
    page = client.get(f"/pratiques/recherche/?{parametres}")
    assert page.status_code == 200
    api = fiches_de_l_api(client, parametres)
    exportees = json.loads(telecharger(client, f"/donnees/export.json?{parametres}"))
    assert exportees == sorted(api, key=lambda f: f["publiee_le"], reverse=True)
    assert page.context["total"] == len(exportees)
    lignes = lignes_csv(telecharger(client, f"/donnees/export.csv?{parametres}"))
    assert [ligne["slug"] for ligne in lignes] == [f["slug"] for f in exportees]


def test_les_filtres_restreignent_vraiment(client, corpus):
    tout = json.loads(telecharger(client, "/donnees/export.json"))
    nord = json.loads(telecharger(client, "/donnees/export.json?territoire=commune:59512"))
    assert 0 < len(nord) < len(tout)


def test_page_et_tri_de_la_page_de_recherche_sont_ignores(client, corpus):
    avec = telecharger(client, "/donnees/export.json?departement=59&page=2&tri=date")
    sans = telecharger(client, "/donnees/export.json?departement=59")
    assert json.loads(avec) == json.loads(sans)


def test_un_parametre_invalide_donne_une_erreur_400_en_francais(client, corpus):
    reponse = client.get("/donnees/export.csv?thematique=inconnue&territoire=nulle:part")
    assert reponse.status_code == 400
    assert reponse["Content-Type"] == "text/plain; charset=utf-8"
    texte = reponse.content.decode()
    assert texte.startswith("Recherche invalide\u00a0: l’export ne peut pas être produit.")
    assert "Thématiques\u00a0:" in texte
    assert "Territoire inconnu : « nulle:part »" in texte

    reponse = client.get("/donnees/export.json?updated_since=hier")
    assert reponse.status_code == 400
    assert list(reponse.json()) == ["updated_since"]


def test_la_page_de_recherche_propose_de_telecharger_ses_resultats(client, corpus):
    page = client.get("/pratiques/recherche/?departement=59&thematique=parentalite_familles")
    html = page.content.decode()
    liens = re.findall(r'href="(/donnees/export\.(?:csv|json)[^"]*)"', html)
    assert liens == [
        "/donnees/export.csv?departement=59&amp;thematique=parentalite_familles",
        "/donnees/export.json?departement=59&amp;thematique=parentalite_familles",
    ]
    assert "Télécharger ces résultats (CSV)" in html
    csv = telecharger(client, liens[0].replace("&amp;", "&"))
    assert len(lignes_csv(csv)) == page.context["total"] == 2


def test_sans_resultat_pas_de_telechargement(client, corpus):
    html = client.get("/pratiques/recherche/?q=introuvablexyz").content.decode()
    assert "/donnees/export.csv" not in html


def test_une_recherche_en_erreur_ne_propose_pas_de_telecharger(client, corpus):
    reponse = client.get("/pratiques/recherche/?thematique=inconnue")
    assert reponse.status_code == 400
    assert "/donnees/export.csv" not in reponse.content.decode()
