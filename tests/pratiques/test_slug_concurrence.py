"""Two drafts with the same title saved at the same moment: the second waits for the
first's slug, then takes the next one — no duplicate-key error (found by the mixed load
run, bench/bench_mixte.py)."""

import threading

import pytest
from django.db import connection, transaction

from pratiques import services
from pratiques.models import Fiche
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import Geographie, contenu_complet

pytestmark = pytest.mark.django_db(transaction=True)


def test_deux_brouillons_du_meme_titre_en_meme_temps_ont_chacun_leur_adresse():
    Geographie()
    auteurs = [UtilisateurFactory(), UtilisateurFactory()]
    premier_cree, second_commence = threading.Event(), threading.Event()
    erreurs = []

    def creer(auteur, avant=None, apres=None):
        try:
            with transaction.atomic():
                if avant:
                    avant()
                services.creer_brouillon(auteur=auteur, contenu=contenu_complet(titre="Un café"))
                if apres:
                    apres()
        except Exception as erreur:  # noqa: BLE001 — reported by the assertion below
            erreurs.append(erreur)
        finally:
            connection.close()

    def attendre_le_second():
        premier_cree.set()
        assert second_commence.wait(5)
        # The second now chooses its slug while the first's is not committed yet.
        threading.Event().wait(0.5)

    def commencer_apres_le_premier():
        assert premier_cree.wait(5)
        second_commence.set()

    fils = [
        threading.Thread(target=creer, args=(auteurs[0],), kwargs={"apres": attendre_le_second}),
        threading.Thread(
            target=creer, args=(auteurs[1],), kwargs={"avant": commencer_apres_le_premier}
        ),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(20)
    assert not any(fil.is_alive() for fil in fils) and erreurs == []
    assert dict(Fiche.objects.values_list("auteur", "slug")) == {
        auteurs[0].pk: "un-cafe",
        auteurs[1].pk: "un-cafe-2",
    }
