# The domain fixtures the following tests build on.
from tests.pratiques.conftest import (  # noqa: F401
    admin_national,
    auteur,
    geo,
    moderateur_nord,
    publier,
)
