"""/api/v1/prix/editions/ and /api/v1/prix/laureats/: the prize, read-only."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.viewsets import ReadOnlyModelViewSet

from api.pagination import PaginationParPage
from prix.api.serializers import EditionResumeSerializer, EditionSerializer, LaureatSerializer
from prix.filters import LaureatFilter
from prix.models import Critere, Edition, Laureat


class PaginationEditions(PaginationParPage):
    elements = "éditions"


class PaginationLaureats(PaginationParPage):
    elements = "lauréats"


@extend_schema_view(
    list=extend_schema(
        summary="Lister les éditions du prix",
        description="Les éditions du prix départemental et national, de la plus récente à "
        "la plus ancienne, avec leur phase en cours et leur mois de l’innovation.",
        responses={200: EditionResumeSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="Lire une édition du prix",
        description="Une édition désignée par son année : son calendrier (phases et dates) "
        "et la grille du jury (critères, descriptions et coefficients).",
        responses={
            200: EditionSerializer,
            404: OpenApiResponse(description="Aucune édition pour cette année."),
        },
    ),
)
class EditionViewSet(ReadOnlyModelViewSet):
    pagination_class = PaginationEditions
    lookup_field = "annee"
    lookup_value_regex = r"[0-9]{4}"

    def get_serializer_class(self):
        return EditionSerializer if self.action == "retrieve" else EditionResumeSerializer

    def get_queryset(self):
        editions = Edition.objects.order_by("-annee")
        if self.action == "retrieve":
            editions = editions.prefetch_related(
                Prefetch("criteres", queryset=Critere.objects.order_by("ordre", "pk"))
            )
        return editions


@extend_schema_view(
    list=extend_schema(
        summary="Lister les lauréates du prix",
        description="Les fiches lauréates dont le jury a publié le palmarès, avec leur "
        "rang et les mots du jury. Filtres : `edition` (année), `niveau` "
        "(`departemental` ou `national`), `departement` (code INSEE).",
        responses={
            200: LaureatSerializer(many=True),
            400: OpenApiResponse(description="Filtre invalide : les erreurs par paramètre."),
        },
    ),
)
class LaureatViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = LaureatSerializer
    pagination_class = PaginationLaureats
    filter_backends = [DjangoFilterBackend]
    filterset_class = LaureatFilter

    def get_queryset(self):
        return (
            Laureat.objects.publies()
            .select_related("edition", "departement", "fiche", "candidature__jury")
            .order_by("-edition__annee", "-niveau", "departement__code", "rang", "pk")
        )
