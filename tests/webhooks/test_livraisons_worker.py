"""Deliveries by a real Celery worker: a fiche published by the moderation service
reaches the partner's receiver (on the loopback, checking the signature) once the
transaction commits, without anyone calling the delivery; a failed call is retried by
the beat task."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from tests.comptes.factories import UtilisateurFactory
from tests.outils import attendre
from tests.pratiques.factories import Geographie, fiche_publiee, moderateur_de
from tests.webhooks.factories import point
from webhooks import services, tasks
from webhooks.evenements import FICHE_PUBLIEE, IMPORT_TERMINE
from webhooks.models import Livraison

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def vocabulaires(transactional_db):
    import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


def _etat(livraison, etat):
    return Livraison.objects.filter(pk=livraison.pk, etat=etat).first()


def test_une_fiche_publiee_est_livree_signee_par_le_worker(worker_celery, recepteur):
    objet = point(recepteur.url, evenements=[FICHE_PUBLIEE])
    recepteur.secret = objet.secret
    geo = Geographie()
    fiche = fiche_publiee(
        UtilisateurFactory(), moderateur_de(geo.nord), titre="Une fiche livrée par le worker"
    )

    (livraison,) = Livraison.objects.filter(point=objet)
    livree = attendre(lambda: _etat(livraison, Livraison.Etat.LIVREE), delai=30)
    assert livree is not None, "the worker did not deliver the webhook"
    (appel,) = recepteur.verifies
    assert appel.contenu["type"] == FICHE_PUBLIEE
    assert appel.contenu["data"]["slug"] == fiche.slug
    assert appel.contenu["data"]["titre"] == "Une fiche livrée par le worker"
    assert livree.tentatives == 1 and livree.dernier_statut == 200


def test_un_echec_est_reessaye_par_la_tache_periodique(worker_celery, recepteur):
    objet = point(recepteur.url, evenements=[IMPORT_TERMINE])
    recepteur.secret = objet.secret
    recepteur.statut = 500
    (livraison,) = services.emettre(IMPORT_TERMINE, {"n": 1}, organisation=objet.organisation)
    en_echec = attendre(lambda: _etat(livraison, Livraison.Etat.ECHEC), delai=30)
    assert en_echec is not None and en_echec.tentatives == 1
    assert len(recepteur.appels) == 1

    # The receiver is back; the retry is due: the beat task, run by the worker, sends it.
    recepteur.statut = 200
    Livraison.objects.filter(pk=livraison.pk).update(
        prochain_essai_le=timezone.now() - timedelta(seconds=1)
    )
    tasks.renvoyer_livraisons_dues.delay()
    livree = attendre(lambda: _etat(livraison, Livraison.Etat.LIVREE), delai=30)
    assert livree is not None and livree.tentatives == 2
    assert len(recepteur.verifies) == 2
