import pytest

from imports import services
from tests.comptes.factories import OrganisationFactory
from tests.pratiques.factories import Geographie


@pytest.fixture
def geo(db):
    return Geographie()


@pytest.fixture
def stockage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def organisation(db):
    return OrganisationFactory(nom="CAF du Nord")


@pytest.fixture
def importer(organisation, stockage, geo, django_capture_on_commit_callbacks):
    """Send a file and process it in this process, as the task does."""

    def _importer(fichier, *, simulation=False, organisation=organisation):
        with django_capture_on_commit_callbacks(execute=False):
            import_ = services.envoyer(organisation, fichier, simulation=simulation)
        services.traiter(import_.pk)
        import_.refresh_from_db()
        return import_

    return _importer
