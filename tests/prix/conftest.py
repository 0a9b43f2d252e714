import pytest

from prix import services
from tests.pratiques.conftest import (  # noqa: F401 — shared fixtures
    admin_national,
    auteur,
    geo,
    moderateur_nord,
    moderateur_pas_de_calais,
    publier,
)
from tests.prix.factories import edition, jure


@pytest.fixture
def edition_ouverte(admin_national):  # noqa: F811 — the shared fixture
    """The 2027 edition, in its nominations phase."""
    return edition(admin_national)


@pytest.fixture
def jury_nord(edition_ouverte, moderateur_nord, geo):  # noqa: F811 — shared fixtures
    return services.ouvrir_jury(edition_ouverte, par=moderateur_nord, departement=geo.nord)


@pytest.fixture
def president_nord(jury_nord):
    return jure(jury_nord, president=True, email="presidente@exemple.fr", prenom="Paule")


@pytest.fixture
def jure_nord(jury_nord):
    return jure(jury_nord, email="jure@exemple.fr", prenom="Jules")


@pytest.fixture
def fiche_nord(publier, auteur):  # noqa: F811 — shared fixtures
    fiche = publier(titre="Un café des parents à Lille")
    fiche.auteur = auteur
    fiche.save(update_fields=["auteur"])
    return fiche
