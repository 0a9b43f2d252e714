"""Shared fixtures. Tests run against the real PostgreSQL and Redis started by
scripts/services.sh (test profile); some start a real Celery worker process."""

import importlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from config.celery import app as celery_app

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def courriels_par_la_file(settings):
    """Django's test set-up swaps EMAIL_BACKEND for locmem; we test the real outbox.
    Delivery (OUTBOX_DELIVERY_BACKEND) is locmem in-process, files in the worker."""
    settings.EMAIL_BACKEND = "core.mail.OutboxBackend"


@pytest.fixture(autouse=True)
def vocabulaires(request):
    """Tests with a real transaction flush every table afterwards, including the
    vocabularies seeded by a data migration: seed them again when they are missing."""
    if "transactional_db" not in request.fixturenames and "db" not in request.fixturenames:
        marqueur = request.node.get_closest_marker("django_db")
        if marqueur is None:
            return
    request.getfixturevalue("transactional_db" if _transactionnel(request) else "db")
    from django.apps import apps

    from pratiques.models import Thematique

    if not Thematique.objects.exists():
        semer = importlib.import_module("pratiques.migrations.0002_vocabulaires").semer
        semer(apps, None)


def _transactionnel(request) -> bool:
    marqueur = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marqueur and marqueur.kwargs.get("transaction")
    )


@pytest.fixture(autouse=True)
def cache_vide():
    """Each test starts with an empty cache (rate-limit counters live there)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def file_celery():
    """A queue of our own, so parallel test runs on the same Redis never mix tasks."""
    nom = f"test-{uuid.uuid4().hex[:8]}"
    precedente = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = nom
    yield nom
    celery_app.conf.task_default_queue = precedente
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(nom)


def demarrer_worker(file: str, journal, *, attendre=True, **environnement) -> subprocess.Popen:
    """Start a real `celery worker` process on the test database and the test broker,
    consuming `file`, and wait until it answers (unless `attendre` is false: a solo
    worker busy with a task answers no ping); `environnement` adds variables."""
    base = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{base['USER']}:{base['PASSWORD']}@{base['HOST']}:{base['PORT']}/"
            f"{base['NAME']}"
        ),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": file,
        **environnement,
    }
    nom_hote = f"{file}-{uuid.uuid4().hex[:6]}@%h"
    processus = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            "--pool=solo", "--loglevel=INFO", f"--queues={file}",
            f"--hostname={nom_hote}", "--without-gossip", "--without-mingle",
        ],
        cwd=REPO, env=env, stdout=journal, stderr=subprocess.STDOUT,
    )  # fmt: skip
    echeance = time.monotonic() + 30
    while attendre and time.monotonic() < echeance:
        if processus.poll() is not None:
            journal.seek(0)
            pytest.fail(f"The Celery worker exited:\n{journal.read()}")
        if celery_app.control.ping(destination=[nom_hote.replace("%h", _hote())], timeout=0.5):
            return processus
    if not attendre:
        return processus
    processus.terminate()
    journal.seek(0)
    pytest.fail(f"The Celery worker did not answer within 30 s:\n{journal.read()}")


@pytest.fixture(scope="session")
def worker_celery(django_db_setup, django_db_blocker, file_celery, tmp_path_factory):
    """A real `celery worker` process on the test database and the test broker.

    E-mails it delivers are written as files in the directory it yields.
    """
    courriels = tmp_path_factory.mktemp("courriels-worker")
    journal = open(tmp_path_factory.mktemp("worker") / "worker.log", "w+")  # noqa: SIM115
    processus = demarrer_worker(
        file_celery,
        journal,
        OUTBOX_DELIVERY_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(courriels),
    )
    yield courriels
    processus.terminate()
    processus.wait(timeout=20)
    journal.close()


def _hote() -> str:
    import socket

    return socket.gethostname()
