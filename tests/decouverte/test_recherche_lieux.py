"""Places in the words typed: when words name a territory (its name, INSEE code or
postal code), the search page offers it as a one-click territory filter keeping the
other words; homonyms are all offered with their département; the words are never
dropped (the results stay those of the words)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from territoires.models import Niveau, Territoire
from tests.pratiques.factories import territoire

pytestmark = pytest.mark.django_db


def _page(client, **parametres) -> str:
    reponse = client.get("/pratiques/recherche/", parametres)
    assert reponse.status_code == 200
    return unescape(reponse.content.decode())


def _liens_lieux(html: str) -> list[tuple[str, dict]]:
    bloc = re.search(
        r'<div class="fr-notice[^"]*decouverte-lieux">(.*?)</div>\s*</div>\s*</div>', html, re.S
    )
    if not bloc:
        return []
    return [
        (re.sub(r"\s+", " ", texte).strip(), parse_qs(urlsplit(url).query))
        for url, texte in re.findall(r'<a href="([^"]+)">(.*?)</a>', bloc.group(1), re.S)
    ]


@pytest.fixture
def fiches(publier, geo):
    publier(titre="Un atelier parents à Arras", territoires=["commune:62041"])
    publier(titre="Un café à Lille", territoires=["commune:59350"])


def test_un_departement_nomme_est_propose_en_filtre_avec_les_autres_mots(client, fiches, geo):
    html = _page(client, q="parents Pas-de-Calais")
    assert _liens_lieux(html) == [
        (
            "Voir les pratiques du territoire Pas-de-Calais (et celles qui le couvrent)",
            {"q": ["parents"], "territoire": ["departement:62"]},
        )
    ]
    assert "avec les mots « parents »" in html
    # The words are not dropped: the results are those of the words.
    assert "Un atelier parents à Arras" in html

    filtre = _page(client, q="parents", territoire="departement:62")
    assert "Un atelier parents à Arras" in filtre
    assert "Un café à Lille" not in filtre
    assert _liens_lieux(filtre) == [], "no offer once a territory is applied"


def test_un_code_postal_ou_insee_nomme_la_commune(client, fiches, geo):
    Territoire.objects.filter(pk=geo.arras.pk).update(codes_postaux=["62000"])
    assert [p for _, p in _liens_lieux(_page(client, q="62000"))] == [
        {"territoire": ["commune:62041"]}
    ]
    assert [p for _, p in _liens_lieux(_page(client, q="café 59350"))] == [
        {"q": ["café"], "territoire": ["commune:59350"]}
    ]


def test_des_homonymes_sont_tous_proposes_avec_leur_departement(client, fiches, geo):
    territoire(Niveau.COMMUNE, "59999", "Saint-Martin", geo.nord, population=100)
    territoire(Niveau.COMMUNE, "62999", "Saint-Martin", geo.pas_de_calais, population=200)
    html = _page(client, q="jardin saint martin")
    assert "Plusieurs territoires s’appellent « saint martin »" in html
    assert _liens_lieux(html) == [
        ("Saint-Martin (Pas-de-Calais)", {"q": ["jardin"], "territoire": ["commune:62999"]}),
        ("Saint-Martin (Nord)", {"q": ["jardin"], "territoire": ["commune:59999"]}),
    ]


def test_sans_lieu_nomme_rien_n_est_propose(client, fiches):
    assert _liens_lieux(_page(client, q="parents")) == []
    assert _liens_lieux(_page(client, q="-Lille parents")) == []
