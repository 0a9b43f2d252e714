"""The référentiel page: each vocabulary of the facets with its definitions and
sources, each value linking to its published fiches with their number; the search
page's vocabulary filters link to it."""

import re
from html import unescape

import pytest

from pratiques.models import FormeIntervention

pytestmark = pytest.mark.django_db


def test_le_referentiel_presente_chaque_vocabulaire_avec_ses_comptes(client, publier):
    publier(titre="Un café", formes_intervention=["travail_social_de_groupe"])
    publier(titre="Un atelier", formes_intervention=["travail_social_de_groupe"])
    reponse = client.get("/pratiques/referentiel/")
    assert reponse.status_code == 200
    html = re.sub(r"\s+", " ", unescape(reponse.content.decode()))
    for titre in [
        "Formes d’intervention collective",
        "Niveau de participation",
        "Thématiques",
        "Publics",
    ]:
        assert f">{titre}</h2>" in html
    forme = FormeIntervention.objects.get(code="travail_social_de_groupe")
    assert forme.definition and forme.definition in html
    assert re.search(
        r'<a href="/pratiques/recherche/\?forme=travail_social_de_groupe">2 pratiques publiées'
        r'<span class="fr-sr-only"> pour « Travail social de groupe »</span></a>',
        html,
    )
    assert "Aucune pratique publiée pour l’instant." in html
    assert "États généraux du travail social" in html


def test_les_filtres_de_vocabulaire_renvoient_a_leurs_definitions(client):
    html = client.get("/pratiques/recherche/").content.decode()
    for nom in ["thematique", "forme", "public", "participation"]:
        assert f'href="/pratiques/referentiel/#{nom}"' in html
    assert 'href="/pratiques/referentiel/#statut"' not in html
