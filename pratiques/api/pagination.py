"""Pagination of /api/v1/pratiques/.

Date orders are keyset pages on a unique key, (date, id): the cursor carries the last
row's key and the next page is `WHERE (date, id) < (…, …)`, answered from the index
(-publiee_le, -id) however deep the page, with no OFFSET and no row seen twice or
skipped. DRF's own CursorPagination keys on the first column only and falls back to
an OFFSET capped at 1,000 when values tie, which a bulk update of `modifiee_le` could
break; so this class keeps DRF's parameters and cursor encoding, and compares rows.

Relevance ranks a bounded candidate set (pratiques.recherche.ordonner, CANDIDATS =
1,000 fiches); its cursor is an offset inside that ranking, so relevance order stops
at 1,000 results. Date orders walk everything.

Page size and parameter names follow the API's conventions (api/pagination.py).
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from urllib import parse

from django.db.models import BooleanField, F, Func, Value
from django.http import HttpResponse
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.pagination import ConventionsDePagination
from pratiques.recherche import CANDIDATS

PERTINENCE = "pertinence"
TRI_PAR_DEFAUT = "-publiee_le"
# The public value of `ordering` → the unique order it stands for.
TRIS = {
    "-publiee_le": ("publiee_le", True),
    "publiee_le": ("publiee_le", False),
    "-modifiee_le": ("modifiee_le", True),
    "modifiee_le": ("modifiee_le", False),
}
VALEURS_TRI = [PERTINENCE, *TRIS]
PK_MAX = 2**63 - 1

MESSAGE_CURSEUR_INVALIDE = (
    "Curseur invalide : reprenez tel quel le lien `next` ou `previous` d’une réponse, "
    "ou repartez de la première page (sans `cursor`)."
)


class ComparaisonLigne(Func):
    """`(champ, id) < (valeur, pk)` (or `>`): a row comparison, which PostgreSQL
    answers with an index range scan on (champ, id)."""

    output_field = BooleanField()

    def __init__(self, champ: str, operateur: str, valeur, pk: int):
        if operateur not in ("<", ">"):
            raise ValueError(operateur)
        self.operateur = operateur
        super().__init__(F(champ), F("pk"), Value(valeur), Value(pk))

    def as_sql(self, compiler, connection, **extra_context):
        morceaux, parametres = [], []
        for expression in self.get_source_expressions():
            sql, params = compiler.compile(expression)
            morceaux.append(sql)
            parametres.extend(params)
        a, b, x, y = morceaux
        return f"({a}, {b}) {self.operateur} ({x}, {y})", parametres


@dataclass(frozen=True)
class Curseur:
    tri: str
    position: tuple[datetime, int] | None = None  # key of a boundary row (date orders)
    arriere: bool = False  # previous page: rows before the position
    decalage: int = 0  # offset in the relevance ranking


class PaginationPratiques(ConventionsDePagination, CursorPagination):
    elements = "fiches"
    template = None
    cursor_query_description = (
        "Curseur de la page, à reprendre tel quel des liens `next` et `previous` "
        "(valeur opaque ; un curseur vaut pour le tri avec lequel il a été obtenu)."
    )

    def paginate_queryset(self, queryset, request, view=None):
        """The page of `queryset` (IndexRecherche rows, already filtered and, for
        relevance, ranked) in the order `view.tri`, one row more than the page to know
        whether another follows: a queryset, not evaluated (pratiques.api.representation
        reads it in the statement that builds the JSON); `conclure` then takes the rows'
        keys. A bad cursor is a 400, never a 500."""
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.tri = view.tri
        self.curseur = self.decode_cursor(request)
        self.suivant = self.precedent = None
        if self.tri == PERTINENCE:
            self.debut = self.curseur.decalage if self.curseur else 0
            self.fin = min(self.debut + self.page_size, CANDIDATS)
            return queryset[self.debut : self.fin + 1]
        champ, descendant = TRIS[self.tri]
        self.arriere = self.curseur is not None and self.curseur.arriere
        # Going backwards reads the rows before the position in reverse order.
        a_rebours = descendant != self.arriere
        ordre = [f"-{champ}", "-pk"] if a_rebours else [champ, "pk"]
        queryset = queryset.order_by(*ordre)
        if self.curseur is not None:
            valeur, pk = self.curseur.position
            operateur = "<" if a_rebours else ">"
            queryset = queryset.filter(ComparaisonLigne(champ, operateur, valeur, pk))
        return queryset[: self.page_size + 1]

    @property
    def premiere_page(self) -> bool:
        return self.curseur is None

    def conclure(self, cles: list[tuple[datetime, datetime, int]]) -> list[int]:
        """`cles`: (publiee_le, modifiee_le, pk) of the rows read, in their order. Sets
        the links and returns the positions of the page's rows, in the page's order."""
        if self.tri == PERTINENCE:
            positions = list(range(min(len(cles), self.fin - self.debut)))
            if len(cles) > len(positions) and self.fin < CANDIDATS:
                self.suivant = Curseur(self.tri, decalage=self.fin)
            if self.debut > 0:
                self.precedent = Curseur(self.tri, decalage=max(0, self.debut - self.page_size))
            return positions
        rang = 0 if TRIS[self.tri][0] == "publiee_le" else 1
        encore = len(cles) > self.page_size
        positions = list(range(min(len(cles), self.page_size)))
        if self.arriere:
            positions.reverse()

        def cle(position):
            return cles[position][rang], cles[position][2]

        if self.arriere:
            self.precedent = Curseur(self.tri, cle(positions[0]), arriere=True) if encore else None
            # Nothing before the position: the next page is the first one.
            self.suivant = Curseur(self.tri, cle(positions[-1]) if positions else None)
        else:
            self.suivant = Curseur(self.tri, cle(positions[-1])) if encore else None
            if self.curseur is not None:
                position = cle(positions[0]) if positions else self.curseur.position
                self.precedent = Curseur(self.tri, position, arriere=True)
        return positions

    # --- Cursors ------------------------------------------------------------------------

    def encode_cursor(self, curseur: Curseur) -> str:
        if curseur.position is None and curseur.decalage == 0 and not curseur.arriere:
            # The first page has no cursor (and carries the counts).
            return remove_query_param(self.base_url, self.cursor_query_param)
        jetons = {"t": curseur.tri}
        if curseur.position is not None:
            valeur, pk = curseur.position
            jetons["p"] = f"{valeur.isoformat()}|{pk}"
        if curseur.arriere:
            jetons["r"] = "1"
        if curseur.decalage:
            jetons["o"] = str(curseur.decalage)
        code = base64.urlsafe_b64encode(parse.urlencode(jetons).encode("ascii")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, code)

    def decode_cursor(self, request) -> Curseur | None:
        code = request.query_params.get(self.cursor_query_param)
        if code is None:
            return None
        try:
            texte = base64.urlsafe_b64decode(code.encode("ascii")).decode("ascii")
            jetons = parse.parse_qs(texte, strict_parsing=True)
            tri = jetons["t"][0]
            arriere = jetons.get("r", ["0"])[0] == "1"
            decalage = int(jetons.get("o", ["0"])[0])
            position = None
            if "p" in jetons:
                date, pk = jetons["p"][0].rsplit("|", 1)
                position = (datetime.fromisoformat(date), int(pk))
        except (KeyError, IndexError, ValueError, TypeError, binascii.Error) as erreur:
            raise ValidationError({self.cursor_query_param: [MESSAGE_CURSEUR_INVALIDE]}) from erreur
        if tri != self.tri:
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        f"Ce curseur a été obtenu avec le tri « {tri} », pas « {self.tri} » : "
                        "gardez le même `ordering` d’une page à l’autre."
                    ]
                }
            )
        if tri == PERTINENCE:
            valide = position is None and not arriere and 0 < decalage < CANDIDATS
        else:
            valide = (
                position is not None
                and decalage == 0
                and position[0].tzinfo is not None
                and 0 < position[1] <= PK_MAX
            )
        if not valide:
            raise ValidationError({self.cursor_query_param: [MESSAGE_CURSEUR_INVALIDE]})
        return Curseur(tri, position, arriere, decalage)

    # --- Response -----------------------------------------------------------------------

    def get_next_link(self):
        return self.encode_cursor(self.suivant) if self.suivant else None

    def get_previous_link(self):
        return self.encode_cursor(self.precedent) if self.precedent else None

    def get_paginated_response(self, resultats: str, *, total=None, facettes=None):
        """The page: links, counts, and `resultats`, the JSON text of the fiches
        (pratiques.api.representation), put in as it is rather than parsed again."""
        entete = json.dumps(
            {
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "total": total,
                "facettes": facettes,
            },
            cls=JSONEncoder,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        corps = f'{entete[:-1]},"results":{resultats}}}'
        return HttpResponse(corps.encode(), content_type="application/json")
