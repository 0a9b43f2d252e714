"""Search as a newcomer types it, on the demo corpus (demo/data/fiches_demo.json): the
words the home page suggests and the places find the fiches classified or located
there, even when their text does not use those words."""

import pytest

from pratiques.models import Fiche
from tests.demo.test_fiches_demo import charger, creer_territoires, references_utilisees

pytestmark = pytest.mark.django_db

# Words → the demo fiches (their identifiers) each must find among its first page.
ATTENDUS = {
    "parentalité": {"p03"},
    "accès aux droits": {"p11", "p27", "p35"},
    "isolement": {"p09"},
    "Pas-de-Calais": {"p01", "p03", "p05", "p07"},
    "parentalité Pas-de-Calais": {"p03"},
    "Hauts-de-France": {"p01", "p03", "p05", "p07", "p15"},
    "personnes âgées": {"p25"},
}


@pytest.fixture
def demo():
    creer_territoires(references_utilisees())
    charger()
    return dict(Fiche.objects.values_list("titre", "identifiant_externe"))


def test_les_mots_suggeres_et_les_lieux_trouvent_les_fiches_de_la_demo(client, demo):
    for mots, attendus in ATTENDUS.items():
        reponse = client.get("/api/v1/pratiques/", {"q": mots, "page_size": 20})
        assert reponse.status_code == 200, reponse.content
        trouves = {demo[p["titre"]] for p in reponse.json()["results"]}
        assert attendus <= trouves, (mots, trouves)
    page = client.get("/pratiques/recherche/", {"q": "parentalité Pas-de-Calais"})
    assert "Aucune pratique publiée ne correspond" not in page.content.decode()
