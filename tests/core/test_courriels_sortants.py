"""The outbox: an e-mail is written in the transaction that caused it and delivered
later by a Celery worker; a broker or worker outage delays mail but loses none."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from config.celery import app as celery_app
from core import courriels
from core.models import EmailSortant
from core.tasks import renvoyer_courriels_en_attente
from tests.outils import attendre

pytestmark = pytest.mark.django_db(transaction=True)

SMTP_INJOIGNABLE = {
    "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 1,
    "EMAIL_TIMEOUT": 1,
}


def fichiers_livres(dossier: Path) -> str:
    return "".join(f.read_text() for f in dossier.glob("*.log")) if dossier.exists() else ""


def test_un_courriel_annule_avec_sa_transaction_n_existe_pas():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Sujet", "Corps", None, ["a@exemple.fr"])
        raise RuntimeError("the change that caused the e-mail fails")
    assert EmailSortant.objects.count() == 0


def test_un_courriel_est_mis_en_file_puis_livre_par_un_vrai_worker(worker_celery):
    with transaction.atomic():
        send_mail("Bienvenue", "Bonjour et bienvenue.", None, ["camille@exemple.fr"])
        courriel = EmailSortant.objects.get()
        assert courriel.statut == EmailSortant.Statut.EN_ATTENTE

    courriel = attendre(
        lambda: EmailSortant.objects.filter(pk=courriel.pk, statut="envoye").first()
    )
    assert courriel is not None, "the worker did not deliver the e-mail"
    assert courriel.tentatives == 1
    assert courriel.envoye_le is not None
    livres = fichiers_livres(worker_celery)
    assert "Subject: Bienvenue" in livres
    assert "To: camille@exemple.fr" in livres


def _oublier_les_connexions_au_broker():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_en_panne():
    """Point the Celery producer at a port where nothing listens."""
    url = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    _oublier_les_connexions_au_broker()
    yield
    celery_app.conf.broker_url = url
    _oublier_les_connexions_au_broker()


def test_une_panne_du_broker_retarde_le_courriel_sans_le_perdre(broker_en_panne):
    with transaction.atomic():
        send_mail("Décision", "Votre fiche est publiée.", None, ["auteur@exemple.fr"])
    courriel = EmailSortant.objects.get()
    assert courriel.statut == EmailSortant.Statut.EN_ATTENTE

    # The beat sweep leaves very recent messages to their own task…
    with override_settings(OUTBOX_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert courriels.renvoyer_en_attente() == 0
        # …and delivers the ones that waited.
        EmailSortant.objects.update(cree_le=timezone.now() - timedelta(minutes=5))
        assert courriels.renvoyer_en_attente() == 1
    courriel.refresh_from_db()
    assert courriel.statut == EmailSortant.Statut.ENVOYE
    assert [m.subject for m in mail.outbox] == ["Décision"]


def test_la_tache_beat_renvoie_les_courriels_en_attente_dans_le_worker(worker_celery):
    courriel = EmailSortant.objects.create(
        expediteur="plateforme@exemple.fr",
        destinataires=["moderateur@exemple.fr"],
        sujet="Resté en attente",
        corps_texte="Le broker était en panne.",
        cree_le=timezone.now() - timedelta(minutes=5),
    )
    renvoyer_courriels_en_attente.delay()
    assert attendre(lambda: EmailSortant.objects.filter(pk=courriel.pk, statut="envoye").exists())
    assert "Le broker était en panne." in fichiers_livres(worker_celery)


@override_settings(**SMTP_INJOIGNABLE, OUTBOX_MAX_ATTEMPTS=3)
def test_un_transport_en_echec_est_reessaye_plus_tard_puis_abandonne():
    courriel = EmailSortant.objects.create(
        expediteur="plateforme@exemple.fr",
        destinataires=["x@exemple.fr"],
        sujet="S",
        corps_texte="C",
    )
    assert courriels.envoyer(courriel.pk) is False
    courriel.refresh_from_db()
    assert courriel.statut == EmailSortant.Statut.EN_ATTENTE
    assert courriel.tentatives == 1
    assert "ConnectionRefusedError" in courriel.derniere_erreur
    assert courriel.prochain_essai_le > timezone.now()
    # Not due yet: the sweep does not touch it.
    assert not EmailSortant.objects.a_envoyer().exists()

    for _ in range(2):
        EmailSortant.objects.update(prochain_essai_le=timezone.now())
        courriels.envoyer(courriel.pk)
    courriel.refresh_from_db()
    assert courriel.statut == EmailSortant.Statut.ECHEC
    assert courriel.tentatives == 3


def test_un_courriel_deja_envoye_ne_part_pas_deux_fois():
    with override_settings(OUTBOX_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        send_mail("Une fois", "Corps", None, ["y@exemple.fr"])
        courriel = EmailSortant.objects.get()
        assert courriels.envoyer(courriel.pk) is True
        assert courriels.envoyer(courriel.pk) is False
    assert len(mail.outbox) == 1


def test_les_courriels_envoyes_anciens_sont_purges():
    ancien = EmailSortant.objects.create(
        expediteur="p@exemple.fr", destinataires=["a@exemple.fr"], sujet="Ancien", corps_texte="C",
        statut="envoye", envoye_le=timezone.now() - timedelta(days=91),
    )  # fmt: skip
    recent = EmailSortant.objects.create(
        expediteur="p@exemple.fr", destinataires=["b@exemple.fr"], sujet="Récent", corps_texte="C",
        statut="envoye", envoye_le=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    assert courriels.purger_envoyes() == 1
    assert list(EmailSortant.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not EmailSortant.objects.filter(pk=ancien.pk).exists()
