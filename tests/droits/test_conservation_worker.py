"""The retention rules, applied by the beat entry's task in a real Celery worker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import EmailSortant
from tests.outils import attendre, tache_du_beat

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_la_tache_du_beat_purge_ce_qui_a_depasse_sa_duree(worker_celery, file_celery):
    vieux = timezone.now() - timedelta(days=120)
    for sujet, repondre_a in (("relais ancien", ["a@exemple.fr"]), ("courriel ancien", [])):
        EmailSortant.objects.create(
            expediteur="p@exemple.fr",
            destinataires=["x@exemple.fr"],
            repondre_a=repondre_a,
            sujet=sujet,
            corps_texte=".",
            statut=EmailSortant.Statut.ENVOYE,
            cree_le=vieux,
            envoye_le=vieux,
        )
    recent = EmailSortant.objects.create(
        expediteur="p@exemple.fr",
        destinataires=["x@exemple.fr"],
        sujet="courriel récent",
        corps_texte=".",
        statut=EmailSortant.Statut.ENVOYE,
        envoye_le=timezone.now(),
    )

    tache_du_beat("droits-conservation", file_celery)

    assert attendre(lambda: list(EmailSortant.objects.values_list("pk", flat=True)) == [recent.pk])
