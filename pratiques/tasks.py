from celery import shared_task

from pratiques import services


@shared_task
def envoyer_resumes_hebdomadaires() -> int:
    return services.envoyer_resumes_hebdomadaires()
