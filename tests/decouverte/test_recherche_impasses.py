"""No dead ends: a search without results says which filter or word to remove and
how many results that would give, shows the fiches holding part of the words, and
suggests a close spelling from the words of the corpus — in a bounded number of
statements."""

import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pratiques.models import MotDuCorpus
from pratiques.recherche import impasses

pytestmark = pytest.mark.django_db


def _page(client, **parametres) -> str:
    reponse = client.get("/pratiques/recherche/", parametres)
    assert reponse.status_code == 200
    return re.sub(r"\s+", " ", unescape(reponse.content.decode()))


def _retraits(html: str) -> list[str]:
    liste = re.search(r'<ul class="decouverte-retraits"[^>]*>(.*?)</ul>', html)
    if not liste:
        return []
    return [
        re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", liste.group(1))
    ]


def _partiels(html: str) -> list[str]:
    section = re.search(r'<section class="decouverte-partiels".*?</section>', html)
    return re.findall(r'<h3[^>]*><a href="[^"]+">([^<]+)</a>', section.group(0)) if section else []


@pytest.fixture
def fiches(publier):
    publier(
        titre="Un café des parents",
        resume="Les parents se retrouvent autour d’un café.",
        description="Chaque semaine, un café.",
        thematiques=["parentalite_familles"],
        territoires=["commune:59350"],
    )
    publier(
        titre="Un atelier couture",
        resume="Un atelier de couture ouvert à tous.",
        description="Des machines à coudre prêtées.",
        thematiques=["insertion_sociale"],
        publics=["tous_habitants"],
        territoires=["commune:62041"],
    )


def test_sans_resultat_chaque_filtre_a_retirer_est_compte(client, fiches):
    html = _page(client, q="couture", thematique="parentalite_familles", departement="62")
    assert "Aucune pratique publiée ne correspond" in html
    assert _retraits(html) == [
        "Retirer le filtre « Thématique : Parentalité, soutien aux familles » : 1 pratique",
    ]
    lien = re.search(r'<ul class="decouverte-retraits".*?href="([^"]+)"', html).group(1)
    assert lien == "/pratiques/recherche/?q=couture&amp;departement=62".replace("&amp;", "&")


def test_sans_resultat_les_fiches_qui_ont_une_partie_des_mots(client, fiches):
    html = _page(client, q="semaine couture")
    assert "Aucune pratique publiée ne correspond" in html
    assert (
        "Aucune pratique ne contient tous ces mots ; voici celles qui en contiennent une partie"
        in html
    )
    assert sorted(_partiels(html)) == ["Un atelier couture", "Un café des parents"]
    assert _retraits(html) == [
        "Retirer le mot « semaine » : 1 pratique",
        "Retirer le mot « couture » : 1 pratique",
    ]


def test_une_orthographe_proche_est_proposee_depuis_les_mots_du_corpus(client, fiches):
    assert impasses.reconstruire_lexique() == MotDuCorpus.objects.count() > 0
    assert MotDuCorpus.objects.get(cle="parentalite").mot == "parentalité"

    html = _page(client, q="parantalité")
    assert (
        'Vouliez-vous dire « <a href="/pratiques/recherche/?q=parentalit%C3%A9">parentalité</a> » ?'
        in html
    )
    assert "Vouliez-vous dire" not in _page(client, q="xylophone")
    # A word of the corpus is kept; only the unknown one is replaced.
    html = _page(client, q="couture Arass")
    assert "Vouliez-vous dire « <a" in html and ">couture arras</a>" in html.lower()


def test_le_lexique_suit_le_corpus_a_chaque_reconstruction(client, fiches, publier):
    impasses.reconstruire_lexique()
    assert not MotDuCorpus.objects.filter(cle="tricot").exists()
    publier(titre="Un club de tricot", resume="Du tricot le mardi.")
    # As make run does after loading the demo fiches (and beat every night).
    sortie = StringIO()
    call_command("reconstruire_lexique", stdout=sortie)
    assert MotDuCorpus.objects.get(cle="tricot").nombre == 2
    assert f"{MotDuCorpus.objects.count()} mot(s)" in sortie.getvalue()


def test_une_recherche_sans_resultat_coute_un_nombre_borne_d_instructions(client, fiches):
    impasses.reconstruire_lexique()
    with CaptureQueriesContext(connection) as avec_resultats:
        html = _page(client, q="couture", thematique="insertion_sociale", departement="62")
    assert "Un atelier couture" in html
    with CaptureQueriesContext(connection) as sans_resultat:
        _page(client, q="semaine couture parentalitx", thematique="sante", departement="62")
    # One statement counts every variant (at most six), two rank the partial matches
    # (the corpus version keying the cache, then the statement), one looks for close
    # spellings.
    assert len(sans_resultat) <= len(avec_resultats) + 4


@pytest.mark.parametrize(
    ("texte", "mots"),
    [
        ("café des parents", ["café", "des", "parents"]),
        ('"café des parents" couture', ["couture"]),
        ("café -couture or tricot", ["café", "tricot"]),
        ("Pas-de-Calais l’isolement", ["Pas-de-Calais", "l’isolement"]),
    ],
)
def test_les_mots_d_une_requete(texte, mots):
    assert impasses.mots_de(texte) == mots
