from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.viewsets import ReadOnlyModelViewSet

from territoires.api.serializers import TerritoireDetailSerializer, TerritoireSerializer
from territoires.filters import TerritoireFilter
from territoires.models import Territoire


class TerritoirePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "taille"
    max_page_size = 100


@extend_schema_view(
    list=extend_schema(
        description=(
            "La géographie officielle (Code officiel géographique) et les pays étrangers. "
            "Un territoire se désigne par sa référence «\u00a0niveau:code\u00a0»\u00a0: "
            "commune:59350, departement:2A, epci:200093201, pays:BE\u00a0; pays:FR désigne "
            "la France entière. "
            "Avec `q`, les résultats sont classés\u00a0: code exact, nom exact, début du nom, "
            "puis population."
        )
    ),
    retrieve=extend_schema(
        description="Un territoire, les territoires qui le contiennent et le lien vers ceux "
        "qu’il regroupe."
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
