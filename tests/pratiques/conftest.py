import itertools

import pytest

from comptes.models import Utilisateur
from pratiques import services
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import Geographie, contenu_complet, moderateur_de


@pytest.fixture
def geo(db):
    return Geographie()


@pytest.fixture
def auteur(db):
    return UtilisateurFactory(email="auteur@exemple.fr", prenom="Aurore")


@pytest.fixture
def moderateur_nord(geo):
    return moderateur_de(geo.nord, email="moderateur.nord@exemple.fr")


@pytest.fixture
def moderateur_pas_de_calais(geo):
    return moderateur_de(geo.pas_de_calais, email="moderateur.pdc@exemple.fr")


@pytest.fixture
def admin_national(db):
    return UtilisateurFactory(email="admin@exemple.fr", role=Utilisateur.Role.ADMIN_NATIONAL)


@pytest.fixture
def publier(geo, auteur):
    """Publish a fiche straight from content, as an import does: publier(titre="…")."""
    compteur = itertools.count()

    def _publier(**modifications):
        fiche, _ = services.importer(
            contenu=contenu_complet(**modifications),
            source="tests",
            identifiant=str(next(compteur)),
            publier=True,
        )
        return fiche

    return _publier
