"""Quality of the detector on the labelled sentences (issue 15): the targets hold on
bench/donnees/phrases_confidentialite.csv. The figures themselves are printed by
`make bench` (bench/bench_confidentialite.py). Pure: no database."""

from pathlib import Path

import pytest

from confidentialite.evaluation import FAUX_POSITIFS_MAX, RAPPEL_MIN, charger, mesurer

JEU = Path(__file__).resolve().parents[2] / "bench" / "donnees" / "phrases_confidentialite.csv"


@pytest.fixture(autouse=True)
def cache_vide():
    yield


@pytest.fixture(autouse=True)
def courriels_par_la_file():
    yield


def test_le_jeu_etiquete_compte_au_moins_80_phrases_pour_moitie_positives():
    phrases = charger(JEU)
    positives = sum(1 for attendu, _ in phrases if attendu)
    assert len(phrases) >= 80
    assert abs(positives - (len(phrases) - positives)) <= len(phrases) // 10
    assert len({phrase for _, phrase in phrases}) == len(phrases)  # no duplicate


def test_rappel_et_faux_positifs_tiennent_leurs_cibles():
    mesure = mesurer(charger(JEU))
    assert mesure.rappel >= RAPPEL_MIN, mesure.manquees
    assert mesure.taux_faux_positifs <= FAUX_POSITIFS_MAX, mesure.signalees_a_tort


def test_la_mesure_compte_manquees_et_signalees_a_tort():
    mesure = mesurer(
        [
            (True, "Kevin, 14 ans, ne vient plus."),
            (True, "Une personne accompagnée dont on tait tout."),
            (False, "Écrire à contact@asso.fr."),
            (False, "Le centre social ouvre le lundi."),
        ]
    )
    assert (mesure.vrais_positifs, mesure.faux_negatifs) == (1, 1)
    assert (mesure.faux_positifs, mesure.vrais_negatifs) == (1, 1)
    assert mesure.precision == 0.5 and mesure.rappel == 0.5 and mesure.taux_faux_positifs == 0.5
    assert mesure.manquees == ["Une personne accompagnée dont on tait tout."]
    assert not mesure.atteint
