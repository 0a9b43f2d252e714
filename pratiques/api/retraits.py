"""/api/v1/pratiques/retraits/: the fiches that left publication (tombstones), for a
partner's incremental sync — what `updated_since` on the list cannot say, since a
fiche that is no longer published is no longer listed.

The rows (pratiques.models.Retrait) are written by the database triggers that take a
fiche out of the search index, whatever caused it; a fiche published again leaves
this list and comes back in the list of fiches.
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.mixins import ListModelMixin
from rest_framework.viewsets import GenericViewSet

from api.pagination import PaginationParPage
from pratiques.filters import DateHeureIsoFilter
from pratiques.models import Retrait


class RetraitSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(
        read_only=True, help_text="Identifiant de la fiche retirée, comme dans la liste."
    )
    retiree_le = serializers.DateTimeField(
        read_only=True, help_text="Date du retrait (ISO 8601), à comparer à `updated_since`."
    )
    motif = serializers.ChoiceField(
        choices=Retrait.Motif.choices,
        read_only=True,
        help_text="`archivee` (archivée par la modération), `supprimee` (effacée), ou "
        "`depubliee` (retirée de la publication pour une autre raison).",
    )

    class Meta:
        model = Retrait
        fields = ["slug", "retiree_le", "motif"]


class RetraitFilter(django_filters.FilterSet):
    updated_since = DateHeureIsoFilter(
        field_name="retiree_le",
        lookup_expr="gte",
        label="Seulement les fiches retirées depuis cette date (ISO 8601 avec fuseau, par "
        "exemple `2026-11-23T08:00:00Z`), la même qu’on passe à la liste des fiches.",
    )

    class Meta:
        model = Retrait
        fields = []


class PaginationRetraits(PaginationParPage):
    elements = "retraits"


@extend_schema_view(
    list=extend_schema(
        summary="Fiches retirées de la publication",
        description=(
            "Les fiches qui ne sont plus publiées\u00a0: archivées, supprimées ou retirées "
            "de la publication, de la plus anciennement retirée à la plus récente. Avec "
            "`updated_since`, la synchronisation incrémentale\u00a0: après avoir parcouru "
            "`/api/v1/pratiques/?ordering=modifiee_le&updated_since=<date>`, parcourir "
            "cette liste avec la même date et retirer de sa copie chaque fiche, par son "
            "`slug`. Une fiche publiée à nouveau quitte cette liste et revient dans celle "
            "des fiches."
        ),
        tags=["pratiques"],
    )
)
class RetraitViewSet(ListModelMixin, GenericViewSet):
    serializer_class = RetraitSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RetraitFilter
    pagination_class = PaginationRetraits
    queryset = Retrait.objects.order_by("retiree_le", "fiche_id")
