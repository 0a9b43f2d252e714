"""/api/v1/reprises/: the published reprises, read-only, newest decision first; `fiche`
keeps those of one fiche (by its slug)."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from api.pagination import PaginationParPage
from essaimage.api.serializers import RepriseSerializer
from essaimage.models import Reprise
from pratiques.models import Etat


class PaginationReprises(PaginationParPage):
    elements = "reprises"


class RepriseFilter(django_filters.FilterSet):
    fiche = django_filters.CharFilter(
        field_name="fiche_source__slug",
        max_length=220,
        help_text="Slug d’une fiche : ses reprises seulement.",
    )

    class Meta:
        model = Reprise
        fields = ["fiche"]


@extend_schema_view(
    list=extend_schema(
        summary="Lister les reprises",
        description="Les reprises publiées des fiches publiées : où une pratique a été mise "
        "en place ou adaptée, depuis quand, ce qui a été gardé, adapté, ce qui a aidé ou "
        "freiné, les premiers résultats. Les plus récemment publiées d’abord. Filtre : "
        "`fiche` (slug d’une fiche).",
        responses={
            200: RepriseSerializer(many=True),
            400: OpenApiResponse(description="Filtre invalide : les erreurs par paramètre."),
        },
    ),
)
class RepriseViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = RepriseSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RepriseFilter
    pagination_class = PaginationReprises

    def get_queryset(self):
        return (
            Reprise.objects.publiees()
            .filter(fiche_source__etat=Etat.PUBLIEE)
            .select_related("fiche_source", "territoire", "departement_moderation", "fiche_derivee")
            .order_by("-decidee_le", "-pk")
        )
