"""The published fiches (all of them, or a search's results) as CSV or JSON, produced
piece by piece in bounded memory.

Each fiche is what the API shows: batches of TAILLE_LOT fiches go through
pratiques.api.representation.page_en_json (PostgreSQL builds the JSON of each fiche,
held equal to PratiqueSerializer by the pratiques tests); the JSON export writes those
texts as they come, the CSV export reads its cells from them (donnees.colonnes). So no
export can say something the API does not, nor anything it hides (the contact's
e-mail address, unpublished fiches).

Batches follow the API's default order, newest publication first, by keyset on
(publiee_le, fiche_id) — the search index's own index answers each batch without
OFFSET however deep — so memory holds one batch at a time, whatever the corpus.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.encoding import iri_to_uri
from rest_framework.versioning import NamespaceVersioning

from donnees.colonnes import COLONNES, ligne
from pratiques.api.pagination import ComparaisonLigne
from pratiques.api.representation import page_en_json
from pratiques.recherche import moteur

TAILLE_LOT = 1000


@dataclass(frozen=True)
class Adresses:
    """What the API's representation reads of a request to build its absolute URLs:
    scheme, host and API version — from the request of an export, or from SITE_URL
    for the nightly dump, which has none."""

    scheme: str
    hote: str
    version: str = settings.REST_FRAMEWORK["DEFAULT_VERSION"]

    versioning_scheme = NamespaceVersioning()
    GET = QueryDict()  # rest_framework.reverse keeps `?format=` from it: none here

    @classmethod
    def de_la_requete(cls, request) -> "Adresses":
        return cls(request.scheme, request.get_host())

    @classmethod
    def du_site(cls) -> "Adresses":
        morceaux = urlsplit(settings.SITE_URL)
        return cls(morceaux.scheme, morceaux.netloc)

    def get_host(self) -> str:
        return self.hote

    def build_absolute_uri(self, chemin: str) -> str:
        return iri_to_uri(f"{self.scheme}://{self.hote}{chemin}")


def lots(index: QuerySet, adresses: Adresses, *, texte: str = "") -> Iterator[list[str]]:
    """The API's JSON text of each fiche of `index` (IndexRecherche rows: published
    fiches, filtered or not), newest first, a list per batch; one query per batch.
    `texte`: the search's words, for the planner settings of a text search."""
    index = index.order_by(*moteur.PLUS_RECENTES)
    position = None
    while True:
        lot = (
            index
            if position is None
            else index.filter(ComparaisonLigne("publiee_le", "<", *position))
        )
        with moteur.reglages_de_recherche(texte):
            page = page_en_json(lot[:TAILLE_LOT], adresses)
        if not page.ids:
            return
        yield page.textes
        position = (page.publiees_le[-1], page.ids[-1])


class _Ligne:
    """csv.writer's file: writerow returns the line instead of storing it."""

    def write(self, texte: str) -> str:
        return texte


class Export:
    """An export being produced: iterate it for its bytes; `nombre` counts the fiches
    written so far."""

    format = ""
    type_mime = ""

    def __init__(self, index: QuerySet, adresses: Adresses, *, texte: str = ""):
        self.index, self.adresses, self.texte = index, adresses, texte
        self.nombre = 0

    def __iter__(self) -> Iterator[bytes]:
        raise NotImplementedError

    def _lots(self) -> Iterator[list[str]]:
        for textes in lots(self.index, self.adresses, texte=self.texte):
            self.nombre += len(textes)
            yield textes


class ExportCsv(Export):
    """RFC 4180 CSV, UTF-8, comma-separated, a header of column names (donnees.colonnes)."""

    format = "csv"
    type_mime = "text/csv; charset=utf-8"

    def __iter__(self) -> Iterator[bytes]:
        ecrivain = csv.writer(_Ligne(), lineterminator="\r\n")
        yield ecrivain.writerow([colonne.nom for colonne in COLONNES]).encode()
        for textes in self._lots():
            yield "".join(ecrivain.writerow(ligne(json.loads(t))) for t in textes).encode()


class ExportJson(Export):
    """A JSON array of fiches as the API shows them, one fiche a line."""

    format = "json"
    type_mime = "application/json"

    def __iter__(self) -> Iterator[bytes]:
        yield b"["
        separateur = "\n"
        for textes in self._lots():
            yield (separateur + ",\n".join(textes)).encode()
            separateur = ",\n"
        yield b"\n]\n"


EXPORTS: dict[str, type[Export]] = {classe.format: classe for classe in (ExportCsv, ExportJson)}
