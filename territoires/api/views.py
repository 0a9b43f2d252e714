from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import NotFound
from rest_framework.viewsets import ReadOnlyModelViewSet

from api.pagination import PaginationParPage
from api.schema import ERREURS_DE_PARAMETRES
from territoires.api.serializers import TerritoireDetailSerializer, TerritoireSerializer
from territoires.filters import TerritoireFilter
from territoires.models import Territoire


class TerritoirePagination(PaginationParPage):
    elements = "territoires"
    # The size parameter was `taille` until December 2026 (see api/journal.py).
    anciens_noms_de_taille = ("taille",)


# Filters by reference: their labels, which the automatic guess does not read.
PARAMETRES_REFERENCE = [
    OpenApiParameter(nom, str, description=TerritoireFilter.base_filters[nom].label)
    for nom in ("parent", "dans")
]


@extend_schema_view(
    list=extend_schema(
        summary="Chercher des territoires",
        description=(
            "La géographie officielle (Code officiel géographique) et les pays étrangers. "
            "Un territoire se désigne par sa référence «\u00a0niveau:code\u00a0»\u00a0: "
            "commune:59350, departement:2A, epci:200093201, pays:BE\u00a0; pays:FR désigne "
            "la France entière. "
            "Avec `q`, les résultats sont classés\u00a0: code exact, nom exact, début du nom, "
            "puis population."
        ),
        parameters=PARAMETRES_REFERENCE,
        responses={200: TerritoireSerializer, 400: ERREURS_DE_PARAMETRES},
    ),
    retrieve=extend_schema(
        summary="Lire un territoire",
        description="Un territoire, les territoires qui le contiennent et le lien vers ceux "
        "qu’il regroupe.",
        responses={
            200: TerritoireDetailSerializer,
            404: OpenApiResponse(description="Aucun territoire ne correspond à cette référence."),
        },
    ),
)
class TerritoireViewSet(ReadOnlyModelViewSet):
    """Read-only territories, looked up by reference ("commune:59350")."""

    queryset = Territoire.objects.hierarchique().select_related("successeur")
    filter_backends = [DjangoFilterBackend]
    filterset_class = TerritoireFilter
    pagination_class = TerritoirePagination
    lookup_field = "reference"
    lookup_value_regex = r"[a-z]+:[0-9A-Za-z]+"

    def get_serializer_class(self):
        return TerritoireDetailSerializer if self.action == "retrieve" else TerritoireSerializer

    def get_object(self):
        try:
            return self.get_queryset().par_reference(self.kwargs["reference"])
        except (ValueError, Territoire.DoesNotExist) as erreur:
            raise NotFound("Aucun territoire ne correspond à cette référence.") from erreur
