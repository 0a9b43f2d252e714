"""Benchmark of the pages of figures (`make bench`): the public statistics page
(/chiffres/) and the modérateurs' dashboard (/chiffres/moderation/, as a national
administrator — the national total, the widest — and as the modérateur of the
département with the most fiches), whole page through django.test.Client, server side.

The corpus is the search benchmark's (bench/bench_recherche.py: its database,
BENCH_FICHES published fiches, default 100,000, generated once and reused). The period
is the corpus's last twelve months (2025), where the generator publishes most.
Target (issue 14): p95 ≤ 150 ms for each page. A missed target prints FAIL; the exit
status is 1 only with BENCH_STRICT=1.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "false"  # as in production: no query log

import django  # noqa: E402

from bench.bench_recherche import BASE, ECHAUFFEMENT, FICHES, REPETITIONS, preparer  # noqa: E402

CIBLE_P95 = 150.0
PERIODE = {"du": "2025-01", "au": "2025-12"}
FROIDES = 5  # requests on an empty cache, per page


def centile(durees: list[float], fraction: float) -> float:
    return statistics.quantiles(durees, n=100, method="inclusive")[round(fraction * 100) - 1]


def main() -> int:
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BASE
    django.setup()
    from django.core.cache import cache
    from django.db import connection, connections
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from comptes.models import Utilisateur
    from pratiques.models import Fiche

    setup_test_environment()
    print(f"[bench:chiffres] base {BASE}, {FICHES} fiches, {REPETITIONS} répétitions")
    charge_avant = os.getloadavg()
    echecs = 0
    try:
        preparer()
        departement = (
            Fiche.objects.values("departement_moderation")
            .annotate(n=Count("id"))
            .order_by("-n")
            .exclude(departement_moderation=None)
            .first()
        )
        admin, _ = Utilisateur.objects.update_or_create(
            email="bench.admin@exemple.fr",
            defaults={"role": Utilisateur.Role.ADMIN_NATIONAL, "is_active": True},
        )
        moderateur, _ = Utilisateur.objects.update_or_create(
            email="bench.moderateur@exemple.fr",
            defaults={"role": Utilisateur.Role.MODERATEUR, "is_active": True},
        )
        moderateur.departements.set([departement["departement_moderation"]])
        anonyme, national, local = Client(), Client(), Client()
        national.force_login(admin)
        local.force_login(moderateur)
        pages = [
            ("page publique /chiffres/", anonyme, "/chiffres/"),
            ("tableau de bord, total national", national, "/chiffres/moderation/"),
            (
                f"tableau de bord, un département ({departement['n']} fiches)",
                local,
                "/chiffres/moderation/",
            ),
        ]
        durees = {nom: [] for nom, _, _ in pages}
        requetes = {}
        for nom, client, chemin in pages:
            for _ in range(ECHAUFFEMENT):
                assert client.get(chemin, PERIODE).status_code == 200
            with CaptureQueriesContext(connection) as capture:
                client.get(chemin, PERIODE)
            requetes[nom] = len(capture.captured_queries)
        for _ in range(REPETITIONS):  # interleaved: the machine's load weighs on each alike
            for nom, client, chemin in pages:
                debut = time.perf_counter()
                reponse = client.get(chemin, PERIODE)
                durees[nom].append((time.perf_counter() - debut) * 1000)
                assert reponse.status_code == 200
        # For information: the first request after a change (empty cache), every figure
        # computed.
        froides = {nom: [] for nom, _, _ in pages}
        for _ in range(FROIDES):
            for nom, client, chemin in pages:
                cache.clear()
                debut = time.perf_counter()
                assert client.get(chemin, PERIODE).status_code == 200
                froides[nom].append((time.perf_counter() - debut) * 1000)
    finally:
        connections.close_all()
    print(f"\n{'page':<48} {'p50':>7} {'p95':>7} {'max':>7} {'req.':>5}  cible")
    for nom, mesures in durees.items():
        p95 = centile(mesures, 0.95)
        ok = p95 <= CIBLE_P95
        echecs += not ok
        print(
            f"{nom:<48} {statistics.median(mesures):7.1f} {p95:7.1f} {max(mesures):7.1f} "
            f"{requetes[nom]:5d}  p95 ≤ {CIBLE_P95:.0f} ms {'ok' if ok else 'FAIL'}"
        )
    for nom, mesures in froides.items():
        print(
            f"{nom + ' (cache vide)':<48} {statistics.median(mesures):7.1f} "
            f"{max(mesures):7.1f} (médiane, max sur {FROIDES}) — pour information"
        )
    charge = os.getloadavg()
    print(
        f"\nDurées en ms, page entière côté serveur (django.test.Client), période "
        f"{PERIODE['du']} → {PERIODE['au']} ; charge (1 min) avant {charge_avant[0]:.1f}, "
        f"après {charge[0]:.1f} sur {os.cpu_count()} cœurs. {echecs} cible(s) manquée(s)."
    )
    return 1 if echecs and os.environ.get("BENCH_STRICT") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
