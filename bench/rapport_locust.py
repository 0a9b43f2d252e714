"""Imported by the locustfiles: when locust quits (every user stopped, their last
requests answered), the run's statistics as JSON in the file BENCH_LOCUST_RAPPORT,
which bench_charge.lire_stats reads. Locust's CSV files are rewritten every second
and may miss the last one; its `--json-file` would replace the printed summary and
error report, which are kept."""

import json
import os

from locust import events


@events.quitting.add_listener
def _ecrire(environment, **_):
    chemin = os.environ.get("BENCH_LOCUST_RAPPORT")
    if chemin:
        with open(chemin, "w", encoding="utf-8") as fichier:
            json.dump([e.serialize() for e in environment.stats.entries.values()], fichier)
