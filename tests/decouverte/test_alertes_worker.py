"""The digest of a followed search, run by the beat task in a real Celery worker and
delivered through the outbox: the worker writes what it delivers as files, the outbox
rows are marked sent, the alert's window moves forward."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from core.models import EmailSortant
from decouverte import alertes
from decouverte.models import Alerte
from decouverte.tasks import envoyer_resumes_alertes
from pratiques import services
from pratiques.models import Fiche
from tests.comptes.factories import UtilisateurFactory
from tests.outils import attendre, livre_a
from tests.pratiques.factories import Geographie, contenu_complet

# The worker reads what the test committed.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vocabulaires():
    """The vocabularies are seeded by a migration, and a previous transactional test
    may have flushed them: seed them again (idempotent). Not `serialized_rollback`: it
    breaks on the content types that the flush of such a previous test recreates."""
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


def publier(identifiant: str, il_y_a: timedelta, **modifications) -> Fiche:
    fiche, _ = services.importer(
        contenu=contenu_complet(**modifications),
        source="tests-worker",
        identifiant=identifiant,
        publier=True,
    )
    Fiche.objects.filter(pk=fiche.pk).update(publiee_le=timezone.now() - il_y_a)
    return Fiche.objects.get(pk=fiche.pk)


def test_le_resume_quotidien_est_livre_par_le_worker_avec_le_desabonnement_en_un_clic(
    worker_celery, vocabulaires
):
    Geographie()
    abonnee = UtilisateurFactory(email="abonnee.worker@exemple.fr", prenom="Inès")
    alerte = alertes.creer_alerte(abonnee, QueryDict("departement=59"), "quotidienne")
    Alerte.objects.filter(pk=alerte.pk).update(dernier_envoi_le=timezone.now() - timedelta(days=1))
    nouvelle = publier(
        "lille", timedelta(hours=2), titre="Un café des familles à Lille, livré par le worker"
    )
    publier("arras", timedelta(hours=2), titre="Une fiche d’Arras", territoires=["commune:62041"])

    envoyer_resumes_alertes.delay("quotidienne")

    courriel = attendre(
        lambda: EmailSortant.objects.filter(
            destinataires=[abonnee.email], statut=EmailSortant.Statut.ENVOYE
        ).first()
    )
    assert courriel is not None, "the worker did not deliver the digest"
    assert courriel.envoye_le is not None
    message = attendre(lambda: livre_a(worker_celery, abonnee.email, "pour votre alerte"))
    assert message is not None, "the delivered digest was not written by the worker"

    assert message["Subject"] == "1 nouvelle pratique pour votre alerte « Nord »"
    desabonnement = settings.SITE_URL + reverse("decouverte:desabonnement", args=[alerte.jeton])
    # A long header is folded on the wire; unfolded, it is the link in angle brackets.
    assert message["List-Unsubscribe"].strip() == f"<{desabonnement}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    corps = message.get_content()
    assert "Bonjour Inès," in corps
    assert "Un café des familles à Lille, livré par le worker" in corps
    assert settings.SITE_URL + reverse("pratiques:fiche", args=[nouvelle.slug]) in corps
    assert "Une fiche d’Arras" not in corps
    assert desabonnement in corps

    alerte.refresh_from_db()
    assert timezone.now() - alerte.dernier_envoi_le < alertes.MARGE_PUBLICATION + timedelta(
        minutes=1
    )
    # One digest, one e-mail, nothing left in the outbox.
    assert EmailSortant.objects.count() == 1
    assert not EmailSortant.objects.exclude(statut=EmailSortant.Statut.ENVOYE).exists()
