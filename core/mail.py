"""A Django e-mail backend that writes to the outbox instead of talking SMTP.

With EMAIL_BACKEND = "core.mail.OutboxBackend", everything that calls Django's mail
API (our services, password reset, admin notifications) is queued in the database,
inside the caller's transaction; the real transport is OUTBOX_DELIVERY_BACKEND.
"""

from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from core.services import mettre_en_file

        for message in email_messages:
            mettre_en_file(message)
        return len(email_messages)
