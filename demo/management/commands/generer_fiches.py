"""`manage.py generer_fiches N [--graine 42] [--lot 2000]`: N realistic published fiches
(demo.generateur), or `--supprimer` to delete every generated fiche.

Text is generated in a background thread while the main thread writes the previous
batch: PostgreSQL computes the search vectors of batch k while Python writes batch k+1.
"""

import contextlib
import queue
import threading
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries

from demo.generateur import ecriture, fiches
from demo.generateur.referentiel import Referentiel


class Command(BaseCommand):
    help = (
        "Génère N fiches publiées réalistes (textes en français, communes réelles pondérées "
        "par leur population, vocabulaires réels), marquées source_import=« generateur ». "
        "--supprimer les efface toutes (et seulement elles)."
    )

    def add_arguments(self, parser):
        parser.add_argument("nombre", type=int, nargs="?", default=0, help="Fiches à créer.")
        parser.add_argument("--graine", type=int, default=42, help="Graine (déterministe).")
        parser.add_argument("--lot", type=int, default=2000, help="Fiches par transaction.")
        parser.add_argument(
            "--jusqu-au",
            type=datetime.fromisoformat,
            default=None,
            help="Fin de la période de publication (ISO 8601, par défaut aujourd’hui 0 h UTC).",
        )
        parser.add_argument(
            "--supprimer", action="store_true", help="Supprime toutes les fiches générées."
        )

    def handle(self, *args, nombre, graine, lot, jusqu_au, supprimer, **options):
        self.verbosite = options["verbosity"]
        if supprimer:
            debut = time.monotonic()
            total = ecriture.supprimer(par_lot=lot)
            self.dire(f"{total} fiches générées supprimées en {time.monotonic() - debut:.1f} s.")
            if not nombre:
                return
        if nombre <= 0:
            raise CommandError("Indiquez un nombre de fiches à générer (ou --supprimer).")
        if lot <= 0:
            raise CommandError("--lot doit être positif.")
        try:
            referentiel = Referentiel()
        except ValueError as erreur:
            raise CommandError(str(erreur)) from erreur
        fin = jusqu_au or fiches.aujourd_hui()
        if fin.tzinfo is None:
            raise CommandError(
                "--jusqu-au doit préciser un fuseau (par exemple 2026-01-01T00:00Z)."
            )
        premier = ecriture.prochain_rang(graine)
        rangs = range(premier, premier + nombre)
        self.dire(
            f"Génération de {nombre} fiches (graine {graine}, rangs {premier} à {rangs[-1]})…"
        )
        debut = time.monotonic()
        lots: queue.Queue = queue.Queue(maxsize=2)
        erreurs: list[BaseException] = []
        arret = threading.Event()

        def produire():
            try:
                for depart in range(0, nombre, lot):
                    if arret.is_set():
                        return
                    tranche = rangs[depart : depart + lot]
                    lots.put(
                        [fiches.generer(referentiel, graine, r, jusqu_au=fin) for r in tranche]
                    )
            except BaseException as erreur:  # noqa: BLE001 — re-raised in the main thread
                erreurs.append(erreur)
            finally:
                lots.put(None)

        producteur = threading.Thread(target=produire, name="generer_fiches", daemon=True)
        producteur.start()
        ecrites = 0
        try:
            attente = duree_ecriture = 0.0
            while True:
                top = time.monotonic()
                generees = lots.get()
                attente += time.monotonic() - top
                if generees is None:
                    break
                top = time.monotonic()
                ecriture.ecrire(referentiel, generees, graine)
                duree_ecriture += time.monotonic() - top
                reset_queries()  # with DEBUG, Django would keep every query of the run
                ecrites += len(generees)
                ecoule = time.monotonic() - debut
                self.dire(
                    f"  {ecrites}/{nombre} ({ecrites / ecoule:.0f} fiches/s; "
                    f"écriture {duree_ecriture:.1f} s, attente du texte {attente:.1f} s)"
                )
        finally:
            arret.set()
            while producteur.is_alive():  # unblock a producer waiting on a full queue
                with contextlib.suppress(queue.Empty):
                    lots.get(timeout=0.1)
            producteur.join()
        if erreurs:
            raise erreurs[0]
        self.dire(
            self.style.SUCCESS(
                f"{ecrites} fiches générées en {time.monotonic() - debut:.1f} s. "
                "Après un gros volume : VACUUM ANALYZE pratiques_fiche."
            )
        )

    def dire(self, message: str, niveau: int = 1) -> None:
        if self.verbosite >= niveau:
            self.stdout.write(message)
