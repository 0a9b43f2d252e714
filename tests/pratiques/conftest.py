import itertools

import pytest

from comptes.models import Utilisateur
from pratiques import services
from pratiques.models import Fiche
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
    """Publish a fiche straight from content, as an import does: publier(titre="…");
    `publiee_le` dates its publication."""
    compteur = itertools.count()

    def _publier(publiee_le=None, **modifications):
        fiche, _ = services.importer(
            contenu=contenu_complet(**modifications),
            source="tests",
            identifiant=str(next(compteur)),
            publier=True,
        )
        if publiee_le is not None:
            Fiche.objects.filter(pk=fiche.pk).update(publiee_le=publiee_le)
            fiche.refresh_from_db()
        return fiche

    return _publier


@pytest.fixture
def medias(settings, tmp_path):
    """Uploaded files go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
