"""Celery entry points of the webhooks: thin wrappers around webhooks.services (the
task names are those used by services.programmer and CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from webhooks import services


@shared_task(acks_late=True)
def livrer(livraison_id: int) -> bool:
    return services.livrer(livraison_id)


@shared_task
def renvoyer_livraisons_dues() -> int:
    return services.renvoyer_dues()


@shared_task
def purger_livraisons() -> int:
    return services.purger()
