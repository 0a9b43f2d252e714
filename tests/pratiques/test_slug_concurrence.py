"""Two drafts with the same title saved at the same moment: the second waits for the
first's slug, then takes the next one — no duplicate-key error (found by the mixed load
run, bench/bench_mixte.py)."""

import pytest

from pratiques import services
from pratiques.models import Fiche
from tests.comptes.factories import UtilisateurFactory
from tests.concurrence import en_concurrence
from tests.pratiques.factories import Geographie, contenu_complet

pytestmark = pytest.mark.django_db(transaction=True)


def test_deux_brouillons_du_meme_titre_en_meme_temps_ont_chacun_leur_adresse():
    Geographie()
    auteurs = [UtilisateurFactory(), UtilisateurFactory()]

    def creer(auteur):
        return lambda: services.creer_brouillon(
            auteur=auteur, contenu=contenu_complet(titre="Un café")
        )

    resultats = en_concurrence(creer(auteurs[0]), creer(auteurs[1]))
    assert all(isinstance(r, Fiche) for r in resultats), resultats
    assert dict(Fiche.objects.values_list("auteur", "slug")) == {
        auteurs[0].pk: "un-cafe",
        auteurs[1].pk: "un-cafe-2",
    }
