# The domain fixtures the demo tests build on (a small real geography, an author).
from tests.pratiques.conftest import auteur, geo  # noqa: F401
