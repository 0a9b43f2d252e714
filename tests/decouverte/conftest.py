# The domain fixtures the discovery tests build on (a small real geography, authors,
# moderators, a helper that publishes).
from tests.pratiques.conftest import (  # noqa: F401
    admin_national,
    auteur,
    geo,
    medias,
    moderateur_nord,
    moderateur_pas_de_calais,
    publier,
)
