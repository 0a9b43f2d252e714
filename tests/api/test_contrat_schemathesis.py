"""The API keeps its contract: schemathesis generates requests for every operation of
the live OpenAPI schema (new ones included, nothing is listed here) and fails on any
server error, undocumented status code, content type, header or body that does not
match the schema. Bounded: a fixed number of examples per operation, derandomized
(the same requests on every run)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.throttling import LIMITE_ANONYME, LIMITE_CLE
from config.wsgi import application
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import Geographie, fiche_publiee, moderateur_de

EXEMPLES_PAR_OPERATION = 25
VERIFICATIONS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def schema_openapi() -> dict:
    """The schema that /api/v1/schema/ serves, made the same way at collection time
    (one test per operation; schemathesis's lazy loader, which would read it from the
    running app, does not run under this pytest)."""
    # public=True, as the served view (SERVE_PUBLIC): operations that need a key with a
    # scope (imports) are in it too.
    generateur = SchemaGenerator(api_version="v1")
    return json.loads(OpenApiJsonRenderer().render(generateur.get_schema(public=True)))


SCHEMA = schema_openapi()
schema = schemathesis.openapi.from_dict(SCHEMA)
schema.app = application  # requests go to the app in-process (WSGI), on the test database


@pytest.fixture(autouse=True)
def donnees(db, settings):
    """Territories and published fiches, so that lists and details have something to
    show. Generated requests are never slowed down (a 429 is documented, but would
    hide what the other requests should have checked)."""
    settings.API_LIMITE_ANONYME = None
    settings.API_LIMITE_CLE = None
    geo = Geographie()
    auteur, moderateur = UtilisateurFactory(), moderateur_de(geo.nord)
    fiche_publiee(auteur, moderateur)
    fiche_publiee(auteur, moderateur, titre="Un jardin partagé", territoires=["departement:59"])
    # As Django's test client does: the end of a request must not close the test's
    # connection (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_le_schema_verifie_est_celui_que_sert_l_api(client, settings):
    settings.API_LIMITE_ANONYME, settings.API_LIMITE_CLE = LIMITE_ANONYME, LIMITE_CLE
    assert client.get("/api/v1/schema/", {"format": "json"}).json() == SCHEMA


@schema.parametrize()
@hypothesis(
    max_examples=EXEMPLES_PAR_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_chaque_operation_respecte_son_schema(case):
    case.call_and_validate(checks=VERIFICATIONS)
