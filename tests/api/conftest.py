import pytest

from tests.territoires.outils import importer_si_absente


@pytest.fixture(scope="session")
def geographie_session(django_db_setup, django_db_blocker):
    """The real geography, imported once per session outside any test transaction
    (as in tests/territoires)."""
    with django_db_blocker.unblock():
        importer_si_absente()


@pytest.fixture
def geographie(geographie_session, django_db_blocker):
    with django_db_blocker.unblock():
        importer_si_absente()
