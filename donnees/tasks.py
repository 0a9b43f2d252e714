from celery import shared_task

from donnees import services


@shared_task
def deposer_exports() -> list[int]:
    """The nightly full dumps, CSV and JSON, and the pruning of old ones (beat: 2:30)."""
    return [depot.pk for depot in services.deposer()]
