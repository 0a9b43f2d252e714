"""Containment: every territory knows all the territories that contain it."""

import pytest

from territoires.models import Niveau, Territoire
from tests.territoires.outils import territoire

pytestmark = pytest.mark.django_db


def references(territoires) -> list[str]:
    return [t.reference for t in territoires]


def test_lille_est_dans_la_mel_dans_le_nord_dans_les_hauts_de_france_en_france(
    django_assert_max_num_queries,
):
    lille = territoire("commune:59350")
    with django_assert_max_num_queries(1):
        ascendants = references(lille.ascendants())
    assert ascendants == ["pays:FR", "region:32", "departement:59", "epci:200093201"]


def test_les_descendants_du_nord_sont_ses_epci_et_ses_communes_en_une_requete(
    django_assert_max_num_queries,
):
    nord = territoire("departement:59")
    with django_assert_max_num_queries(1):
        descendants = list(nord.descendants())
    codes = {(t.niveau, t.code) for t in descendants}
    assert {("epci", "200093201"), ("commune", "59350"), ("commune", "59599")} <= codes
    assert ("commune", "62041") not in codes  # Arras is in the Pas-de-Calais
    assert ("departement", "59") not in codes  # not itself
    assert {t.niveau for t in descendants} == {Niveau.EPCI, Niveau.COMMUNE}
    assert sum(t.niveau == Niveau.COMMUNE for t in descendants) == 647


def test_la_france_contient_toute_la_geographie_francaise_mais_pas_l_etranger():
    france = territoire("pays:FR")
    assert france.ancetres == []
    assert france.descendants().filter(niveau=Niveau.COMMUNE).count() == 34969
    assert not france.descendants().filter(niveau=Niveau.PAYS).exists()
    belgique = territoire("pays:BE")
    assert belgique.ancetres == [] and not belgique.descendants().exists()


def test_ajaccio_est_en_corse_du_sud():
    ajaccio = territoire("commune:2A004")
    assert ajaccio.nom == "Ajaccio"
    assert territoire("departement:2A").pk in ajaccio.ancetres
    assert territoire("region:94").pk in ajaccio.ancetres
    assert territoire("departement:2B").pk not in ajaccio.ancetres


def test_saint_denis_de_la_reunion_est_une_commune_d_outre_mer_francaise():
    saint_denis = territoire("commune:97411")
    assert references(saint_denis.ascendants())[:3] == [
        "pays:FR",
        "region:04",
        "departement:974",
    ]
    assert "97400" in saint_denis.codes_postaux


def test_un_arrondissement_municipal_est_dans_sa_commune_son_epci_et_son_departement():
    paris_11 = territoire("arrondissement:75111")
    assert references(paris_11.ascendants()) == [
        "pays:FR",
        "region:11",
        "departement:75",
        "epci:200054781",  # Métropole du Grand Paris
        "commune:75056",
    ]
    assert references(territoire("commune:75056").enfants())[:2] == [
        "arrondissement:75101",
        "arrondissement:75102",
    ]
    assert territoire("commune:69123").enfants().count() == 9  # Lyon
    assert territoire("commune:13055").enfants().count() == 16  # Marseille


def test_un_epci_a_cheval_sur_deux_departements_les_a_tous_deux_pour_ancetres():
    # CC d'Aire-sur-l'Adour: communes of the Gers (32) and of the Landes (40).
    aire = territoire("epci:200030435")
    departements = references(aire.ascendants().filter(niveau=Niveau.DEPARTEMENT))
    assert sorted(departements) == ["departement:32", "departement:40"]
    assert references(aire.departements_couverts()) == ["departement:32", "departement:40"]
    # Each of its communes lies in its own département only.
    aire_sur_l_adour = territoire("commune:40001")
    assert references(aire_sur_l_adour.departements_couverts()) == ["departement:40"]
    assert aire in territoire("departement:32").enfants()
    assert aire in territoire("departement:40").enfants()


def test_les_enfants_d_un_departement_sont_ses_epci_et_ceux_d_un_epci_ses_communes(
    django_assert_max_num_queries,
):
    nord = territoire("departement:59")
    with django_assert_max_num_queries(1):
        enfants = list(nord.enfants())
    assert {t.niveau for t in enfants} == {Niveau.EPCI}
    assert len(enfants) == 17
    mel = territoire("epci:200093201")
    assert mel.enfants().count() == 95
    assert {t.niveau for t in mel.enfants()} == {Niveau.COMMUNE}


def test_une_commune_hors_epci_est_un_enfant_direct_de_son_departement():
    ouessant = territoire("commune:29155")
    assert references(ouessant.ascendants()) == ["pays:FR", "region:53", "departement:29"]
    assert ouessant in territoire("departement:29").enfants()


def test_departements_couverts_donne_le_departement_de_moderation(
    django_assert_max_num_queries,
):
    lille = territoire("commune:59350")
    with django_assert_max_num_queries(1):
        assert references(lille.departements_couverts()) == ["departement:59"]
    assert references(territoire("arrondissement:13201").departements_couverts()) == [
        "departement:13"
    ]
    assert references(territoire("departement:2B").departements_couverts()) == ["departement:2B"]
    assert references(territoire("epci:200093201").departements_couverts()) == ["departement:59"]
    # National moderation: a région, France, a foreign country.
    for reference in ("region:32", "pays:FR", "pays:BE"):
        assert not territoire(reference).departements_couverts().exists()


def test_un_code_a_deux_caracteres_n_est_jamais_devine_le_niveau_est_explicite():
    gers = Territoire.objects.par_reference("departement:32")
    hauts_de_france = Territoire.objects.par_reference("region:32")
    assert (gers.nom, hauts_de_france.nom) == ("Gers", "Hauts-de-France")
    assert Territoire.objects.filter(code="32").count() == 2


def test_par_reference_accepte_les_variantes_d_ecriture_et_refuse_le_reste():
    corse_du_sud = territoire("departement:2A")
    assert Territoire.objects.par_reference("Département : 2a") == corse_du_sud
    assert corse_du_sud.reference == "departement:2A"
    for invalide in ("2A", "canton:2A", "departement:", ""):
        with pytest.raises(ValueError):
            Territoire.objects.par_reference(invalide)
    with pytest.raises(Territoire.DoesNotExist):
        Territoire.objects.par_reference("commune:00000")
