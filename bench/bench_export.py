"""Benchmark of the full open-data export (`make bench`): the whole published corpus
as CSV through GET /donnees/export.csv, timed, with the peak memory of the process.

The corpus is the search benchmark's (bench/bench_recherche.py: its database,
BENCH_FICHES published fiches, default 100,000, generated once by demo.generateur and
reused by the next run of either benchmark). The export itself runs in a child
process of its own, so that its peak resident memory (VmHWM) is the
export's, not the generation's: the child prints its memory once Django is set up
(the baseline), then streams the response through django.test.Client, counting the
bytes and rows without keeping them, and prints the duration and its peak, and the CPU
time used by itself and by its PostgreSQL backends (on a shared machine the duration
follows the load; their sum is what the export costs; on an idle machine the two overlap).
The JSON export is measured the same way, for information.

Targets (issue 11): full CSV export of 100,000 fiches ≤ 30 s; memory bounded: the
peak stays within MEMOIRE_MAX_MO of the baseline whatever the corpus (one batch of
donnees.export.TAILLE_LOT fiches at a time). A missed target prints FAIL; the exit
status is 1 only with BENCH_STRICT=1.
"""

import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "false"  # as in production: no query log

import django  # noqa: E402

from bench.bench_recherche import BASE, FICHES, preparer  # noqa: E402

CIBLE_SECONDES = 30.0 * FICHES / 100_000
MEMOIRE_MAX_MO = 150.0


def memoire_mo() -> float:
    """Peak resident memory of this process so far, in MB: VmHWM, the high-water mark
    of this program's own memory (ru_maxrss would also count, on Linux, the parent's
    memory at fork time, before exec); ru_maxrss where /proc is missing."""
    try:
        for ligne in Path("/proc/self/status").read_text().splitlines():
            if ligne.startswith("VmHWM:"):
                return int(ligne.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_du_processus(pid: int) -> float:
    """CPU seconds (user + system) used so far by process `pid` (here, the
    PostgreSQL backend of the connection, on this machine); 0 without /proc."""
    try:
        champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(champs[11]) + int(champs[12])) / os.sysconf("SC_CLK_TCK")


class Backends:
    """The CPU used by every PostgreSQL backend this process connects to during the
    export: the request's, and the one the export opens to read ahead
    (donnees.avance), which is gone by the end — so each is sampled every
    ECHANTILLON seconds, and its last value kept (up to that much of its CPU is
    missed)."""

    ECHANTILLON = 0.1

    def __init__(self):
        from django.db.backends.signals import connection_created

        self.debut: dict[int, float] = {}
        self.vu: dict[int, float] = {}
        self.fin = threading.Event()
        connection_created.connect(self._connectee, weak=False)
        self.fil = threading.Thread(target=self._echantillonner, daemon=True)
        self.fil.start()

    def _connectee(self, sender, connection, **_) -> None:
        self.noter(connection)

    def noter(self, connection) -> None:
        with connection.cursor() as curseur:
            curseur.execute("SELECT pg_backend_pid()")
            pid = curseur.fetchone()[0]
        self.debut[pid] = self.vu[pid] = cpu_du_processus(pid)

    def _echantillonner(self) -> None:
        while not self.fin.wait(self.ECHANTILLON):
            for pid in list(self.vu):
                self.vu[pid] = max(self.vu[pid], cpu_du_processus(pid))

    def arreter(self) -> float:
        self.fin.set()
        self.fil.join()
        for pid in list(self.vu):
            self.vu[pid] = max(self.vu[pid], cpu_du_processus(pid))
        return sum(self.vu[pid] - self.debut[pid] for pid in self.vu)


def mesurer(format: str) -> None:
    """In the child: stream one export and print `duree octets lignes base pic
    cpu_python cpu_postgresql`."""
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BASE
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/donnees/schema.json")  # imports and URL resolution, outside the timing
    from django.db import connection

    backends = Backends()
    backends.noter(connection)
    base = memoire_mo()
    cpu_py = time.process_time()
    debut = time.perf_counter()
    reponse = client.get(f"/donnees/export.{format}")
    assert reponse.status_code == 200, reponse.status_code
    octets = lignes = 0
    for morceau in reponse.streaming_content:
        octets += len(morceau)
        lignes += morceau.count(b"\n")
    duree = time.perf_counter() - debut
    cpu_py, cpu_pg = time.process_time() - cpu_py, backends.arreter()
    print(f"{duree:.3f} {octets} {lignes} {base:.1f} {memoire_mo():.1f} {cpu_py:.1f} {cpu_pg:.1f}")


def dans_un_enfant(format: str) -> tuple[float, int, int, float, float, float, float]:
    resultat = subprocess.run(
        [sys.executable, __file__, "--mesurer", format],
        capture_output=True,
        text=True,
        check=False,
    )
    if resultat.returncode != 0:
        raise RuntimeError(resultat.stdout + resultat.stderr)
    duree, octets, lignes, base, pic, cpu_py, cpu_pg = resultat.stdout.split()[-7:]
    return (
        float(duree), int(octets), int(lignes), float(base), float(pic), float(cpu_py),
        float(cpu_pg),
    )  # fmt: skip


def main() -> int:
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BASE
    django.setup()
    from django.db import connections

    print(f"[bench:export] base {BASE}, {FICHES} fiches")
    charge_avant = os.getloadavg()
    try:
        preparer()
    finally:
        connections.close_all()
    echecs = 0
    for format in ("csv", "json"):
        duree, octets, lignes, base, pic, cpu_py, cpu_pg = dans_un_enfant(format)
        verdicts = []
        if format == "csv":
            ok = duree <= CIBLE_SECONDES
            verdicts.append(f"durée ≤ {CIBLE_SECONDES:.0f} s {'ok' if ok else 'FAIL'}")
            echecs += not ok
        ok = pic - base <= MEMOIRE_MAX_MO
        verdicts.append(
            f"mémoire +{pic - base:.0f} Mo ≤ {MEMOIRE_MAX_MO:.0f} Mo {'ok' if ok else 'FAIL'}"
        )
        echecs += not ok
        print(
            f"[bench:export] {format.upper()} : {duree:.1f} s, {octets / 1e6:.1f} Mo, "
            f"{FICHES / duree:.0f} fiches/s ; mémoire de pointe du processus {pic:.0f} Mo "
            f"(dont {base:.0f} Mo avant l’export) ; CPU {cpu_py:.1f} s (Python) + "
            f"{cpu_pg:.1f} s (PostgreSQL) — {', '.join(verdicts)}"
        )
        if format == "json":
            continue
        # The header and a record per fiche (a text with a line break adds lines).
        if lignes < FICHES + 1:
            print(f"[bench:export] FAIL : {lignes} lignes pour {FICHES} fiches")
            echecs += 1
    charge = os.getloadavg()
    print(
        f"[bench:export] charge moyenne avant {charge_avant[0]:.1f}, après {charge[0]:.1f} "
        f"({os.cpu_count()} cœurs)"
    )
    return 1 if echecs and os.environ.get("BENCH_STRICT") == "1" else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--mesurer"]:
        mesurer(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
