"""The load of bench/bench_charge.py: visitors on the search page and partners on the
API's list, each request taken from a pool written by bench_charge.py (the JSON file
BENCH_CHARGE_REQUETES: a list of {"type": "page" | "api", "chemin": "/…?…"}).

BENCH_CHARGE_MODE=chaud draws from the pool at random (the pool is small and was
requested once before the run: every request is a cache hit); froid takes each request
of a large pool once, in a shuffled order (nothing repeats: every request computes).
Run alone: `locust -f bench/locustfile.py --headless -u 20 -r 20 -t 30s --host http://…`
with the two variables set.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, constant, task

from bench import rapport_locust  # noqa: F401 — writes the run's figures

with open(os.environ["BENCH_CHARGE_REQUETES"], encoding="utf-8") as fichier:
    REQUETES = json.load(fichier)
CHAUD = os.environ.get("BENCH_CHARGE_MODE", "chaud") == "chaud"
_suivante = itertools.cycle(REQUETES)  # froid: one process, so one walk through the pool
NOMS = {"page": "page de recherche", "api": "API, première page"}


class Visiteur(FastHttpUser):
    wait_time = constant(0)  # back to back: the run measures the throughput

    @task
    def demander(self):
        requete = random.choice(REQUETES) if CHAUD else next(_suivante)  # noqa: S311
        entetes = {"Accept": "application/json"} if requete["type"] == "api" else {}
        with self.client.get(
            requete["chemin"], headers=entetes, name=NOMS[requete["type"]], catch_response=True
        ) as reponse:
            if reponse.status_code != 200:
                reponse.failure(f"statut {reponse.status_code}")
