"""Fixtures of the security tests: the roles and the fixtures of tests/pratiques."""

from tests.pratiques.conftest import (
    admin_national,
    auteur,
    geo,
    medias,
    moderateur_nord,
    moderateur_pas_de_calais,
)

__all__ = ["admin_national", "auteur", "geo", "medias", "moderateur_nord"]
__all__ += ["moderateur_pas_de_calais"]
