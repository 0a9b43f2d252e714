"""Two transactions at the same moment, in a known order, for the tests of what the
database's locks guarantee."""

import threading

from django.db import connection, transaction

ATTENTE = 0.5  # seconds the first keeps its transaction open once the second began


def en_concurrence(premiere, seconde) -> list:
    """Run `premiere()` and `seconde()`, each on a thread of its own in a transaction
    of its own: the second starts once the first has done its work, and the first
    commits ATTENTE seconds later, so that the second meets the first's locks or its
    uncommitted rows. Returns what each returned, or the exception it raised."""
    premiere_faite, seconde_commence = threading.Event(), threading.Event()
    resultats = [None, None]

    def executer(rang, travail, avant, apres):
        try:
            with transaction.atomic():
                avant()
                resultats[rang] = travail()
                apres()
        except Exception as erreur:  # noqa: BLE001 — returned to the test
            resultats[rang] = erreur
        finally:
            connection.close()

    def laisser_commencer_la_seconde():
        premiere_faite.set()
        assert seconde_commence.wait(5)
        threading.Event().wait(ATTENTE)

    def attendre_la_premiere():
        assert premiere_faite.wait(5)
        seconde_commence.set()

    fils = [
        threading.Thread(
            target=executer, args=(0, premiere, lambda: None, laisser_commencer_la_seconde)
        ),
        threading.Thread(target=executer, args=(1, seconde, attendre_la_premiere, lambda: None)),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(20)
    assert not any(fil.is_alive() for fil in fils), "a transaction waits for ever"
    return resultats
