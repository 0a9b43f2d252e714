"""Search results served from the cache (Redis): a page's counts and fiches are kept
under the hash of the statement that computes them (the normalised query, filters,
order and page: RechercheFilter makes one statement for one search; for the API's
first pages, the statement of pratiques.api.representation, which also holds the
scheme and host of its URLs) and the corpus
version (pratiques.models.VersionCorpus, which the triggers increment in the
transaction of every change of what search shows). A change makes a new version,
hence new keys: nothing stale is ever served, and nothing has to be deleted.

The version is read before the statement, in its own snapshot: a change committed in
between is stored under the older version, never the reverse. A cache that does not
answer is a miss, never an error.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from pratiques.models import VersionCorpus

logger = logging.getLogger(__name__)
T = TypeVar("T")
DUREE = 600  # seconds: a key of an old version is simply never asked again


def version() -> int | None:
    table = connection.ops.quote_name(VersionCorpus._meta.db_table)
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT numero FROM {table} WHERE id = 1")  # noqa: S608 — a model's table
        ligne = curseur.fetchone()
    return ligne[0] if ligne else None


def cle(requete: str, parametres: list, numero: int) -> str:
    empreinte = hashlib.sha256(f"{requete}\x00{parametres!r}".encode()).hexdigest()
    return f"recherche:{numero}:{empreinte}"


def lire(cle_: str | None):
    if cle_ is None:
        return None
    try:
        return cache.get(cle_)
    except Exception:  # noqa: BLE001 — the cache is an optimisation
        logger.warning("Cache de recherche indisponible (lecture).", exc_info=True)
        return None


def ecrire(cle_: str | None, valeur) -> None:
    if cle_ is None:
        return
    try:
        cache.set(cle_, valeur, DUREE)
    except Exception:  # noqa: BLE001 — the cache is an optimisation
        logger.warning("Cache de recherche indisponible (écriture).", exc_info=True)


def servir(requete: str, parametres: list, calculer: Callable[[], T]) -> T:
    """What the statement `requete` gives, from the cache for the current corpus
    version, else from `calculer()` (which runs it), then kept. Every cached search
    goes through here: one key scheme, one version."""
    cle_ = None
    if (numero := version()) is not None:
        cle_ = cle(requete, parametres, numero)
    trouve = lire(cle_)
    if trouve is None:
        trouve = calculer()
        ecrire(cle_, trouve)
    return trouve
