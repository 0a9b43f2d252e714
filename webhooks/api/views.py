"""/api/v1/webhooks/: the endpoints of the calling key's organisation (a key with the
`webhooks` scope), their deliveries, and their actions. Writes go through
webhooks.services, which checks the address (webhooks.adresses)."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from api.pagination import PaginationParPage
from partenaires.models import Portee
from webhooks import services
from webhooks.api.serializers import LivraisonSerializer, PointSerializer
from webhooks.models import PointDeTerminaison


class PaginationPoints(PaginationParPage):
    elements = "points de terminaison"


class PaginationLivraisons(PaginationParPage):
    elements = "envois"


class PointDesactive(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "point_desactive"
    default_detail = "Réactivez ce point de terminaison avant de lui envoyer un test."


CHAMPS_INVALIDES = OpenApiResponse(
    response={
        "anyOf": [
            {"$ref": "#/components/schemas/ParametresInvalides"},
            {"$ref": "#/components/schemas/Erreur"},
        ]
    },
    description="Données invalides\u00a0: un objet qui associe à chaque champ en cause la "
    'liste de ses erreurs, en français (exemple\u00a0: `{"url": ["L’adresse doit '
    'commencer par https://."]}`)\u00a0; un corps qui n’est pas du JSON lisible\u00a0: '
    "une erreur `parse_error`.",
)
CONFLIT = OpenApiResponse(
    response={"$ref": "#/components/schemas/Erreur"},
    description="Le point de terminaison est désactivé\u00a0: réactivez-le d’abord.",
)
ECRITURE = {400: CHAMPS_INVALIDES}


@extend_schema_view(
    list=extend_schema(
        summary="Lister les points de terminaison",
        description="Les points de terminaison de webhooks de l’organisation de la clé, "
        "les plus récents d’abord.",
    ),
    create=extend_schema(
        summary="Créer un point de terminaison",
        description="Une adresse https:// qui recevra les événements choisis, signés avec "
        "le `secret` renvoyé (Standard Webhooks).",
        responses={201: PointSerializer, **ECRITURE},
    ),
    retrieve=extend_schema(
        summary="Lire un point de terminaison",
        description="Un point de terminaison de l’organisation de la clé, avec son "
        "`secret` et son état (désactivé après trop d’envois en échec).",
    ),
    update=extend_schema(
        summary="Remplacer un point de terminaison",
        description="Adresse, description et événements, donnés ensemble.",
        responses={200: PointSerializer, **ECRITURE},
    ),
    partial_update=extend_schema(
        summary="Modifier un point de terminaison",
        description="Les champs donnés seulement (adresse, description, événements).",
        responses={200: PointSerializer, **ECRITURE},
    ),
    destroy=extend_schema(
        summary="Supprimer un point de terminaison",
        description="Il ne reçoit plus rien, et le journal de ses envois est effacé.",
        responses={204: OpenApiResponse(description="Supprimé.")},
    ),
)
class PointViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    GenericViewSet,
):
    portee_requise = Portee.WEBHOOKS
    parser_classes = [JSONParser]
    serializer_class = PointSerializer
    pagination_class = PaginationPoints
    lookup_value_regex = r"[0-9]{1,18}"
    queryset = PointDeTerminaison.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PointDeTerminaison.objects.none()
        return PointDeTerminaison.objects.filter(organisation=self.request.auth.organisation)

    def _ecrire(self, fonction, *args, **kwargs):
        try:
            return fonction(self.request.user, *args, **kwargs)
        except ValidationError as erreur:
            detail = erreur.message_dict if hasattr(erreur, "error_dict") else erreur.messages
            raise serializers.ValidationError(detail) from erreur

    def perform_create(self, serializer):
        serializer.instance = self._ecrire(
            services.creer_point, self.request.auth.organisation, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = self._ecrire(
            services.modifier_point, serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        self._ecrire(services.supprimer_point, instance)

    @extend_schema(
        summary="Lister les envois d’un point de terminaison",
        description="Les envois, les plus récents d’abord\u00a0: état (`a_envoyer`, "
        "`livree`, `echec` avec un nouvel essai prévu, `abandonnee`), tentatives, dernier "
        "statut HTTP, durée et erreur, prochain essai.",
        responses={200: LivraisonSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=PaginationLivraisons)
    def livraisons(self, request, *args, **kwargs):
        point = self.get_object()
        page = self.paginate_queryset(point.livraisons.order_by("-cree_le", "-pk"))
        return self.get_paginated_response(LivraisonSerializer(page, many=True).data)

    @extend_schema(
        summary="Envoyer un événement de test",
        description="Met en file un événement `test.ping` pour ce point de terminaison "
        "seul\u00a0; son résultat apparaît dans ses envois.",
        request=None,
        responses={202: LivraisonSerializer, 409: CONFLIT},
    )
    @action(detail=True, methods=["post"])
    def tester(self, request, *args, **kwargs):
        point = self.get_object()
        if not point.actif:
            raise PointDesactive()
        livraison = self._ecrire(services.tester, point)
        return Response(LivraisonSerializer(livraison).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Réactiver un point de terminaison",
        description="Après une désactivation (trop d’envois en échec)\u00a0: il reçoit de "
        "nouveau les événements à venir.",
        request=None,
        responses={200: PointSerializer},
    )
    @action(detail=True, methods=["post"])
    def reactiver(self, request, *args, **kwargs):
        point = self._ecrire(services.reactiver, self.get_object())
        return Response(PointSerializer(point).data)

    @extend_schema(
        summary="Renouveler le secret",
        description="Un nouveau `secret`\u00a0; l’ancien ne signe plus les envois.",
        request=None,
        responses={200: PointSerializer},
    )
    @action(detail=True, methods=["post"], url_path="renouveler-secret")
    def renouveler_secret(self, request, *args, **kwargs):
        point = self._ecrire(services.renouveler_secret, self.get_object())
        return Response(PointSerializer(point).data)
