"""Two publications at the same time: the kept counts add both, and neither waits for
ever (the counts' rows are locked in the same order by every transaction)."""

import pytest

from pratiques import services
from pratiques.models import CompteFacette, IndexRecherche
from pratiques.recherche import moteur
from tests.concurrence import en_concurrence
from tests.pratiques.factories import Geographie, contenu_complet

pytestmark = pytest.mark.django_db(transaction=True)


def test_deux_publications_simultanees_comptent_toutes_les_deux():
    Geographie()

    def publier(identifiant):
        return lambda: services.importer(
            contenu=contenu_complet(titre=f"Fiche {identifiant}"),
            source="concurrence",
            identifiant=identifiant,
            publier=True,
        )

    resultats = en_concurrence(publier("1"), publier("2"))
    assert not [r for r in resultats if isinstance(r, Exception)], resultats

    assert IndexRecherche.objects.count() == 2
    assert CompteFacette.objects.get(facette="total").nombre == 2
    gardes = moteur.compter(moteur.index_publie())
    recomptes = moteur.compter(moteur.index_publie().filter(publiee_le__isnull=False))
    assert gardes == recomptes
