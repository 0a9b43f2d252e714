"""Celery entry points of the outbox: thin wrappers around core.courriels (the task
names are those of CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from core import courriels


@shared_task(acks_late=True)
def envoyer_courriel(courriel_id: int) -> bool:
    return courriels.envoyer(courriel_id)


@shared_task
def renvoyer_courriels_en_attente() -> int:
    return courriels.renvoyer_en_attente()


@shared_task
def purger_courriels_envoyes() -> int:
    return courriels.purger_envoyes()
