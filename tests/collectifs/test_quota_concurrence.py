"""Two modérateurs recognise two collectifs at the same moment while one place is left
in the département's quota: the quota's row is locked while the year's recognitions
are counted, so exactly one succeeds and the other is told the quota is reached."""

import pytest

from collectifs import services
from collectifs.models import EtatReconnaissance, Reconnaissance
from tests.collectifs.factories import candidat, quota
from tests.comptes.factories import UtilisateurFactory
from tests.concurrence import en_concurrence
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

    def reconnaitre(rang):
        return lambda: services.reconnaitre(collectifs[rang], par=moderateurs[rang], montant=1_000)

    # The first has counted and holds the quota's lock when the second tries.
    premier, second = en_concurrence(reconnaitre(0), reconnaitre(1))
    assert not isinstance(premier, Exception), premier
    assert isinstance(second, services.EtatIncompatible), second
    assert "quota de l’année est atteint" in str(second)
    assert Reconnaissance.objects.count() == 1
    etats = sorted(c.__class__.objects.get(pk=c.pk).etat for c in collectifs)
    assert etats == sorted([EtatReconnaissance.RECONNU, EtatReconnaissance.CANDIDATURE])
