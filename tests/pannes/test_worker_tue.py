"""A worker killed (SIGKILL) in the middle of a batch of 50 e-mails: once a worker is
back and the beat sweep has run, every e-mail was handed to the mail server, none lost.

Exactly once is not possible across a crash: an e-mail is sent, then its row marked
sent in the same transaction; a kill between the SMTP hand-over and the commit rolls the
mark back, and the e-mail is sent again. The window is one e-mail (the worker runs one
task at a time, prefetch 1), so at most one e-mail is delivered twice."""

import os
import signal
import uuid
from collections import Counter
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from core.models import EmailSortant
from core.tasks import renvoyer_courriels_en_attente
from tests.outils import attendre
from tests.pannes.outils import envoyer_tache, worker_celery

pytestmark = [pytest.mark.panne, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LOT = 50


@pytest.fixture
def file_a_part():
    """A queue of its own: the suite's worker, if running, must not take these tasks."""
    nom = f"test-lot-{uuid.uuid4().hex[:8]}"
    precedente = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = nom
    yield nom
    celery_app.conf.task_default_queue = precedente
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(nom)


def test_un_worker_tue_pendant_un_lot_ne_perd_aucun_courriel(file_a_part, tmp_path):
    env = {
        "CELERY_QUEUE": file_a_part,
        "OUTBOX_DELIVERY_BACKEND": "tests.pannes.lent.BackendLent",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    envois = tmp_path / "envois.txt"

    def lignes() -> list[str]:
        return envois.read_text().splitlines() if envois.exists() else []

    with worker_celery(tmp_path, file_a_part, **env) as premier:
        with transaction.atomic():
            for i in range(LOT):
                send_mail(f"Lot {i:02d}", "Bonjour.", None, [f"personne{i}@exemple.fr"])
        assert attendre(lambda: len(lignes()) >= 10, delai=30)
        os.kill(premier.pid, signal.SIGKILL)
        premier.wait(timeout=10)
    avant_la_reprise = len(lignes())
    assert avant_la_reprise < LOT

    courtier = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    en_attente = EmailSortant.objects.filter(statut=EmailSortant.Statut.EN_ATTENTE)
    with worker_celery(tmp_path, file_a_part, **env):
        # The queued tasks are taken up; the one being run when the worker died stays
        # unacknowledged in the broker: the beat sweep is what delivers its e-mail.
        assert attendre(
            lambda: not courtier.llen(file_a_part) and en_attente.count() <= 1, delai=60
        )
        en_attente.update(cree_le=timezone.now() - timedelta(minutes=1))
        envoyer_tache(renvoyer_courriels_en_attente, settings.CELERY_BROKER_URL, file_a_part)
        assert attendre(lambda: not en_attente.exists(), delai=30)

    assert EmailSortant.objects.filter(statut=EmailSortant.Statut.ENVOYE).count() == LOT
    comptes = Counter(lignes())
    assert set(comptes) == {f"Lot {i:02d}" for i in range(LOT)}  # none lost
    assert sum(comptes.values()) - LOT <= 1  # at most the one in flight, twice
    assert all(n <= 2 for n in comptes.values())
