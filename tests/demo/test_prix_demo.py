"""The demo prize: last year's edition played through the services, with published
departmental and national laureates; loaded idempotently after the demo fiches."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from pratiques.models import Fiche
from prix.models import Edition, Jury, Laureat, Niveau
from tests.demo.test_fiches_demo import creer_territoires, references_utilisees

pytestmark = pytest.mark.django_db


def charger() -> str:
    sortie = StringIO()
    call_command("charger_prix_demo", stdout=sortie)
    return sortie.getvalue()


def test_une_edition_passee_avec_ses_laureates_publiees(db):
    creer_territoires(references_utilisees() | {"commune:59350", "departement:62", "region:94"})
    call_command("charger_fiches_demo", stdout=StringIO())
    assert "lauréate(s) nationale(s)" in charger()
    edition = Edition.objects.get()
    assert edition.annee == timezone.localdate().year - 1
    assert not Jury.objects.filter(publie_le__isnull=True).exists()
    nationales = Laureat.objects.filter(niveau=Niveau.NATIONAL)
    assert nationales.count() == 1
    # the national laureate was a departmental one
    assert Laureat.objects.filter(
        niveau=Niveau.DEPARTEMENTAL, fiche=nationales.get().fiche
    ).exists()
    assert set(Fiche.objects.filter(laureate=True).values_list("pk", flat=True)) == set(
        Laureat.objects.values_list("fiche", flat=True)
    )
    assert "rien à faire" in charger()
    assert Edition.objects.count() == 1
