"""Batches read one ahead: while the caller writes a batch, a thread with a database
connection of its own reads the next one, so that PostgreSQL computes the next rows
while Python writes these (on two cores, an export takes about the longer of the two
instead of their sum: bench/README.md).

At most two batches are in memory: the one being written and the one read ahead. Only
outside a transaction: the thread's connection would not see what the caller's
transaction has not committed (tests, ATOMIC_REQUESTS), so there the batches are read
in turn, as without it.
"""

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

from django.db import connection

T = TypeVar("T")
_FIN = object()
ATTENTE = 0.5  # seconds between two looks at whether the caller gave up


def en_avance(lots: Iterator[list[T]]) -> Iterator[list[T]]:
    """The batches of `lots` (iterated by the thread), in order; an error raised while
    reading is raised here. Closing this iterator early (a client gone) stops the
    thread at its next batch."""
    if connection.in_atomic_block:
        yield from lots
        return
    prets: queue.Queue = queue.Queue()
    permis = threading.Semaphore(2)  # batches read and not yet written
    abandon = threading.Event()

    def lire() -> None:
        try:
            for lot in _avec_permis(lots, permis, abandon):
                prets.put(lot)
            prets.put(_FIN)
        except BaseException as erreur:  # noqa: BLE001 — handed over to the caller
            prets.put(erreur)
        finally:
            getattr(lots, "close", lambda: None)()  # here, on this thread's connection
            connection.close()  # this thread's own

    fil = threading.Thread(target=lire, name="export-en-avance", daemon=True)
    fil.start()
    try:
        while (lot := prets.get()) is not _FIN:
            if isinstance(lot, BaseException):
                raise lot
            yield lot
            permis.release()  # written: the next one may be read
    finally:
        abandon.set()
        permis.release()  # wakes a thread waiting for a permit
        fil.join()


def _avec_permis(
    lots: Iterator[list[T]], permis: threading.Semaphore, abandon: threading.Event
) -> Iterator[list[T]]:
    """`lots`, each read only once a permit is free, until the caller gives up."""
    while True:
        while not permis.acquire(timeout=ATTENTE):
            if abandon.is_set():
                return
        if abandon.is_set():
            return
        lot = next(lots, _FIN)
        if lot is _FIN:
            return
        yield lot
