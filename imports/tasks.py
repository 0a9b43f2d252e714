"""Celery tasks of the imports: thin wrappers around imports.services."""

import logging

from celery import shared_task
from django.db import OperationalError

from imports import services

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def traiter_import(import_pk: int) -> None:
    """Check and write an import's rows; the message is acknowledged only at the end,
    so a worker that dies leaves it to another, which resumes after the last
    committed row."""
    try:
        services.traiter(import_pk)
    except OperationalError:
        raise
    except Exception:
        logger.exception("Import %s stopped by an unexpected error", import_pk)
        services.echouer(
            import_pk,
            "Erreur inattendue pendant l’import\u00a0: les lignes déjà traitées sont "
            "enregistrées. Relancez l’import pour reprendre où il s’est arrêté.",
        )
