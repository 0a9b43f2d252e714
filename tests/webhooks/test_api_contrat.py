"""/api/v1/webhooks/ keeps its contract with a key: the shared contract run
(tests/api/test_contrat_schemathesis.py) calls these operations without a key, so
they only answer 401 there; here schemathesis generates requests for each of them
with a key that has the `webhooks` scope (bounded, derandomized), and fails on any
server error or answer that the schema does not document."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis

from config.wsgi import application
from partenaires.models import Portee
from tests.api.test_contrat_schemathesis import EXEMPLES_PAR_OPERATION, SCHEMA, VERIFICATIONS
from tests.partenaires.factories import nouvelle_cle
from tests.webhooks.factories import point

schema = schemathesis.openapi.from_dict(SCHEMA).include(path_regex="^/api/v1/webhooks/")
schema.app = application


@pytest.fixture
def cle(db, settings):
    settings.API_LIMITE_ANONYME = None
    settings.API_LIMITE_CLE = None
    cle, texte = nouvelle_cle(portees=(Portee.WEBHOOKS,))
    # Something to read, change and test (generated ids mostly name nothing: 404).
    point("https://recepteur.example.org/crochet", cle.organisation)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield texte
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis(
    max_examples=EXEMPLES_PAR_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_chaque_operation_des_webhooks_respecte_son_schema_avec_une_cle(case, cle):
    case.call_and_validate(checks=VERIFICATIONS, headers={"Authorization": f"Api-Key {cle}"})
