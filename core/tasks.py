from celery import shared_task

from core import services


@shared_task(acks_late=True)
def envoyer_courriel(courriel_id: int) -> bool:
    return services.envoyer(courriel_id)


@shared_task
def renvoyer_courriels_en_attente() -> int:
    return services.renvoyer_en_attente()


@shared_task
def purger_courriels_envoyes() -> int:
    return services.purger_envoyes()
