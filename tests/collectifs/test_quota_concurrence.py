"""Two modérateurs recognise two collectifs at the same moment while one place is left
in the département's quota: the quota's row is locked while the year's recognitions
are counted, so exactly one succeeds and the other is told the quota is reached."""

import threading

import pytest
from django.db import connection, transaction

from collectifs import services
from collectifs.models import EtatReconnaissance, Reconnaissance
from tests.collectifs.factories import candidat, quota
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import Geographie, moderateur_de

pytestmark = pytest.mark.django_db(transaction=True)


def test_deux_reconnaissances_simultanees_ne_depassent_pas_le_quota():
    geo = Geographie()
    quota(geo.nord, nombre=1, enveloppe=100_000)
    animatrice = UtilisateurFactory()
    collectifs = [
        candidat(animatrice, [geo.lille], nom="Premier"),
        candidat(animatrice, [geo.roubaix], nom="Second"),
    ]
    moderateurs = [moderateur_de(geo.nord), moderateur_de(geo.nord)]
    premier_compte, second_commence = threading.Event(), threading.Event()
    resultats, erreurs = {}, []

    def reconnaitre(rang, avant=None, apres=None):
        try:
            with transaction.atomic():
                if avant:
                    avant()
                services.reconnaitre(collectifs[rang], par=moderateurs[rang], montant=1_000)
                if apres:
                    apres()
            resultats[rang] = "reconnu"
        except services.EtatIncompatible as erreur:
            resultats[rang] = str(erreur)
        except Exception as erreur:  # noqa: BLE001 — reported by the assertion below
            erreurs.append(erreur)
        finally:
            connection.close()

    def attendre_le_second():
        # The first has counted and holds the quota's lock; let the second try now.
        premier_compte.set()
        assert second_commence.wait(5)
        threading.Event().wait(0.5)

    def commencer_apres_le_premier():
        assert premier_compte.wait(5)
        second_commence.set()

    fils = [
        threading.Thread(target=reconnaitre, args=(0,), kwargs={"apres": attendre_le_second}),
        threading.Thread(
            target=reconnaitre, args=(1,), kwargs={"avant": commencer_apres_le_premier}
        ),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(20)

    assert not any(fil.is_alive() for fil in fils) and erreurs == []
    assert resultats[0] == "reconnu"
    assert "quota de l’année est atteint" in resultats[1]
    assert Reconnaissance.objects.count() == 1
    etats = sorted(c.__class__.objects.get(pk=c.pk).etat for c in collectifs)
    assert etats == sorted([EtatReconnaissance.RECONNU, EtatReconnaissance.CANDIDATURE])
