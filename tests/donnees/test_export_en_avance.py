"""Outside a transaction (as in production), the exports read each batch ahead on a
connection of their own (donnees.avance): the same bytes as batch after batch, an
error of the reading thread reaches the caller, and a download abandoned halfway stops
the thread and closes its connection."""

import threading

import pytest
from django.db import connection, transaction

from donnees import avance, export
from tests.donnees.test_exports import telecharger

pytestmark = pytest.mark.django_db(transaction=True)


def _fils_d_export() -> list[threading.Thread]:
    return [f for f in threading.enumerate() if f.name == "export-en-avance"]


@pytest.mark.parametrize("url", ["/donnees/export.csv", "/donnees/export.json"])
def test_lu_en_avance_l_export_est_celui_lu_lot_apres_lot(client, corpus, monkeypatch, url):
    monkeypatch.setattr(export, "TAILLE_LOT", 1)  # three batches
    lus = []
    original = avance._avec_permis

    def espion(lots, permis, abandon):
        for lot in original(lots, permis, abandon):
            lus.append(threading.current_thread().name)
            yield lot

    monkeypatch.setattr(avance, "_avec_permis", espion)
    en_avance = telecharger(client, url)
    assert lus == ["export-en-avance"] * 3, "read by the thread"
    with transaction.atomic():  # the thread could not see this transaction: in turn
        en_ordre = telecharger(client, url)
    assert len(lus) == 3
    assert en_avance == en_ordre
    assert en_avance.count(b"/pratiques/fiche/") >= 3


def test_une_erreur_du_fil_parvient_a_l_appelant(db):
    def lots():
        yield [1]
        raise RuntimeError("lecture impossible")

    lus = avance.en_avance(lots())
    assert next(lus) == [1]
    with pytest.raises(RuntimeError, match="lecture impossible"):
        next(lus)
    assert not _fils_d_export()


def test_un_telechargement_abandonne_arrete_le_fil(db):
    fermes = []

    def lots():
        try:
            for numero in range(1000):
                with connection.cursor() as curseur:  # the thread's own connection
                    curseur.execute("SELECT %s", [numero])
                    yield [curseur.fetchone()[0]]
        finally:
            fermes.append(True)

    lus = avance.en_avance(lots())
    assert next(lus) == [0] and next(lus) == [1]
    lus.close()  # the client went away
    assert not _fils_d_export()
    assert fermes == [True], "the batches' generator was closed by its thread"
