from celery import shared_task

from decouverte import alertes


@shared_task
def envoyer_resumes_alertes(frequence: str) -> int:
    """Digests of the followed searches (beat: daily at 7:00, weekly on Monday 7:30)."""
    return alertes.envoyer_resumes(frequence)
