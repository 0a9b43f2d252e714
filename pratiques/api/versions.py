"""/api/v1/pratiques/{slug}/versions/: the published versions of a published fiche
(docs/domaine.md §8.1), and each one's content as it was published — never the
contact address, never a revision that was not published. A fiche that is not (or
no longer) published has no versions here: 404, like its own address."""

from django.urls import reverse as reverse_site
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.reverse import reverse as reverse_api
from rest_framework.viewsets import GenericViewSet

from api.pagination import PaginationParPage
from pratiques import versions
from pratiques.models import VersionPubliee

# Version numbers are PostgreSQL integers: a larger one names no version.
NUMERO_MAXIMAL = 2**31 - 1


class VersionPublieeResumeSerializer(serializers.ModelSerializer):
    numero = serializers.IntegerField(
        read_only=True,
        help_text="Numéro de la version : 1 pour la première publication, puis 2, 3…",
    )
    publiee_le = serializers.DateTimeField(
        read_only=True, help_text="Date de publication (ISO 8601)."
    )
    url = serializers.SerializerMethodField(help_text="Adresse de cette version dans l’API.")
    page = serializers.SerializerMethodField(help_text="Adresse de cette version sur le site.")

    class Meta:
        model = VersionPubliee
        fields = ["numero", "publiee_le", "url", "page"]

    def get_url(self, version) -> str:
        return reverse_api(
            "version-pratique-detail",
            kwargs={"slug": version.fiche.slug, "numero": version.numero},
            request=self.context["request"],
        )

    def get_page(self, version) -> str:
        chemin = reverse_site("pratiques:version", args=[version.fiche.slug, version.numero])
        return self.context["request"].build_absolute_uri(chemin)


class VersionPublieeSerializer(VersionPublieeResumeSerializer):
    contenu = serializers.SerializerMethodField(
        help_text="Le contenu publié, champ par champ, comme à sa publication : textes, "
        "codes des vocabulaires et des choix, références « niveau:code » des territoires, "
        "partenaires, liens et sources. Jamais l’adresse de contact."
    )
    libelles = serializers.SerializerMethodField(
        help_text="Pour chaque champ codé, le libellé de chaque code tel qu’il était à la "
        'publication : `{"thematiques": {"parentalite_familles": "Parentalité et familles"}}`.'
    )

    class Meta(VersionPublieeResumeSerializer.Meta):
        fields = [*VersionPublieeResumeSerializer.Meta.fields, "contenu", "libelles"]

    def get_contenu(self, version) -> dict:
        return versions.champs_publics(version.contenu)

    def get_libelles(self, version) -> dict:
        return version.contenu.get("libelles", {})


class PaginationVersions(PaginationParPage):
    elements = "versions"


SLUG = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, pattern=r"^[-\w]+$", description="Le `slug` de la fiche."
)
INTROUVABLE = OpenApiResponse(description="Aucune fiche publiée ne porte ce slug.")


@extend_schema_view(
    list=extend_schema(
        summary="Versions publiées d’une fiche",
        description="Les versions successives d’une fiche publiée, de la plus récente (la "
        "version en ligne) à la plus ancienne : une par publication. Une fiche qui n’est "
        "pas publiée (archivée, retirée, jamais publiée) répond 404.",
        parameters=[SLUG],
        responses={200: VersionPublieeResumeSerializer(many=True), 404: INTROUVABLE},
        tags=["pratiques"],
    ),
    retrieve=extend_schema(
        summary="Lire une version publiée d’une fiche",
        description="Le contenu d’une fiche tel qu’il a été publié dans cette version, avec "
        "les libellés de l’époque. 404 si la fiche n’est pas publiée ou n’a pas de version "
        "portant ce numéro.",
        parameters=[
            SLUG,
            OpenApiParameter(
                "numero", int, OpenApiParameter.PATH, description="Le numéro de la version."
            ),
        ],
        responses={
            200: VersionPublieeSerializer,
            404: OpenApiResponse(description="Aucune version publiée de ce numéro pour ce slug."),
        },
        tags=["pratiques"],
    ),
)
class VersionPublieeViewSet(ListModelMixin, RetrieveModelMixin, GenericViewSet):
    pagination_class = PaginationVersions
    lookup_field = "numero"
    lookup_value_regex = r"[0-9]+"

    def get_serializer_class(self):
        return (
            VersionPublieeSerializer
            if self.action == "retrieve"
            else VersionPublieeResumeSerializer
        )

    def get_queryset(self):
        return (
            versions.publiques(self.kwargs.get("slug", ""))
            .select_related("fiche")
            .order_by("-numero")
        )

    def list(self, request, *args, **kwargs):
        if not self.get_queryset().exists():
            raise NotFound("Aucune fiche publiée ne porte ce slug.")
        return super().list(request, *args, **kwargs)

    def get_object(self):
        numero = int(self.kwargs["numero"])
        version = (
            self.get_queryset().filter(numero=numero).first() if numero <= NUMERO_MAXIMAL else None
        )
        if version is None:
            raise NotFound("Aucune version publiée de ce numéro pour ce slug.")
        return version
