"""Liveness of the services the platform depends on, for /healthz (answered by each
web process on its own: the body names the machine and the process)."""

import os
import socket

import redis
from celery import current_app as celery_app
from django.conf import settings
from django.db import connection


def verifier_base_de_donnees() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as erreur:  # noqa: BLE001
        return f"{type(erreur).__name__}: {erreur}".strip()
    return None


def verifier_redis(url: str) -> str | None:
    timeout = settings.HEALTHZ_TIMEOUT_SECONDES
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    except Exception as erreur:  # noqa: BLE001
        return f"{type(erreur).__name__}: {erreur}"
    finally:
        client.close()
    return None


def verifier_workers_celery() -> str | None:
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as connexion:
            reponses = celery_app.control.ping(
                timeout=settings.HEALTHZ_TIMEOUT_SECONDES, limit=1, connection=connexion
            )
    except Exception as erreur:  # noqa: BLE001
        return f"{type(erreur).__name__}: {erreur}"
    return None if reponses else "no Celery worker answered"


def etat_des_services() -> dict[str, str | None]:
    """Map each service to None when it answers, or to the reason it does not."""
    erreurs = {
        "database": verifier_base_de_donnees(),
        "redis": verifier_redis(settings.REDIS_URL),
    }
    broker_en_panne = verifier_redis(settings.CELERY_BROKER_URL)
    if broker_en_panne:
        erreurs["celery"] = f"broker unreachable: {broker_en_panne}"
    else:
        erreurs["celery"] = verifier_workers_celery()
    return erreurs


def processus() -> dict[str, str | int]:
    """Which web process answered (behind a load balancer, each one is checked alone)."""
    return {"host": socket.gethostname(), "pid": os.getpid()}
