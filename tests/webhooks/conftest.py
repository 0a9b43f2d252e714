import pytest

from tests.webhooks import recepteur as module_recepteur


@pytest.fixture
def recepteur():
    """A receiver listening on the loopback; the test gives it the endpoint's secret."""
    recepteur, serveur = module_recepteur.demarrer()
    yield recepteur
    serveur.shutdown()
    serveur.server_close()
