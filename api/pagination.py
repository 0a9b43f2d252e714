"""The API's pagination conventions, shared by every list.

- `page_size` sets the number of results a page: 20 by default, 100 at most; a larger
  value is brought down to 100, a value that is not a positive integer gives 20 (never
  an error: a client asking for too much still gets a page).
- A list walks pages through the links of its response, `next` and `previous` (null at
  either end): a client follows them rather than building addresses.
- A plain list paginates by page number (PaginationParPage: `page`, and `count`, the
  total, in each response). A list that must stay exact and fast however deep a
  client walks, or that a client syncs from, paginates by cursor (`cursor`, opaque):
  pratiques/api/pagination.py builds its keyset cursor on ConventionsDePagination.

A paginator of the API derives from ConventionsDePagination and one of DRF's
paginators; the /api/ page reads these figures, so the documentation follows them.
"""

from rest_framework.pagination import PageNumberPagination

TAILLE_PAR_DEFAUT = 20
TAILLE_MAX = 100
PARAMETRE_TAILLE = "page_size"
PARAMETRE_PAGE = "page"
PARAMETRE_CURSEUR = "cursor"


class ConventionsDePagination:
    """Page size and its parameter, as every list of the API takes them (a mixin for
    DRF's PageNumberPagination or CursorPagination)."""

    page_size = TAILLE_PAR_DEFAUT
    max_page_size = TAILLE_MAX
    page_size_query_param = PARAMETRE_TAILLE
    cursor_query_param = PARAMETRE_CURSEUR
    page_query_param = PARAMETRE_PAGE
    # What a page holds, for the parameter's description ("fiches", "territoires").
    elements = "résultats"
    # Former names of `page_size` a list still reads (when `page_size` is absent), so
    # that renaming a parameter to the convention breaks no client.
    anciens_noms_de_taille: tuple[str, ...] = ()

    def get_page_size(self, request) -> int:
        for nom in (self.page_size_query_param, *self.anciens_noms_de_taille):
            if nom in request.query_params:
                try:
                    taille = int(request.query_params[nom])
                except ValueError:
                    return self.page_size
                return min(taille, self.max_page_size) if taille > 0 else self.page_size
        return self.page_size

    def get_schema_operation_parameters(self, view):
        anciens = [
            {
                "name": nom,
                "required": False,
                "in": "query",
                "deprecated": True,
                "description": f"Ancien nom de `{self.page_size_query_param}`, lu quand "
                f"`{self.page_size_query_param}` est absent.",
                "schema": {"type": "integer"},
            }
            for nom in self.anciens_noms_de_taille
        ]
        return [*super().get_schema_operation_parameters(view), *anciens]

    @property
    def page_size_query_description(self) -> str:
        return (
            f"Nombre de {self.elements} par page\u00a0: {self.page_size} par défaut, "
            f"{self.max_page_size} au plus (une valeur plus grande est ramenée à "
            f"{self.max_page_size}, une valeur qui n’est pas un entier positif donne "
            f"{self.page_size})."
        )


class PaginationParPage(ConventionsDePagination, PageNumberPagination):
    """Page-number pagination: `page` (from 1) and `page_size`; the response gives
    `count`, `next`, `previous` and `results`. A page past the end answers 404."""

    page_query_description = "Numéro de la page, à partir de 1."
