"""Helpers for tests that need the real geography (the snapshot in territoires/data)."""

from territoires.models import Niveau, Territoire
from territoires.services import importer_territoires


def importer_si_absente() -> None:
    """Import the shipped geography unless it is already in the database.

    A transactional test (live server, Celery worker) empties every table when it
    ends; the next test that needs the geography imports it again (about 2 s).
    """
    if not Territoire.objects.filter(niveau=Niveau.COMMUNE, actif=True).exists():
        importer_territoires()


def territoire(reference: str) -> Territoire:
    return Territoire.objects.par_reference(reference)
