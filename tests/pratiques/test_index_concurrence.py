"""Two publications at the same time: the kept counts add both, and neither waits for
ever (the counts' rows are locked in the same order by every transaction)."""

import threading

import pytest
from django.db import connection, transaction

from pratiques import services
from pratiques.models import CompteFacette, IndexRecherche
from pratiques.recherche import moteur
from tests.pratiques.factories import Geographie, contenu_complet

pytestmark = pytest.mark.django_db(transaction=True)


def test_deux_publications_simultanees_comptent_toutes_les_deux():
    Geographie()
    premiere_publiee, seconde_commence = threading.Event(), threading.Event()
    erreurs = []

    def publier(identifiant, avant=None, apres=None):
        try:
            with transaction.atomic():
                if avant:
                    avant()
                services.importer(
                    contenu=contenu_complet(titre=f"Fiche {identifiant}"),
                    source="concurrence",
                    identifiant=identifiant,
                    publier=True,
                )
                if apres:
                    apres()
        except Exception as erreur:  # noqa: BLE001 — reported by the assertion below
            erreurs.append(erreur)
        finally:
            connection.close()

    def attendre_la_seconde():
        premiere_publiee.set()
        assert seconde_commence.wait(5)
        # The second publication is now waiting for this transaction's locks.
        threading.Event().wait(0.3)

    def commencer_apres_la_premiere():
        assert premiere_publiee.wait(5)
        seconde_commence.set()

    fils = [
        threading.Thread(target=publier, args=("1",), kwargs={"apres": attendre_la_seconde}),
        threading.Thread(
            target=publier, args=("2",), kwargs={"avant": commencer_apres_la_premiere}
        ),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(20)
    assert not any(fil.is_alive() for fil in fils) and erreurs == []

    assert IndexRecherche.objects.count() == 2
    assert CompteFacette.objects.get(facette="total").nombre == 2
    gardes = moteur.compter(moteur.index_publie())
    recomptes = moteur.compter(moteur.index_publie().filter(publiee_le__isnull=False))
    assert gardes == recomptes
