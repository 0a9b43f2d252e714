"""Real processes for the fault tests: a PostgreSQL cluster, a Redis server, a web
server (gunicorn) and a Celery worker of their own, which a test may stop, kill and
start again without touching the services the rest of the suite shares."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import requests
from django.conf import settings

from config.celery import app as celery_app
from tests.outils import attendre

REPO = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def url_de_la_base(nom: str | None = None) -> str:
    """The test database's URL (or another database's on the same cluster)."""
    base = settings.DATABASES["default"]
    return (
        f"postgres://{base['USER']}:{base['PASSWORD']}@{base['HOST']}:{base['PORT']}/"
        f"{nom or base['NAME']}"
    )


def script(nom: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run scripts/<nom> with `env` added to the environment (no check: tests look)."""
    return subprocess.run(
        ["bash", str(REPO / "scripts" / nom), *args],
        env={**os.environ, **env}, cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


# --- PostgreSQL ------------------------------------------------------------------------


@dataclass
class Cluster:
    donnees: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://pratiques:pratiques@127.0.0.1:{self.port}/pratiques"

    def _pg_ctl(self, *args: str) -> None:
        _comme_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.donnees), "-w", "-t", "60", *args)

    def demarrer(self) -> None:
        self._pg_ctl("-l", str(self.donnees / "journal.log"), "start")

    def arreter(self) -> None:
        self._pg_ctl("-m", "fast", "stop")


def _comme_postgres(*commande: str) -> None:
    """PostgreSQL refuses root: as root, run it as `postgres` (like scripts/services.sh)."""
    prefixe = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    subprocess.run([*prefixe, *commande], check=True, capture_output=True, timeout=90)


@contextmanager
def cluster_postgresql():
    """A PostgreSQL cluster of its own (initdb in /var/tmp, reachable by `postgres`),
    with the application's role and an empty `pratiques` database."""
    racine = Path(tempfile.mkdtemp(prefix="pi-pannes-", dir="/var/tmp"))
    racine.chmod(0o755)
    donnees = racine / "pg"
    donnees.mkdir(mode=0o700)
    if os.getuid() == 0:
        shutil.chown(donnees, "postgres", "postgres")
    _comme_postgres(
        str(PG_BIN / "initdb"), "-D", str(donnees), "-U", "postgres", "-E", "UTF8",
        "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256",
    )  # fmt: skip
    cluster = Cluster(donnees=donnees, port=port_libre())
    reglages = (
        f"listen_addresses = '127.0.0.1'\nport = {cluster.port}\n"
        f"unix_socket_directories = '{donnees}'\nfsync = off\nsynchronous_commit = off\n"
    )
    _comme_postgres("sh", "-c", f'printf "%s" "{reglages}" >> {donnees}/postgresql.conf')
    cluster.demarrer()
    try:
        for sql in (
            "CREATE ROLE pratiques LOGIN CREATEDB PASSWORD 'pratiques'",
            "CREATE DATABASE pratiques OWNER pratiques",
        ):
            _comme_postgres(
                str(PG_BIN / "psql"), "-h", str(donnees), "-p", str(cluster.port),
                "-U", "postgres", "-d", "postgres", "-qc", sql,
            )  # fmt: skip
        yield cluster
    finally:
        with suppress(subprocess.CalledProcessError):  # already stopped
            cluster.arreter()
        shutil.rmtree(racine, ignore_errors=True)


# --- Redis -----------------------------------------------------------------------------


class ServeurRedis:
    """A Redis server on a port of its own, without persistence (restarted empty)."""

    def __init__(self, dossier: Path):
        self.port = port_libre()
        self.dossier = dossier
        self.processus = None

    def url(self, base: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{base}"

    def demarrer(self) -> None:
        self.processus = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.dossier)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        assert attendre(lambda: _repond(self.port), delai=10), "Redis did not start"

    def arreter(self) -> None:
        if self.processus and self.processus.poll() is None:
            self.processus.terminate()
            self.processus.wait(timeout=10)


def _repond(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


# --- Web server and worker -------------------------------------------------------------


@contextmanager
def serveur_web(dossier: Path, **env: str):
    """gunicorn (one process) on a free port, with `env` added to the environment;
    yields its base URL and process."""
    port = port_libre()
    with open(dossier / "web.log", "w+") as journal:
        processus = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--timeout", "60"],
            cwd=REPO, env={**os.environ, "DJANGO_DEBUG": "false", **env},
            stdout=journal, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            if not attendre(lambda: processus.poll() is None and _repond(port), delai=30):
                journal.seek(0)
                raise AssertionError(f"gunicorn did not start:\n{journal.read()}")
            yield base, processus
        finally:
            processus.terminate()
            processus.wait(timeout=30)


def obtenir(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=20, allow_redirects=False, **kwargs)


@contextmanager
def worker_celery(dossier: Path, file: str, **env: str):
    """A `celery worker` process (solo pool) consuming `file`, with `env` added to the
    environment; yields the process (a test may kill it)."""
    nom = f"{file}-{time.monotonic_ns()}@%h"
    with open(dossier / f"worker-{time.monotonic_ns()}.log", "w+") as journal:
        processus = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "--loglevel=INFO", f"--queues={file}", f"--hostname={nom}",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=REPO, env={**os.environ, "DATABASE_URL": url_de_la_base(), **env},
            stdout=journal, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            if not attendre(lambda: "ready." in _lire(journal) or processus.poll(), delai=30):
                raise AssertionError(f"worker did not start:\n{_lire(journal)}")
            assert processus.poll() is None, _lire(journal)
            yield processus
        finally:
            if processus.poll() is None:
                processus.terminate()
                processus.wait(timeout=30)


def _lire(journal) -> str:
    journal.seek(0)
    return journal.read()


def envoyer_tache(tache, courtier: str, file: str, *args) -> None:
    """Publish `tache` to `file` on the broker at `courtier` (not the suite's one)."""
    with celery_app.connection_for_write(courtier) as connexion:
        tache.apply_async(args, queue=file, connection=connexion)
