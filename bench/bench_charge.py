"""Load run of search (`make bench`, issue 10): the site served by gunicorn on loopback,
on the search benchmark's corpus (bench/bench_recherche.py: BENCH_FICHES published
fiches, default 100,000, generated once and reused), under locust (bench/locustfile.py)
sending a mix of search pages (60 %) and API first pages (40 %) back to back.

Two runs of BENCH_CHARGE_DUREE (default 30s) with BENCH_CHARGE_UTILISATEURS users
(default 20):
- cold: the cache flushed, every request distinct (a shuffled pool larger than the run
  can send): every request computes its page, as with no cache at all;
- warm: a pool of POOL_CHAUD distinct requests, each requested once before the run, then
  drawn at random: every request is a cache hit (pratiques.recherche.cache).

Target (issue 10), warm: ≥ 200 requests/s, p99 ≤ 300 ms, no error. The cold figures
are for comparison. A missed target prints FAIL; the exit status is 1 only with
BENCH_STRICT=1. Gunicorn runs 2 × cores + 1 sync workers with bench/reglages_charge.py
(the project's settings, no debug, persistent connections, no anonymous API limit);
everything started here is stopped on the way out, failure or not.
"""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "false"

import django  # noqa: E402

from bench.bench_recherche import BASE, FICHES, REQUETES_10, REQUETES_70, preparer  # noqa: E402

CIBLE_DEBIT = 200.0  # requests/s, warm
CIBLE_P99 = 300.0  # ms, warm
DUREE = os.environ.get("BENCH_CHARGE_DUREE", "30s")
UTILISATEURS = int(os.environ.get("BENCH_CHARGE_UTILISATEURS", "20"))
TRAVAILLEURS = int(os.environ.get("BENCH_CHARGE_TRAVAILLEURS", 2 * (os.cpu_count() or 1) + 1))
POOL_CHAUD = 120
POOL_FROID = 20_000
PART_PAGES = 0.6


# --- The requests ---------------------------------------------------------------------


def vocabulaires() -> dict[str, list[str]]:
    from pratiques.models import FormeIntervention, Thematique
    from territoires.models import Niveau, Territoire

    mots = [*REQUETES_10, *REQUETES_70]
    mots += sorted({mot for requete in REQUETES_10 for mot in requete.split() if len(mot) > 4})
    return {
        "mots": mots,
        "thematiques": list(Thematique.objects.values_list("code", flat=True)),
        "formes": list(FormeIntervention.objects.values_list("code", flat=True)),
        "departements": list(
            Territoire.objects.filter(niveau=Niveau.DEPARTEMENT).values_list("code", flat=True)
        ),
    }


def filtres_au_hasard(hasard: random.Random, v: dict) -> dict:
    """What people search: words, words in a département, a thématique (and a forme),
    a département alone, or nothing (the latest fiches)."""
    forme = hasard.choices(
        ["mots", "mots+dep", "thematique", "thematique+forme", "dep", "mots+thematique", "rien"],
        weights=[30, 15, 15, 10, 10, 10, 10],
    )[0]
    filtres = {}
    if "mots" in forme:
        filtres["q"] = hasard.choice(v["mots"])
    if "dep" in forme:
        filtres["departement"] = hasard.choice(v["departements"])
    if "thematique" in forme:
        filtres["thematique"] = hasard.choice(v["thematiques"])
    if "forme" in forme:
        filtres["forme"] = hasard.choice(v["formes"])
    return filtres


def requete_au_hasard(hasard: random.Random, v: dict) -> dict:
    filtres = filtres_au_hasard(hasard, v)
    if hasard.random() < PART_PAGES:
        if "q" in filtres and hasard.random() < 0.2:
            filtres["tri"] = "date"
        if hasard.random() < 0.15:
            filtres["page"] = hasard.choice([2, 3])
        return {"type": "page", "chemin": f"/pratiques/recherche/?{urlencode(filtres)}"}
    if "q" in filtres and hasard.random() < 0.5:
        filtres["ordering"] = "pertinence"
    elif hasard.random() < 0.2:
        filtres["ordering"] = "-modifiee_le"
    return {"type": "api", "chemin": f"/api/v1/pratiques/?{urlencode(filtres)}"}


