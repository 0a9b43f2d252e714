"""A small published corpus with what must never be exported beside it."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from pratiques import services
from pratiques.models import Fiche
from tests.pratiques.conftest import (  # noqa: F401
    admin_national,
    auteur,
    geo,
    medias,
    moderateur_nord,
    publier,
)
from tests.pratiques.factories import fiche_soumise

EMAIL_SECRET = "secret.contact@centre-social.example.fr"


@dataclass
class Corpus:
    publiees: list[Fiche]
    brouillon: Fiche
    soumise: Fiche
    archivee: Fiche


@pytest.fixture
def corpus(geo, auteur, publier, admin_national) -> Corpus:  # noqa: F811 — fixtures
    maintenant = timezone.now()
    publiees = [
        publier(
            titre="Un café des familles à Fives",
            contact_email=EMAIL_SECRET,
            publiee_le=maintenant - timedelta(days=3),
        ),
        publier(
            titre="Jardin partagé « Les Oyats », avec des guillemets \"droits\"",
            thematiques=["politique_de_la_ville_cadre_de_vie", "isolement_lien_social"],
            publics=[],
            niveau_participation="",
            territoires=["commune:62041", "departement:59"],
            echelle="commune",
            contact_email="",
            description="Première ligne.\nDeuxième ligne, avec une virgule ; et un point-virgule.",
            partenaires=[
                {"nom": "Mairie | service jeunesse", "type": "", "role": ""},
                {"nom": "CAF du Pas-de-Calais", "type": "caf", "role": "Financement"},
            ],
            liens=[{"url": "https://exemple.fr/jardin", "titre": "Le jardin"}],
            sources=[{"document": "Rapport 2015", "reference": "p. 12"}],
            date_fin="2024-06-30",
            date_fin_precision="jour",
            statut_action="terminee",
            publiee_le=maintenant - timedelta(days=1),
        ),
        publier(titre="Des ateliers numériques à Roubaix", territoires=["commune:59512"],
                publiee_le=maintenant - timedelta(days=2)),
    ]  # fmt: skip
    brouillon = services.creer_brouillon(
        auteur=auteur, contenu={"titre": "Brouillon jamais exporté", "contact_email": EMAIL_SECRET}
    )
    soumise = fiche_soumise(auteur, titre="Fiche soumise jamais exportée")
    archivee = publier(titre="Fiche archivée jamais exportée")
    services.archiver(archivee, par=admin_national)
    return Corpus(publiees, brouillon, soumise, archivee)
