"""Benchmark of the territories: import and autocomplete (`make bench`).

Runs in a database of its own (BENCH_DATABASE_NAME, default pratiques_bench), created,
migrated and dropped here, on the PostgreSQL that DATABASE_URL points to. Prints:
- a full import from the shipped snapshot into an empty database (target ≤ 20 s);
- a re-import that has nothing to change (target ≤ 10 s);
- the autocomplete latency, server side, around the function the endpoint calls
  (territoires.filters.suggerer), over 200 realistic queries (target p95 ≤ 15 ms).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

from bench.outils import administrer  # noqa: E402

BASE = os.environ.get("BENCH_DATABASE_NAME", "pratiques_bench")
CIBLE_IMPORT_S = 20.0
CIBLE_REIMPORT_S = 10.0
CIBLE_P95_MS = 15.0


def requetes_realistes(referentiel, nombre=200) -> list[str]:
    """Names with and without accents, prefixes, INSEE codes, postal codes,
    départements and EPCI, drawn from the shipped data with a fixed seed."""
    from territoires.models import normaliser

    hasard = random.Random(2026)
    communes = [c for c in referentiel.communes if c["type"] == "commune-actuelle"]
    grandes = sorted(communes, key=lambda c: -c.get("population", 0))[:1000]
    tirees = hasard.sample(grandes, 30) + hasard.sample(communes, 30)
    requetes = [c["nom"] for c in tirees]  # as written: accents, hyphens, apostrophes
    for commune in tirees[:40]:  # as typed in a hurry
        texte = normaliser(commune["nom"])
        requetes.append(texte.replace("saint ", "st ").replace("sainte ", "ste "))
    requetes += [normaliser(c["nom"])[: hasard.randint(3, 6)] for c in tirees[20:60]]
    avec_cp = [c for c in communes if c.get("codesPostaux")]
    requetes += [c["codesPostaux"][0] for c in hasard.sample(avec_cp, 20)]
    requetes += [c["code"] for c in hasard.sample(communes, 20)]
    departements = hasard.sample(referentiel.departements, 10)
    requetes += [d["code"] if i % 2 else d["nom"].lower() for i, d in enumerate(departements)]
    requetes += [e["nom"].split(" ", 1)[-1][:12] for e in hasard.sample(referentiel.epci, 10)]
    assert len(requetes) == nombre, len(requetes)
    return requetes


def main() -> int:
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BASE
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    print(f"[bench:territoires] base {BASE} (créée, migrée, puis supprimée)")
    administrer(f'DROP DATABASE IF EXISTS "{BASE}"')
    administrer(f'CREATE DATABASE "{BASE}"')
    try:
        call_command("migrate", verbosity=0)
        from territoires.filters import suggerer
        from territoires.services import Referentiel, importer_territoires

        debut = time.perf_counter()
        bilan = importer_territoires()  # reads the snapshot too
        duree_import = time.perf_counter() - debut
        assert bilan.total_crees > 36_000, bilan

        debut = time.perf_counter()
        bilan = importer_territoires()
        duree_reimport = time.perf_counter() - debut
        assert bilan.inchange, bilan

        requetes = requetes_realistes(Referentiel.depuis_dossier())
        for requete in requetes:  # warm-up: connection, plans, caches
            suggerer(requete)
        durees_ms = []
        vides = 0
        for requete in requetes:
            debut = time.perf_counter()
            resultats = suggerer(requete)
            durees_ms.append((time.perf_counter() - debut) * 1000)
            vides += not resultats
        durees_ms.sort()
        p50 = statistics.median(durees_ms)
        p95 = durees_ms[int(0.95 * len(durees_ms)) - 1]
    finally:
        connections.close_all()
        administrer(f'DROP DATABASE IF EXISTS "{BASE}"')

    def verdict(valeur, cible):
        return "OK" if valeur <= cible else "AU-DESSUS DE LA CIBLE"

    print(
        f"import complet (base vide)      : {duree_import:6.2f} s   "
        f"(cible ≤ {CIBLE_IMPORT_S:.0f} s)  {verdict(duree_import, CIBLE_IMPORT_S)}"
    )
    print(
        f"réimport sans changement        : {duree_reimport:6.2f} s   "
        f"(cible ≤ {CIBLE_REIMPORT_S:.0f} s)  {verdict(duree_reimport, CIBLE_REIMPORT_S)}"
    )
    print(
        f"autocomplétion, {len(durees_ms)} requêtes : p50 {p50:5.2f} ms, p95 {p95:5.2f} ms, "
        f"max {durees_ms[-1]:5.2f} ms  (cible p95 ≤ {CIBLE_P95_MS:.0f} ms)  "
        f"{verdict(p95, CIBLE_P95_MS)}   [{vides} sans résultat]"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