def pool(nombre: int, graine: int, v: dict) -> list[dict]:
    """`nombre` distinct requests."""
    hasard = random.Random(graine)  # noqa: S311 — a reproducible mix, not a secret
    requetes: dict[str, dict] = {}
    essais = 0
    while len(requetes) < nombre and essais < 50 * nombre:
        requete = requete_au_hasard(hasard, v)
        requetes.setdefault(requete["chemin"], requete)
        essais += 1
    return list(requetes.values())


# --- The server and the runs ----------------------------------------------------------


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demarrer_gunicorn(port: int) -> subprocess.Popen:
    environnement = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.reglages_charge",
        "BENCH_CHARGE_BASE": BASE,
    }
    serveur = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--workers", str(TRAVAILLEURS), "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning", "--timeout", "60",
        ],
        cwd=RACINE,
        env=environnement,
        start_new_session=True,  # its own process group: stopped whole
    )  # fmt: skip
    fin = time.monotonic() + 60
    while time.monotonic() < fin:
        if serveur.poll() is not None:
            raise RuntimeError(f"gunicorn s’est arrêté (code {serveur.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):  # noqa: S310 — loopback
                return serveur
        except urllib.error.HTTPError:
            return serveur  # it answers (a missing Celery worker is no matter here)
        except OSError:
            time.sleep(0.5)
    arreter(serveur)
    raise RuntimeError("gunicorn ne répond pas sur /healthz après 60 s")


def arreter(processus: subprocess.Popen) -> None:
    if processus.poll() is not None:
        return
    try:
        os.killpg(processus.pid, signal.SIGTERM)
        processus.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(processus.pid, signal.SIGKILL)
        processus.wait()
    except ProcessLookupError:
        pass


def demander_tout(url: str, requetes: list[dict]) -> int:
    """Each request once (warming the cache); the number of non-200 answers."""
    erreurs = 0
    for requete in requetes:
        entetes = {"Accept": "application/json"} if requete["type"] == "api" else {}
        try:
            with urllib.request.urlopen(  # noqa: S310 — loopback
                urllib.request.Request(url + requete["chemin"], headers=entetes), timeout=60
            ) as r:
                erreurs += r.status != 200
        except OSError:
            erreurs += 1
    return erreurs


class Chiffres(NamedTuple):
    requetes: int
    debit: float  # requests/s over the whole run
    p50: float  # ms
    p99: float
    erreurs: int


def centile(temps: dict[int, int], nombre: int, part: float) -> float:
    """The `part` percentile of a histogram {duration in ms: requests}, as locust
    reports it: the first duration whose requests and all faster ones exceed
    int(nombre × part)."""
    rang, cumul = int(nombre * part), 0
    for duree in sorted(temps):
        cumul += temps[duree]
        if cumul > rang:
            return float(duree)
    return 0.0


def lire_stats(fichier: Path) -> dict[str, Chiffres]:
    """The figures of a run written by bench/rapport_locust.py: per request name,
    whatever the method (GET and POST together), and for all ('Aggregated')."""
    entrees = json.loads(fichier.read_text(encoding="utf-8"))
    if not entrees:
        return {}
    duree = max(e["last_request_timestamp"] for e in entrees) - min(
        e["start_time"] for e in entrees
    )
    groupes: dict[str, list[dict]] = {}
    for entree in entrees:
        groupes.setdefault(entree["name"], []).append(entree)
    groupes["Aggregated"] = entrees
    resultat = {}
    for nom, groupe in groupes.items():
        temps: dict[int, int] = {}
        for entree in groupe:
            for valeur, nombre in entree["response_times"].items():
                temps[int(valeur)] = temps.get(int(valeur), 0) + nombre
        n = sum(e["num_requests"] for e in groupe)
        resultat[nom] = Chiffres(
            n,
            n / duree if duree > 0 else 0.0,
            centile(temps, n, 0.5),
            centile(temps, n, 0.99),
            sum(e["num_failures"] for e in groupe),
        )
    return resultat


def executer_locust(
    fichier: str, url: str, prefixe: Path, variables: dict, utilisateurs: int, duree: str
) -> dict[str, Chiffres]:
    """One headless run of bench/`fichier` (which imports bench.rapport_locust) with
    `variables` in its environment, its statistics written to `prefixe`.json; the
    figures of each request name and of all ('Aggregated'). Locust prints its own
    summary and error report."""
    commande = [
        sys.executable, "-m", "locust", "-f", str(RACINE / "bench" / fichier),
        "--headless", "-u", str(utilisateurs), "-r", str(utilisateurs), "-t", duree,
        "--host", url, "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING",
    ]  # fmt: skip
    rapport = Path(f"{prefixe}.json")
    environnement = {**os.environ, **variables, "BENCH_LOCUST_RAPPORT": str(rapport)}
    processus = subprocess.Popen(commande, cwd=RACINE, env=environnement, start_new_session=True)
    try:
        processus.wait(timeout=600)
    finally:
        arreter(processus)
    return lire_stats(rapport)


def locust(url: str, requetes: list[dict], mode: str, dossier: Path) -> dict[str, Chiffres]:
    """One headless run; the figures of each request type and of all ('Aggregated')."""
    fichier = dossier / f"requetes_{mode}.json"
    fichier.write_text(json.dumps(requetes, ensure_ascii=False))
    variables = {"BENCH_CHARGE_REQUETES": str(fichier), "BENCH_CHARGE_MODE": mode}
    return executer_locust("locustfile.py", url, dossier / mode, variables, UTILISATEURS, DUREE)


def resumer(mode: str, stats: dict[str, Chiffres]) -> int:
    """Prints a run's figures; returns the number of missed targets (warm run only)."""
    echecs = 0
    for nom, (n, debit, p50, p99, erreurs) in stats.items():
        verdicts = ""
        if nom == "Aggregated" and mode == "chaud":
            ok = [debit >= CIBLE_DEBIT, p99 <= CIBLE_P99, erreurs == 0]
            echecs = ok.count(False)
            verdicts = (
                f" — débit ≥ {CIBLE_DEBIT:.0f}/s {'ok' if ok[0] else 'FAIL'}, "
                f"p99 ≤ {CIBLE_P99:.0f} ms {'ok' if ok[1] else 'FAIL'}, "
                f"0 erreur {'ok' if ok[2] else 'FAIL'}"
            )
        nom = "tout" if nom == "Aggregated" else nom
        print(
            f"[bench:charge] {mode:<5} {nom:<20} {n:6d} requêtes, {debit:6.1f}/s, "
            f"p50 {p50:5.0f} ms, p99 {p99:5.0f} ms, {erreurs} erreur(s){verdicts}"
        )
    return echecs


def main() -> int:
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BASE
    django.setup()
    from django.core.cache import cache
    from django.db import connections

    print(
        f"[bench:charge] base {BASE}, {FICHES} fiches ; gunicorn {TRAVAILLEURS} processus ; "
        f"locust {UTILISATEURS} utilisateurs, {DUREE} par passage"
    )
    try:
        preparer()
        v = vocabulaires()
    finally:
        connections.close_all()
    chaudes, froides = pool(POOL_CHAUD, 1, v), pool(POOL_FROID, 2, v)
    froides = [r for r in froides if r["chemin"] not in {c["chemin"] for c in chaudes}]
    port = port_libre()
    url = f"http://127.0.0.1:{port}"
    echecs = 0
    charges = []
    serveur = demarrer_gunicorn(port)
    try:
        with tempfile.TemporaryDirectory(prefix="bench_charge_") as dossier:
            cache.clear()  # the benchmark's own Redis database (scripts/bench.sh)
            charges.append(os.getloadavg()[0])
            echecs += resumer("froid", locust(url, froides, "froid", Path(dossier)))
            charges.append(os.getloadavg()[0])
            debut = time.perf_counter()
            erreurs = demander_tout(url, chaudes)
            print(
                f"[bench:charge] {len(chaudes)} requêtes mises en cache en "
                f"{time.perf_counter() - debut:.0f} s ({erreurs} erreur(s))"
            )
            echecs += erreurs > 0
            echecs += resumer("chaud", locust(url, chaudes, "chaud", Path(dossier)))
            charges.append(os.getloadavg()[0])
    finally:
        arreter(serveur)
    print(
        f"[bench:charge] cibles (à chaud) : ≥ {CIBLE_DEBIT:.0f} requêtes/s, p99 ≤ "
        f"{CIBLE_P99:.0f} ms, 0 erreur ; charge moyenne (1 min) avant, entre, après : "
        f"{', '.join(f'{c:.1f}' for c in charges)} sur {os.cpu_count()} cœurs ; "
        f"{echecs} cible(s) manquée(s)"
    )
    return 1 if echecs and os.environ.get("BENCH_STRICT") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
