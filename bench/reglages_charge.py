"""Settings of the site under the load run (bench/bench_charge.py), and only there:
the project's, on the benchmark's database, without debug, with persistent database
connections as in production, and without the anonymous API rate limit (every
request of the run comes from one loopback address)."""

import os

from config.settings import *  # noqa: F403 — the project's settings, amended below
from config.settings import DATABASES

DEBUG = False
DATABASES["default"]["NAME"] = os.environ["BENCH_CHARGE_BASE"]
DATABASES["default"]["CONN_MAX_AGE"] = 60
API_LIMITE_ANONYME = None
# The mixed load run (bench/bench_mixte.py) comes from one address too: no limit on the
# open-data exports per address and hour, and its partner's key allowed far more than
# the 600 calls a minute of a real key (the throttle still counts each call).
DONNEES_EXPORTS_PAR_HEURE = None
API_LIMITE_CLE = "100000/min"
