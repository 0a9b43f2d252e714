"""The nightly dumps: the whole published corpus written to the default storage as
CSV and JSON, each recorded (date, size, SHA-256, number of fiches) in a Depot, and
the dumps older than JOURS_CONSERVES days deleted — the newest of each format is
always kept, should the task have failed for days."""

import hashlib
import tempfile
from contextlib import contextmanager
from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from donnees.export import EXPORTS, Adresses
from donnees.models import Depot
from pratiques.recherche import moteur

JOURS_CONSERVES = 7
PREFIXE = "pratiques-inspirantes"


@contextmanager
def instantane():
    """One snapshot of the database for the whole dump (REPEATABLE READ, read only),
    so the rows of every batch belong to the same moment; inside a transaction opened
    by the caller (tests), that one's."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def deposer_un(format: str, *, maintenant=None) -> Depot:
    """Write the full dump in `format` and record it."""
    maintenant = maintenant or timezone.now()
    export = EXPORTS[format](moteur.index_publie(), Adresses.du_site())
    empreinte, taille = hashlib.sha256(), 0
    with tempfile.TemporaryFile() as tampon:
        with instantane():
            for morceau in export:
                tampon.write(morceau)
                empreinte.update(morceau)
                taille += len(morceau)
        tampon.seek(0)
        horodatage = timezone.localtime(maintenant).strftime("%Y-%m-%d-%H%M%S")
        nom = default_storage.save(
            f"{Depot._meta.get_field('fichier').upload_to}{PREFIXE}-{horodatage}.{format}",
            File(tampon),
        )
    return Depot.objects.create(
        cree_le=maintenant,
        format=format,
        taille=taille,
        sha256=empreinte.hexdigest(),
        fichier=nom,
        nombre_fiches=export.nombre,
    )


def purger(*, maintenant=None) -> int:
    """Delete the dumps older than JOURS_CONSERVES days but the newest of each format;
    return how many were deleted."""
    limite = (maintenant or timezone.now()) - timedelta(days=JOURS_CONSERVES)
    derniers = [
        pk
        for format in Depot.Format
        for pk in Depot.objects.filter(format=format)
        .order_by("-cree_le")
        .values_list("pk", flat=True)[:1]
    ]
    anciens = Depot.objects.filter(cree_le__lt=limite).exclude(pk__in=derniers)
    supprimes = 0
    for depot in anciens:
        default_storage.delete(depot.fichier.name)  # a missing file is no error
        depot.delete()
        supprimes += 1
    return supprimes


def deposer(*, maintenant=None) -> list[Depot]:
    """Tonight's dumps, one per format, then the pruning of old ones."""
    depots = [deposer_un(format, maintenant=maintenant) for format in Depot.Format]
    purger(maintenant=maintenant)
    return depots
