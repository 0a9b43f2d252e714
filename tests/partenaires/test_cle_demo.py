"""`make run` (preparer_donnees) gives the demo partner a key, printed once."""

import io
import re

import pytest
from django.core.management import call_command

from comptes.models import Utilisateur
from partenaires.models import CleApi
from tests.partenaires.factories import entete

pytestmark = pytest.mark.django_db


def lancer(*arguments) -> str:
    sortie = io.StringIO()
    call_command("creer_cle_demo", *arguments, stdout=sortie)
    return sortie.getvalue()


def test_la_cle_de_demo_est_affichee_une_fois_et_fonctionne(client):
    premiere = lancer()
    (texte,) = set(re.findall(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", premiere))
    partenaire = Utilisateur.objects.get(email="partenaire@demo.pratiques.local")
    assert partenaire.gere_les_cles and partenaire.organisation.nom == "CAF de démonstration"
    assert client.get("/api/v1/pratiques/", **entete(texte)).status_code == 200

    # Run again: nothing new, nothing secret printed.
    deuxieme = lancer()
    assert "already exists" in deuxieme
    assert not re.findall(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", deuxieme)
    assert CleApi.objects.count() == 1

    # --nouvelle: the old key is revoked, a new one printed.
    troisieme = lancer("--nouvelle")
    (nouvelle,) = set(re.findall(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", troisieme))
    assert nouvelle != texte
    assert client.get("/api/v1/pratiques/", **entete(texte)).status_code == 401
    assert client.get("/api/v1/pratiques/", **entete(nouvelle)).status_code == 200
