from celery import shared_task

from pratiques import services
from pratiques.recherche import impasses


@shared_task
def envoyer_resumes_hebdomadaires() -> int:
    return services.envoyer_resumes_hebdomadaires()


@shared_task
def reconstruire_lexique() -> int:
    """The words the spelling suggestions of the search come from (nightly)."""
    return impasses.reconstruire_lexique()
