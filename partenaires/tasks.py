from celery import shared_task

from partenaires import utilisation


@shared_task
def enregistrer_utilisations() -> int:
    """Beat, every minute: API key use counted in Redis, written to the database."""
    return utilisation.enregistrer()
