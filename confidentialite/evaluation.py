"""Measure the detector on a labelled set of sentences (bench/donnees/
phrases_confidentialite.csv): a sentence counts as flagged when the detector finds
anything in it. Shared by `make bench` (bench/bench_confidentialite.py, the figures)
and the quality test (tests/confidentialite/test_mesure.py, the targets)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from confidentialite.donnees_personnelles import detecter_dans_texte

# Issue 15: recall >= 95 %, false positives (share of the ordinary sentences flagged)
# <= 5 %.
RAPPEL_MIN = 0.95
FAUX_POSITIFS_MAX = 0.05


@dataclass
class Mesure:
    vrais_positifs: int = 0
    faux_positifs: int = 0
    vrais_negatifs: int = 0
    faux_negatifs: int = 0
    manquees: list[str] = field(default_factory=list)  # personal data not flagged
    signalees_a_tort: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        signalees = self.vrais_positifs + self.faux_positifs
        return self.vrais_positifs / signalees if signalees else 1.0

    @property
    def rappel(self) -> float:
        positives = self.vrais_positifs + self.faux_negatifs
        return self.vrais_positifs / positives if positives else 1.0

    @property
    def taux_faux_positifs(self) -> float:
        negatives = self.faux_positifs + self.vrais_negatifs
        return self.faux_positifs / negatives if negatives else 0.0

    @property
    def atteint(self) -> bool:
        return self.rappel >= RAPPEL_MIN and self.taux_faux_positifs <= FAUX_POSITIFS_MAX


def charger(chemin: Path) -> list[tuple[bool, str]]:
    """(has personal data, sentence) for every row of the CSV (columns attendu, phrase)."""
    with chemin.open(encoding="utf-8", newline="") as fichier:
        return [(ligne["attendu"] == "1", ligne["phrase"]) for ligne in csv.DictReader(fichier)]


def mesurer(phrases: list[tuple[bool, str]]) -> Mesure:
    mesure = Mesure()
    for attendu, phrase in phrases:
        trouves = detecter_dans_texte(phrase)
        if attendu and trouves:
            mesure.vrais_positifs += 1
        elif attendu:
            mesure.faux_negatifs += 1
            mesure.manquees.append(phrase)
        elif trouves:
            mesure.faux_positifs += 1
            mesure.signalees_a_tort.append((phrase, [f"{s.type}: {s.extrait}" for s in trouves]))
        else:
            mesure.vrais_negatifs += 1
    return mesure
