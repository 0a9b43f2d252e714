"""The "toujours d'actualité ?" reminders sent by the beat entry's task in a real Celery
worker, delivered through the outbox: one at 6, 12 and 24 months after publication,
each once however often the task runs. Time is moved by dating the publication back."""

import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.utils import timezone

from core.models import EmailSortant
from pratiques import services
from pratiques.models import Fiche, RappelActualite
from tests.comptes.factories import UtilisateurFactory
from tests.outils import attendre, courriels_livres, tache_du_beat
from tests.pratiques.factories import Geographie, contenu_complet

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def rappels_livres(dossier, adresse):
    return [
        m
        for m in courriels_livres(dossier)
        if adresse in m["To"] and "toujours d’actualité" in m["Subject"]
    ]


def test_les_rappels_a_6_12_et_24_mois_sont_livres_une_fois_chacun_par_le_worker(
    worker_celery, file_celery
):
    Geographie()
    auteur = UtilisateurFactory(email="autrice.rappels@exemple.fr", prenom="Nadia")
    fiche, _ = services.importer(
        contenu=contenu_complet(titre="Une épicerie solidaire"),
        source="tests-worker",
        identifiant="rappels",
        publier=True,
    )
    for mois, attendus in ((6, 1), (12, 2), (24, 3)):
        publiee = timezone.now() - relativedelta(months=mois) - timedelta(hours=1)
        Fiche.objects.filter(pk=fiche.pk).update(
            auteur=auteur, publiee_le=publiee, modifiee_le=publiee
        )
        tache_du_beat("pratiques-rappels-actualite", file_celery)
        tache_du_beat("pratiques-rappels-actualite", file_celery)  # again: nothing more
        livres = attendre(
            lambda n=attendus: (
                len(rappels_livres(worker_celery, auteur.email)) >= n
                and rappels_livres(worker_celery, auteur.email)
            )
        )
        assert livres, "the worker did not deliver the reminder"
        assert len(livres) == attendus
        corps = livres[-1].get_content()
        assert "Bonjour Nadia," in corps
        assert f"publiée il y a {mois} mois" in corps

    assert sorted(RappelActualite.objects.values_list("palier", flat=True)) == [6, 12, 24]
    assert attendre(
        lambda: not EmailSortant.objects.exclude(statut=EmailSortant.Statut.ENVOYE).exists()
    )
    assert EmailSortant.objects.count() == 3

    # The one-click link of the last reminder works without signing in.
    lien = re.search(r"https?://\S+(/pratiques/actualite/\S+/)", corps)[1]
    client = Client()
    assert client.get(lien).status_code == 200
    assert client.post(lien).status_code == 200
    fiche.refresh_from_db()
    assert fiche.confirmee_le is not None
