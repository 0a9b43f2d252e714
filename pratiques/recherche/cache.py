"""Search results served from the cache (Redis): a page's counts and fiches are kept
under the hash of the statement that computes them (the normalised query, filters,
order and page: RechercheFilter makes one statement for one search; for the API's
first pages, the statement of pratiques.api.representation, which also holds the
scheme and host of its URLs), together with the corpus version
(pratiques.models.VersionCorpus, which the triggers increment in the transaction of
every change of what search shows) that the statement itself read, in its own
snapshot. An entry is served only while that version is the current one: nothing
stale is ever served, and nothing has to be deleted (a newer version overwrites it).

A hit costs one small query (the current version); a miss none besides the statement.
A cache that does not answer is a miss, never an error.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from pratiques.models import VersionCorpus

logger = logging.getLogger(__name__)
DUREE = 600  # seconds: an entry of an old version is recomputed, or expires
T = TypeVar("T")
# False: every search computed, none kept (bench/bench_recherche.py times misses).
ACTIF = True


def _sql_version() -> str:
    table = connection.ops.quote_name(VersionCorpus._meta.db_table)
    return f"SELECT numero FROM {table} WHERE id = 1"  # noqa: S608 — a model's table


def version() -> int | None:
    with connection.cursor() as curseur:
        curseur.execute(_sql_version())
        ligne = curseur.fetchone()
    return ligne[0] if ligne else None


def avec_version(requete: str) -> str:
    """`requete` with one more column, last: the corpus version in its snapshot."""
    return f"SELECT r.*, ({_sql_version()}) FROM ({requete}) AS r"  # noqa: S608 — ours


def cle(espace: str, requete: str, parametres: list) -> str:
    empreinte = hashlib.sha256(f"{requete}\x00{parametres!r}".encode()).hexdigest()
    return f"recherche:{espace}:{empreinte}"


def lire(cle_: str):
    try:
        return cache.get(cle_)
    except Exception:  # noqa: BLE001 — the cache is an optimisation
        logger.warning("Cache de recherche indisponible (lecture).", exc_info=True)
        return None


def ecrire(cle_: str, valeur) -> None:
    try:
        cache.set(cle_, valeur, DUREE)
    except Exception:  # noqa: BLE001 — the cache is an optimisation
        logger.warning("Cache de recherche indisponible (écriture).", exc_info=True)


def servir(
    espace: str, requete: str, parametres: list, calculer: Callable[[str], tuple[T, int | None]]
) -> T:
    """What the statement `requete` gives, from the cache while the corpus version is
    the one it was computed at; else `calculer(avec_version(requete))` runs it (with
    `parametres`) and returns the result and the version read (the rows' last
    column; None when there are no rows: then nothing is kept). `espace` names what
    is kept, and its shape (a new shape, a new name: an entry left by the code before
    a deployment is never misread). Every cached search goes through here: one key
    scheme, one version."""
    return servir_avec_version(espace, requete, parametres, calculer)[0]


def servir_avec_version(
    espace: str, requete: str, parametres: list, calculer: Callable[[str], tuple[T, int | None]]
) -> tuple[T, int | None]:
    """`servir`, with the corpus version the result belongs to (None: unknown, nothing
    kept), for what a caller derives from it and keeps under that version too."""
    cle_ = cle(espace, requete, parametres)
    if ACTIF and (trouve := lire(cle_)) is not None:
        numero, valeur = trouve
        if numero == version():
            return valeur, numero
    valeur, numero = calculer(avec_version(requete))
    if ACTIF and numero is not None:
        ecrire(cle_, (numero, valeur))
    return valeur, numero
