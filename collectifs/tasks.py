from celery import shared_task

from collectifs import rappels, services


@shared_task
def rappels_quotidiens() -> int:
    """Expire the recognitions that ended, then send the reminders due (beat: daily)."""
    services.expirer_echues()
    return rappels.envoyer_rappels()
