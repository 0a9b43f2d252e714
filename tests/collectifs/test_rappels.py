"""Reminders to the animateurs, through the outbox and each sent once: the yearly
report of the year just ended, the end of the recognition three months ahead, and the
renewal once the recognition has expired (the daily task expires it first)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from collectifs import cycle, rappels, services
from collectifs.models import Collectif, EtatReconnaissance, Rappel, Reconnaissance
from collectifs.tasks import rappels_quotidiens
from core.models import EmailSortant
from tests.collectifs.factories import candidat, quota

pytestmark = pytest.mark.django_db


def _reconnu(geo, animatrice, moderateur, debut: date) -> Collectif:
    """A collectif recognised on `debut` (dates moved back after the decision)."""
    quota(geo.nord)
    collectif = candidat(animatrice, [geo.lille])
    services.reconnaitre(collectif, par=moderateur, montant=0)
    debut, fin = cycle.periode(debut)
    Collectif.objects.filter(pk=collectif.pk).update(reconnu_le=debut, reconnu_jusqu_au=fin)
    Reconnaissance.objects.filter(collectif=collectif).update(debut=debut, fin=fin)
    EmailSortant.objects.all().delete()
    collectif.refresh_from_db()
    return collectif


def courriels(adresse, sujet):
    return EmailSortant.objects.filter(destinataires=[adresse], sujet__contains=sujet)


def test_le_rapport_de_l_annee_ecoulee_est_reclame_une_fois(geo, animatrice, moderateur_nord):
    annee = timezone.localdate().year - 1
    collectif = _reconnu(geo, animatrice, moderateur_nord, date(annee, 6, 1))

    assert rappels.envoyer_rappels() == 1
    assert rappels.envoyer_rappels() == 0

    (courriel,) = courriels(animatrice.email, f"Rapport {annee} attendu")
    assert collectif.nom in courriel.corps_texte
    assert Rappel.objects.filter(collectif=collectif, type="rapport", cle=str(annee)).exists()


def test_un_rapport_depose_n_est_pas_reclame(geo, animatrice, moderateur_nord):
    annee = timezone.localdate().year - 1
    collectif = _reconnu(geo, animatrice, moderateur_nord, date(annee, 6, 1))
    services.deposer_rapport(
        collectif, par=animatrice, annee=annee,
        donnees={
            "activites": "Douze assemblées.", "participants_elus": 2,
            "participants_professionnels": 5, "participants_associations": 4,
            "participants_habitants": 30, "enseignements": "Se réunir le soir.",
        },
    )  # fmt: skip

    rappels.envoyer_rappels()

    assert not courriels(animatrice.email, "attendu").exists()


def test_la_fin_de_la_reconnaissance_est_annoncee_trois_mois_avant_une_fois(
    geo, animatrice, moderateur_nord
):
    aujourd_hui = timezone.localdate()
    collectif = _reconnu(geo, animatrice, moderateur_nord, aujourd_hui - timedelta(days=365))
    expirations = Rappel.objects.filter(collectif=collectif, type="expiration")
    rappels.envoyer_rappels(le=aujourd_hui)
    assert not expirations.exists(), "not yet"

    bientot = collectif.reconnu_jusqu_au - timedelta(days=cycle.PREAVIS_JOURS - 1)
    rappels.envoyer_rappels(le=bientot)
    rappels.envoyer_rappels(le=bientot + timedelta(days=10))

    assert expirations.count() == 1
    (courriel,) = courriels(animatrice.email, "prend fin le")
    assert "renouvellement" in courriel.corps_texte


def test_apres_l_expiration_le_renouvellement_est_propose_une_fois(
    geo, animatrice, moderateur_nord
):
    collectif = _reconnu(geo, animatrice, moderateur_nord, date(2020, 3, 1))

    rappels_quotidiens()
    rappels_quotidiens()

    collectif.refresh_from_db()
    assert collectif.etat == EtatReconnaissance.EXPIRE
    assert courriels(animatrice.email, "a pris fin").count() == 1
    assert Rappel.objects.filter(collectif=collectif, type="renouvellement").count() == 1


def test_la_tache_quotidienne_est_planifiee(settings):
    taches = {entree["task"] for entree in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "collectifs.tasks.rappels_quotidiens" in taches
