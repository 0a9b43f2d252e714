"""The hand-built SQL of the discovery pages, recorded (syrupy): the search page with
words and filters and without, the API's list page and a territory's page. A change to
a statement shows up as a diff of tests/pratiques/__snapshots__/test_sql_recherche.ambr
in review; `pytest --snapshot-update` records the new text once it is understood.

Each statement is written with its placeholders, whitespace normalised then indented by
sqlparse (so that a diff points at a clause); a parameter shows as text when it is text
(long ones cut), otherwise as its type (ids differ from run to run)."""

from contextlib import contextmanager
from datetime import datetime

import pytest
import sqlparse
from django.db import connection

pytestmark = pytest.mark.django_db


def _parametre(valeur) -> str:
    if isinstance(valeur, str):
        texte = str(valeur)  # a TextChoices member as its value
        return repr(texte if len(texte) <= 60 else texte[:60] + "…")
    if isinstance(valeur, (list, tuple)):
        return "[" + ", ".join(sorted({_parametre(v) for v in valeur})) + "]"
    if isinstance(valeur, datetime):
        return "datetime"
    return type(valeur).__name__


@contextmanager
def instructions():
    """The statements run inside the block, as text: one per statement, its SQL with
    whitespace normalised, then its parameters."""
    lues = []

    def enregistrer(execute, sql, params, many, context):
        texte = sqlparse.format(" ".join(sql.split()), reindent=True)
        rendus = ", ".join(_parametre(p) for p in params or ())
        lues.append(f"{texte}\n-- parametres : {rendus}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(enregistrer):
        yield lues


def texte_des(lues) -> str:
    return "\n\n".join(lues) + "\n"


@pytest.fixture
def fiches(publier):
    publier(titre="Un café des parents à Lille")
    publier(
        titre="Une épicerie solidaire à Arras",
        territoires=["commune:62041"],
        thematiques=["alimentation"],
        statut_action="terminee",
    )


def test_la_page_de_recherche_avec_des_mots_et_des_filtres(client, fiches, snapshot):
    with instructions() as lues:
        reponse = client.get(
            "/pratiques/recherche/",
            {
                "q": "café parents",
                "thematique": "parentalite_familles",
                "departement": "59",
                "statut": "en_cours",
            },
        )
    assert reponse.status_code == 200
    assert texte_des(lues) == snapshot


def test_la_page_de_recherche_par_date_avec_des_mots(client, fiches, snapshot):
    with instructions() as lues:
        reponse = client.get("/pratiques/recherche/", {"q": "café", "tri": "date"})
    assert reponse.status_code == 200
    assert texte_des(lues) == snapshot


def test_la_page_de_recherche_sans_filtre(client, fiches, snapshot):
    with instructions() as lues:
        reponse = client.get("/pratiques/recherche/")
    assert reponse.status_code == 200
    assert texte_des(lues) == snapshot


def test_la_liste_de_l_api(client, fiches, snapshot):
    with instructions() as lues:
        reponse = client.get("/api/v1/pratiques/", {"thematique": "parentalite_familles"})
    assert reponse.status_code == 200
    assert texte_des(lues) == snapshot


def test_la_liste_de_l_api_par_pertinence(client, fiches, snapshot):
    with instructions() as lues:
        reponse = client.get("/api/v1/pratiques/", {"q": "café", "ordering": "pertinence"})
    assert reponse.status_code == 200
    assert texte_des(lues) == snapshot


def test_la_page_d_un_territoire(client, fiches, snapshot):
    with instructions() as lues:
        reponse = client.get(
            "/pratiques/territoire/departement/59/", {"thematique": "parentalite_familles"}
        )
    assert reponse.status_code == 200
    assert texte_des(lues) == snapshot
