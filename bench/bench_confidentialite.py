"""Precision and recall of the personal-data detector on the labelled sentences of
bench/donnees/phrases_confidentialite.csv (issue 15: recall >= 95 %, false positives
<= 5 %), with the misclassified sentences. No database: plain Python.
BENCH_STRICT=1 makes a missed target the exit status."""

import os
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

from confidentialite.evaluation import (  # noqa: E402
    FAUX_POSITIFS_MAX,
    RAPPEL_MIN,
    charger,
    mesurer,
)

JEU = RACINE / "bench" / "donnees" / "phrases_confidentialite.csv"


def main() -> int:
    phrases = charger(JEU)
    m = mesurer(phrases)
    positives = sum(1 for attendu, _ in phrases if attendu)
    print(
        f"Jeu étiqueté : {len(phrases)} phrases ({positives} avec données personnelles, "
        f"{len(phrases) - positives} sans)"
    )
    print(f"  vrais positifs {m.vrais_positifs}, faux positifs {m.faux_positifs}, ", end="")
    print(f"vrais négatifs {m.vrais_negatifs}, faux négatifs {m.faux_negatifs}")
    print(f"  précision            {m.precision:6.1%}")
    rappel_ok = "PASS" if m.rappel >= RAPPEL_MIN else "FAIL"
    print(f"  rappel               {m.rappel:6.1%}  (cible ≥ {RAPPEL_MIN:.0%})  {rappel_ok}")
    fp_ok = "PASS" if m.taux_faux_positifs <= FAUX_POSITIFS_MAX else "FAIL"
    print(
        f"  taux faux positifs   {m.taux_faux_positifs:6.1%}  "
        f"(cible ≤ {FAUX_POSITIFS_MAX:.0%})  {fp_ok}"
    )
    for phrase in m.manquees:
        print(f"  MANQUÉE     {phrase}")
    for phrase, trouves in m.signalees_a_tort:
        print(f"  À TORT      {phrase}  ->  {'; '.join(trouves)}")
    strict = os.environ.get("BENCH_STRICT") == "1"
    return 1 if strict and not m.atteint else 0


if __name__ == "__main__":
    sys.exit(main())
