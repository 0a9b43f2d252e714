"""The digest of the follows, run by the beat entry's task in a real Celery worker and
delivered through the outbox."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import EmailSortant
from pratiques import services
from pratiques.models import Fiche
from suivis import services as suivis
from suivis.models import Abonnement
from tests.comptes.factories import UtilisateurFactory
from tests.outils import attendre, livre_a, tache_du_beat
from tests.pratiques.factories import Geographie, contenu_complet

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_le_resume_des_suivis_est_livre_par_le_worker(worker_celery, file_celery):
    geo = Geographie()
    lea = UtilisateurFactory(email="lea.worker@exemple.fr", prenom="Léa")
    suivis.suivre_territoire(lea, geo.nord)
    suivis.changer_frequence(lea, "quotidienne")
    Abonnement.objects.filter(utilisateur=lea).update(
        dernier_envoi_le=timezone.now() - timedelta(days=1)
    )
    fiche, _ = services.importer(
        contenu=contenu_complet(titre="Une recyclerie de quartier à Lille"),
        source="tests-worker",
        identifiant="suivis",
        publier=True,
    )
    Fiche.objects.filter(pk=fiche.pk).update(publiee_le=timezone.now() - timedelta(hours=2))

    tache_du_beat("suivis-resumes-quotidiens", file_celery)
    tache_du_beat("suivis-resumes-quotidiens", file_celery)  # again: nothing more

    message = attendre(lambda: livre_a(worker_celery, lea.email, "Du nouveau dans ce que vous"))
    assert message is not None, "the worker did not deliver the digest"
    corps = message.get_content()
    assert "Bonjour Léa," in corps
    assert "Nouvelles pratiques : Nord" in corps
    assert "Une recyclerie de quartier à Lille" in corps
    assert attendre(
        lambda: not EmailSortant.objects.exclude(statut=EmailSortant.Statut.ENVOYE).exists()
    )
    assert EmailSortant.objects.filter(destinataires=[lea.email]).count() == 1
