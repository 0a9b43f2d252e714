from celery import shared_task

from droits import conservation


@shared_task
def appliquer_conservation() -> dict[str, int]:
    return conservation.appliquer()
