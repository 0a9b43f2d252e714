import pytest

from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.conftest import (  # noqa: F401 — shared fixtures
    admin_national,
    auteur,
    geo,
    moderateur_nord,
    moderateur_pas_de_calais,
    publier,
)


@pytest.fixture
def animatrice(db):
    return UtilisateurFactory(email="animatrice@exemple.fr", prenom="Nadia", nom="Benali")
