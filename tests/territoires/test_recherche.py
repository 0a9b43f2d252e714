"""Finding a territory by name (without accents or case), INSEE code or postal code."""

import pytest
from django.db import connection

from territoires.models import Territoire, normaliser, normaliser_requete
from tests.territoires.outils import territoire

pytestmark = pytest.mark.django_db


def premiers(texte: str, nombre=10) -> list[str]:
    return [t.reference for t in Territoire.objects.recherche(texte)[:nombre]]


@pytest.mark.parametrize(
    "texte", ["st etienne", "SAINT-ETIENNE", "saint étienne", "Saint-Étienne", "st-étienne"]
)
def test_saint_etienne_se_trouve_sans_accents_ni_majuscules_ni_abreviation(texte):
    assert premiers(texte)[0] == "commune:42218"


def test_le_nom_se_cherche_aussi_au_milieu_et_par_le_debut_d_un_mot():
    assert "epci:200093201" in premiers("europeenne de lille")
    # Ajaccio, and the CA du Pays Ajaccien (more populated) whose word starts alike.
    assert premiers("ajacc", 2) == ["epci:242010056", "commune:2A004"]
    assert "region:93" in premiers("cote d azur")


def test_un_code_postal_trouve_l_arrondissement_de_paris_avant_la_commune():
    assert premiers("75011") == ["arrondissement:75111", "commune:75056"]
    # In Marseille, postal codes are also INSEE codes of other communes: code first.
    assert premiers("13001", 2) == ["commune:13001", "arrondissement:13201"]


def test_un_code_insee_ou_un_siren_trouve_son_territoire_en_premier():
    assert premiers("59350")[0] == "commune:59350"
    assert premiers("2a004")[0] == "commune:2A004"
    assert premiers("200093201") == ["epci:200093201"]
    assert premiers("97411")[0] == "commune:97411"


def test_le_classement_met_le_code_puis_le_nom_exact_puis_le_debut_puis_la_population():
    # Exact code first: both levels whose code is 32, then the communes of the Gers.
    assert set(premiers("32", 2)) == {"departement:32", "region:32"}
    assert premiers("32")[2].startswith("commune:32")
    # Exact name before prefixes, prefixes by decreasing population.
    resultats = list(Territoire.objects.recherche("lille")[:10])
    assert resultats[0].reference == "commune:59350"
    assert [t.rang for t in resultats] == sorted(t.rang for t in resultats)
    prefixes = [t.population for t in resultats if t.rang == 2]
    assert prefixes == sorted(prefixes, reverse=True)
    assert resultats[1].reference == "epci:200093201"  # the largest population next
    # A name shared by several communes: the most populated first.
    assert premiers("saint-denis", 2) == ["commune:97411", "commune:93066"]
    assert len(premiers("saint")) == 10


def test_le_pays_se_trouve_par_son_nom_ou_son_code_iso():
    assert premiers("belgique")[0] == "pays:BE"
    assert premiers("BE")[0] == "pays:BE"
    assert premiers("france")[0] == "pays:FR"


def test_un_texte_court_ou_vide_reste_raisonnable():
    assert premiers("") == []
    assert premiers("   ") == []
    assert len(premiers("pa")) == 10
    assert premiers("zzzzzz") == []


def test_la_recherche_ignore_les_territoires_disparus():
    lezennes = territoire("commune:59346")
    Territoire.objects.filter(pk=lezennes.pk).update(actif=False)
    assert "commune:59346" not in premiers("lezennes")


def test_la_normalisation_python_est_celle_de_la_base_pour_tous_les_noms():
    with connection.cursor() as curseur:
        curseur.execute("SELECT nom, nom_recherche FROM territoires_territoire")
        differences = [(nom, base) for nom, base in curseur.fetchall() if normaliser(nom) != base]
    assert differences == []


def test_la_normalisation_developpe_les_abreviations_de_saint():
    assert normaliser("L'Haÿ-les-Roses") == "l hay les roses"
    assert normaliser("Œuilly") == "oeuilly"
    assert normaliser_requete("Ste-Marie") == "sainte marie"
    assert normaliser_requete("St Étienne") == "saint etienne"
