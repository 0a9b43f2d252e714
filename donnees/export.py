"""The published fiches (all of them, or a search's results) as CSV or JSON, produced
piece by piece in bounded memory.

Each fiche is what the API shows: batches of TAILLE_LOT fiches go through the
statement of pratiques.api.representation (PostgreSQL builds each field of the API's
JSON of each fiche, held equal to PratiqueSerializer by the pratiques tests). The JSON
export writes each fiche's JSON text as it comes; the CSV export has the same statement
compute each cell from those fields (donnees.colonnes, `sql_des_cellules`), so its
rows arrive as plain texts for the csv writer, with no JSON to parse in Python (that
was about a third of the export's CPU time; having PostgreSQL write the CSV lines too
cost it more than it saved Python: bench/README.md). So no export can say something
the API does not, nor anything it hides (the contact's e-mail address, unpublished
fiches).

Batches follow the API's default order, newest publication first, by keyset on
(publiee_le, fiche_id) — the search index's own index answers each batch without
OFFSET however deep — so memory holds two batches at a time (the one written and the
one read ahead: donnees.avance), whatever the corpus.
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.encoding import iri_to_uri
from rest_framework.versioning import NamespaceVersioning

from donnees.avance import en_avance
from donnees.colonnes import COLONNES, sql_des_cellules
from pratiques.api.pagination import ComparaisonLigne
from pratiques.api.representation import instruction_page, page_en_json, requete_page
from pratiques.recherche import moteur

TAILLE_LOT = 1000
T = TypeVar("T")
Cle = tuple  # (publiee_le, fiche id) of a batch's last fiche

# The CSV rows of a batch, in three levels kept apart by OFFSET 0 (so that a value read
# by several expressions of the level above is computed once): the API's fields of
# each fiche, the cells computed from them (donnees.colonnes.sql_des_cellules), the
# cells in order; the keyset of each row last.
_CALCULS, _CELLULES = sql_des_cellules("x")
REQUETE_CSV = (
    f"SELECT {', '.join(_CELLULES)}, y.publiee_le_, y.id_ FROM ("  # noqa: S608 — names of ours, values are parameters
    f"SELECT {', '.join(_CALCULS)}, x.publiee_le_, x.id_, x.rang_ FROM ("
    + requete_page("fiche.*, f.publiee_le AS publiee_le_, f.id AS id_, demande.rang AS rang_")
    + " OFFSET 0) AS x OFFSET 0) AS y ORDER BY y.rang_"
)  # fmt: skip


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


def _par_lots(
    index: QuerySet, texte: str, lire: Callable[[QuerySet], tuple[list[T], Cle | None]]
) -> Iterator[list[T]]:
    """What `lire` gives of each batch of `index` (IndexRecherche rows: published
    fiches, filtered or not), newest first; `lire` reads a batch (a sliced queryset)
    in one query and returns its items and the key of its last fiche (None: empty).
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
            elements, position = lire(lot[:TAILLE_LOT])
        if position is None:
            return
        yield elements


def lots(index: QuerySet, adresses: Adresses, *, texte: str = "") -> Iterator[list[str]]:
    """The API's JSON text of each fiche of `index`, newest first, a list per batch."""

    def lire(lot: QuerySet) -> tuple[list[str], Cle | None]:
        page = page_en_json(lot, adresses)
        return page.textes, (page.publiees_le[-1], page.ids[-1]) if page.ids else None

    return _par_lots(index, texte, lire)


def lots_csv(index: QuerySet, adresses: Adresses, *, texte: str = "") -> Iterator[list[tuple]]:
    """The CSV cells of each fiche of `index` (a tuple in the order of COLONNES),
    newest first, a list per batch."""

    def lire(lot: QuerySet) -> tuple[list[tuple], Cle | None]:
        with connection.cursor() as curseur:
            curseur.execute(*instruction_page(lot, adresses, requete_de_page=REQUETE_CSV))
            lignes = curseur.fetchall()
        return lignes, lignes[-1][-2:] if lignes else None

    return _par_lots(index, texte, lire)


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

    def _compter(self, lots_: Iterator[list[T]]) -> Iterator[list[T]]:
        for lot in lots_:
            self.nombre += len(lot)
            yield lot


class ExportCsv(Export):
    """RFC 4180 CSV, UTF-8, comma-separated, a header of column names (donnees.colonnes)."""

    format = "csv"
    type_mime = "text/csv; charset=utf-8"

    def __iter__(self) -> Iterator[bytes]:
        tampon = io.StringIO()
        ecrivain = csv.writer(tampon, lineterminator="\r\n")

        def ecrit() -> bytes:
            texte = tampon.getvalue()
            tampon.seek(0)
            tampon.truncate()
            return texte.encode()

        ecrivain.writerow([colonne.nom for colonne in COLONNES])
        yield ecrit()
        nombre = len(COLONNES)  # then each row's keyset, not written
        lignes = en_avance(lots_csv(self.index, self.adresses, texte=self.texte))
        for lot in self._compter(lignes):
            ecrivain.writerows(ligne[:nombre] for ligne in lot)
            yield ecrit()


class ExportJson(Export):
    """A JSON array of fiches as the API shows them, one fiche a line."""

    format = "json"
    type_mime = "application/json"

    def __iter__(self) -> Iterator[bytes]:
        yield b"["
        separateur = "\n"
        for textes in self._compter(en_avance(lots(self.index, self.adresses, texte=self.texte))):
            yield (separateur + ",\n".join(textes)).encode()
            separateur = ",\n"
        yield b"\n]\n"


EXPORTS: dict[str, type[Export]] = {classe.format: classe for classe in (ExportCsv, ExportJson)}
