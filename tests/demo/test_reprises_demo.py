"""The demo reprises: loaded through the services after the demo fiches and accounts,
counted on their fiches, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.management.commands.preparer_donnees import ETAPES_DEMO
from demo.management.commands.charger_reprises_demo import REPRISES
from essaimage.models import Reprise
from pratiques.models import Fiche, IndexRecherche
from tests.demo.test_fiches_demo import creer_territoires, references_utilisees

pytestmark = pytest.mark.django_db


def charger() -> str:
    sortie = StringIO()
    call_command("charger_reprises_demo", stdout=sortie)
    return sortie.getvalue()


def test_des_reprises_publiees_et_comptees_et_une_en_attente(db):
    creer_territoires(references_utilisees() | {reference for _, reference, *_ in REPRISES})
    call_command("creer_comptes_demo", stdout=StringIO())
    call_command("charger_fiches_demo", stdout=StringIO())
    assert "5 créée(s)" in charger()
    assert Reprise.objects.publiees().count() == 4
    assert Reprise.objects.en_attente().count() == 1
    co_formation = Fiche.objects.get(identifiant_externe="p15")
    assert co_formation.nb_reprises == 3
    assert IndexRecherche.objects.get(fiche=co_formation).nb_reprises == 3
    assert "0 créée(s), 5 déjà là" in charger()
    assert Reprise.objects.count() == 5


def test_les_reprises_se_chargent_apres_les_fiches_et_les_comptes():
    commandes = [commande for commande, _ in ETAPES_DEMO]
    assert commandes.index("charger_reprises_demo") > commandes.index("charger_fiches_demo")
    assert commandes.index("charger_reprises_demo") > commandes.index("creer_comptes_demo")
