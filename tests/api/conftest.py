import pytest

from territoires.models import Niveau
from tests.pratiques.factories import Geographie, territoire


@pytest.fixture
def geographie(db):
    """A small slice of the COG and enough communes to fill more than the largest page,
    created in the test's transaction (the full import would outlive the test)."""
    geo = Geographie()
    for rang in range(110):
        territoire(Niveau.COMMUNE, f"99{rang:03d}", f"Commune {rang}", geo.mel)
    return geo
