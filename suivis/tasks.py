from celery import shared_task

from suivis import resumes


@shared_task
def envoyer_resumes_suivis(frequence: str) -> int:
    """Digests of the follows (beat: daily at 7:10, weekly on Monday 7:40)."""
    return resumes.envoyer_resumes(frequence)
