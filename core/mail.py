"""A Django e-mail backend that writes to the outbox instead of talking SMTP.

With EMAIL_BACKEND = "core.mail.OutboxBackend", everything that calls Django's mail
API (our services, password reset, admin notifications) is queued in the database,
inside the caller's transaction (core.courriels); once that transaction commits, a
Celery worker is asked to deliver it through OUTBOX_DELIVERY_BACKEND (core.tasks).
"""

import logging
from functools import partial

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from core.courriels import mettre_en_file
from core.tasks import envoyer_courriel

logger = logging.getLogger(__name__)


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            courriel = mettre_en_file(message)
            transaction.on_commit(partial(programmer_envoi, courriel.pk))
        return len(email_messages)


def programmer_envoi(courriel_id: int) -> None:
    """Ask a worker to deliver now; if the broker is down, the beat sweep will."""
    try:
        envoyer_courriel.apply_async((courriel_id,), retry=False)
    except Exception:  # noqa: BLE001 — any broker failure only delays delivery
        logger.warning("Broker unreachable: e-mail %s stays pending in the outbox", courriel_id)
