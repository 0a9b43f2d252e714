from datetime import date

import pytest

from essaimage import services
from pratiques.models import Fiche
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
def source(publier, auteur):  # noqa: F811
    """A published fiche in Lille (Nord), written by `auteur`."""
    fiche = publier(titre="Un café des familles à Fives")
    Fiche.objects.filter(pk=fiche.pk).update(auteur=auteur)
    fiche.refresh_from_db()
    return fiche


@pytest.fixture
def lectrice(db):
    return UtilisateurFactory(email="lectrice@exemple.fr", prenom="Léa")


@pytest.fixture
def declarer(lectrice):
    """Declare a reprise of a fiche: declarer(fiche, territoire, **textes)."""

    def _declarer(fiche, territoire, par=None, **textes):
        textes.setdefault("garde", "Le café hebdomadaire animé par les parents.")
        return services.declarer(
            fiche,
            par=par or lectrice,
            territoire=territoire,
            depuis=textes.pop("depuis", date(2024, 9, 15)),
            **textes,
        )

    return _declarer
