from celery import shared_task

from pratiques import actualite, services
from pratiques.recherche import impasses


@shared_task
def envoyer_resumes_hebdomadaires() -> int:
    return services.envoyer_resumes_hebdomadaires()


@shared_task
def reconstruire_lexique() -> int:
    """The words the spelling suggestions of the search come from (nightly)."""
    return impasses.reconstruire_lexique()


@shared_task
def envoyer_rappels_actualite() -> int:
    """ "Toujours d'actualité ?" reminders of pratiques.actualite (beat: daily)."""
    return actualite.envoyer_rappels()
