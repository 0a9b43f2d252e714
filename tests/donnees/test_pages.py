"""The data page, the codebook and the way to them."""

import re
from urllib.parse import urlencode

import pytest
from django.utils.html import escape

from donnees import services
from donnees.colonnes import COLONNES
from pratiques.models import Thematique
from tests.outils import texte, titre_de_la_page

pytestmark = pytest.mark.django_db


def test_la_page_des_donnees_liste_les_depots_la_licence_et_le_schema(client, corpus, medias):
    csv, json_ = services.deposer()
    reponse = client.get("/donnees/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert titre_de_la_page(html) == "Données ouvertes — Pratiques inspirantes"
    assert html.count("<h1") == 1
    visible = texte(html)
    for depot in (csv, json_):
        assert depot.sha256 in html
        assert f'href="/donnees/depots/{depot.pk}/{depot.nom_de_fichier}"' in html
    assert "Licence Ouverte / Etalab 2.0" in visible
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"' in html
    assert 'href="/donnees/schema.json"' in html
    assert 'href="/donnees/dictionnaire/"' in html
    assert 'href="/donnees/export.csv"' in html


def test_sans_depot_la_page_l_annonce(client, db):
    visible = texte(client.get("/donnees/").content.decode())
    assert "Aucun export quotidien n’est encore disponible" in visible


def test_le_dictionnaire_decrit_chaque_colonne_et_mene_aux_valeurs(client, db):
    reponse = client.get("/donnees/dictionnaire/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert titre_de_la_page(html) == "Dictionnaire des données — Pratiques inspirantes"
    assert html.count("<h1") == 1
    assert re.findall(r'<tr id="colonne-([\w]+)">', html) == [c.nom for c in COLONNES]
    for thematique in Thematique.objects.all():
        lien = f"/pratiques/recherche/?{urlencode({'thematique': thematique.code})}"
        assert f'<a href="{lien}">{escape(thematique.libelle)}</a>' in html
    visible = texte(html)
    assert "co_construction : Co-construction" in visible
    assert "date et heure (ISO 8601)" in visible


def test_le_pied_de_page_mene_aux_donnees_ouvertes(client, db):
    html = client.get("/").content.decode()
    assert '<a class="fr-footer__bottom-link" href="/donnees/">Données ouvertes</a>' in html
