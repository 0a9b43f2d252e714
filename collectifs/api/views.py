"""/api/v1/collectifs/: the collectifs' published information, read-only, filtered by
collectifs.filters.CollectifFilter (the list page's own filter layer)."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.viewsets import ReadOnlyModelViewSet

from api.pagination import PaginationParPage
from collectifs.api.serializers import CollectifResumeSerializer, CollectifSerializer
from collectifs.filters import CollectifFilter
from collectifs.models import Collectif, Membre, RapportAnnuel
from pratiques.models import Fiche
from territoires.models import Territoire


class PaginationCollectifs(PaginationParPage):
    elements = "collectifs"


@extend_schema_view(
    list=extend_schema(
        summary="Lister les collectifs",
        description="Les collectifs locaux de développement social déclarés, par ordre "
        "alphabétique de nom, avec leur reconnaissance et leur composition par "
        "collège (les noms des membres seulement avec leur accord). Filtres : `territoire` "
        "(référence « niveau:code », par exemple `departement:59` : les collectifs qui "
        "agissent dans ce territoire ou à l’intérieur), `reconnu` (`oui` ou `non`), "
        "`thematique` (code d’une thématique de leurs fiches publiées).",
        responses={
            200: CollectifResumeSerializer(many=True),
            400: OpenApiResponse(description="Filtre invalide : les erreurs par paramètre."),
        },
    ),
    retrieve=extend_schema(
        summary="Lire un collectif",
        description="Un collectif désigné par son `slug`, avec les fiches publiées qu’il "
        "porte, ses moyens et ses rapports annuels reçus par le département.",
        responses={200: CollectifSerializer, 404: OpenApiResponse(description="Inconnu.")},
    ),
)
class CollectifViewSet(ReadOnlyModelViewSet):
    """Collectifs, looked up by slug."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = CollectifFilter
    pagination_class = PaginationCollectifs
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def get_serializer_class(self):
        return CollectifSerializer if self.action == "retrieve" else CollectifResumeSerializer

    def get_queryset(self):
        collectifs = (
            Collectif.objects.select_related("departement")
            .prefetch_related(
                Prefetch(
                    "territoires",
                    queryset=Territoire.objects.only("pk", "niveau", "code", "nom").order_by("pk"),
                ),
                Prefetch(
                    "membres",
                    queryset=Membre.objects.acceptes().select_related("utilisateur"),
                    to_attr="membres_acceptes",
                ),
            )
            .order_by("nom", "pk")
        )
        if self.action != "retrieve":
            return collectifs
        return collectifs.select_related("tiers_accompagnant").prefetch_related(
            "financements",
            "mises_a_disposition",
            Prefetch(
                "fiches",
                queryset=Fiche.objects.publiees().only("pk", "slug", "titre", "collectif"),
                to_attr="fiches_publiees",
            ),
            Prefetch(
                "rapports",
                queryset=RapportAnnuel.objects.filter(accuse_le__isnull=False),
                to_attr="rapports_recus",
            ),
        )
