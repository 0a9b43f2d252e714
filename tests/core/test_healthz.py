"""/healthz answers 200 when the database, Redis and a Celery worker answer, and 503
naming what is down otherwise."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_jetable(tmp_path):
    """A real Redis server of our own that the test may stop."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    processus = subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
         "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0", processus
    processus.kill()
    processus.wait()


def test_healthz_repond_200_quand_tout_repond(client, worker_celery):
    reponse = client.get("/healthz")
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "ok", "celery": "ok"},
        "down": [],
        "process": {"host": socket.gethostname(), "pid": os.getpid()},
    }


def test_healthz_nomme_celery_quand_aucun_worker_ne_repond(client, redis_jetable):
    url, _ = redis_jetable
    with override_settings(REDIS_URL=url, CELERY_BROKER_URL=url):
        reponse = client.get("/healthz")
    assert reponse.status_code == 503
    assert reponse.json()["down"] == ["celery"]
    assert reponse.json()["checks"]["celery"] == "no Celery worker answered"


def test_healthz_passe_a_503_quand_redis_s_arrete(client, redis_jetable):
    url, processus = redis_jetable
    with override_settings(REDIS_URL=url, CELERY_BROKER_URL=url):
        assert client.get("/healthz").json()["checks"]["redis"] == "ok"
        processus.terminate()
        processus.wait()
        reponse = client.get("/healthz")
    assert reponse.status_code == 503
    corps = reponse.json()
    assert corps["status"] == "error"
    assert corps["down"] == ["celery", "redis"]
    assert corps["checks"]["database"] == "ok"
    assert "ConnectionError" in corps["checks"]["redis"]
