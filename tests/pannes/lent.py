"""A slow e-mail backend for the worker-killed test: each message takes a moment, then
its subject is appended (and synced) to EMAIL_FILE_PATH/envois.txt, one line each, so
the test counts what was really handed over, even from a killed process."""

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

DUREE_PAR_MESSAGE = 0.1


class BackendLent(BaseEmailBackend):
    def send_messages(self, email_messages):
        chemin = Path(settings.EMAIL_FILE_PATH) / "envois.txt"
        chemin.parent.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            time.sleep(DUREE_PAR_MESSAGE)
            with open(chemin, "a") as envois:
                envois.write(f"{message.subject}\n")
                envois.flush()
                os.fsync(envois.fileno())
        return len(email_messages)
