"""/api/v1/imports/: a partner sends a file of practices (key with the `import`
scope), follows its progress, downloads the error report, and runs it after a
simulation. A key sees only its organisation's imports."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from imports import services
from imports.api.serializers import EnvoiSerializer, ImportSerializer
from imports.models import Import
from partenaires.models import Portee


def erreurs_csv():
    """The view of /api/v1/imports/{id}/erreurs.csv, for config/api.py."""
    return ImportViewSet.as_view({"get": "erreurs"})


class TropVolumineux(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "fichier_trop_volumineux"


class EtatIncompatible(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "etat_incompatible"


ERREUR = {"$ref": "#/components/schemas/Erreur"}
STATUT = "Où en est l’import\u00a0: état, lignes traitées, comptes par résultat, lignes en erreur."


@extend_schema_view(
    create=extend_schema(
        summary="Envoyer un fichier à importer",
        description="Envoie un fichier de pratiques (multipart, champ `fichier`), au format du "
        "schéma d’import (/partenaires/imports/schema.json)\u00a0: CSV, XLSX ou JSON. Le "
        "fichier est vérifié ligne par ligne en tâche de fond\u00a0; suivre l’avancement sur "
        "l’adresse renvoyée (`Location`). Avec `simulation=true`, rien n’est écrit avant "
        "`POST /api/v1/imports/{id}/executer/`. Une fiche est retrouvée par (organisation, "
        "`identifiant_externe`)\u00a0: réimporter le même fichier ne change rien. Les nouvelles "
        "fiches vont à la modération de leur département (publiées directement si "
        "l’organisation est de confiance)\u00a0; une fiche publiée modifiée devient une révision "
        "soumise à la modération. Exige une clé avec le droit «\u00a0Import de fiches\u00a0».",
        request={"multipart/form-data": EnvoiSerializer},
        responses={
            202: OpenApiResponse(ImportSerializer, description="Reçu\u00a0: " + STATUT),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Envoi invalide\u00a0: pour chaque champ en cause (`fichier`, "
                "`simulation`), la liste de ses erreurs, en français (fichier absent, vide, "
                "d’un format non pris en charge).",
            ),
            413: OpenApiResponse(
                ERREUR, description="Fichier trop volumineux (20\u00a0Mo au plus par défaut)."
            ),
        },
    ),
    retrieve=extend_schema(
        summary="Suivre un import",
        description=STATUT + " Interroger cette adresse jusqu’à l’état `termine`, `valide` "
        "(simulation terminée) ou `echoue`.",
        responses={200: ImportSerializer},
    ),
)
class ImportViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    portee_requise = Portee.IMPORT
    serializer_class = ImportSerializer
    parser_classes = [MultiPartParser, FormParser]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Import.objects.none()
        return Import.objects.filter(organisation=self.request.auth.organisation)

    def create(self, request, *args, **kwargs):
        envoi = EnvoiSerializer(data=request.data)
        envoi.is_valid(raise_exception=True)
        try:
            import_ = services.envoyer(
                request.auth.organisation,
                envoi.validated_data["fichier"],
                simulation=envoi.validated_data["simulation"],
                par=request.auth.creee_par,
                cle=request.auth,
            )
        except services.ImportRefuse as refus:
            if refus.trop_gros:
                raise TropVolumineux(str(refus)) from refus
            raise ValidationError({"fichier": [str(refus)]}) from refus
        donnees = ImportSerializer(import_, context=self.get_serializer_context()).data
        adresse = request.build_absolute_uri(f"{import_.pk}/")
        return Response(donnees, status=status.HTTP_202_ACCEPTED, headers={"Location": adresse})

    @extend_schema(
        summary="Télécharger le rapport d’erreurs",
        description="Les lignes rejetées ou avec un avertissement, une ligne du rapport par "
        "problème (CSV UTF-8, séparateur «\u00a0;\u00a0»)\u00a0: ligne, identifiant_externe, "
        "titre, resultat, gravite, colonne, message.",
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="Le rapport.")},
    )
    # Routed by config/api.py (ERREURS_CSV): the router would end its address with "/".
    def erreurs(self, request, pk=None):
        import_ = self.get_object()
        reponse = HttpResponse(
            services.rapport_csv(import_), content_type="text/csv; charset=utf-8"
        )
        reponse["Content-Disposition"] = f'attachment; filename="import-{import_.pk}-erreurs.csv"'
        return reponse

    @extend_schema(
        summary="Lancer un import simulé",
        description="Après une simulation (état `valide`), écrit les fiches\u00a0: les lignes sont "
        "vérifiées à nouveau, puis écrites en tâche de fond. Suivre l’avancement sur l’adresse "
        "de l’import.",
        request=None,
        responses={
            202: OpenApiResponse(ImportSerializer, description="Lancé\u00a0: " + STATUT),
            409: OpenApiResponse(
                ERREUR, description="L’import n’est pas une simulation terminée (état `valide`)."
            ),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[])
    def executer(self, request, pk=None):
        import_ = self.get_object()
        try:
            import_ = services.executer(import_)
        except services.ImportRefuse as refus:
            raise EtatIncompatible(str(refus)) from refus
        donnees = ImportSerializer(import_, context=self.get_serializer_context()).data
        return Response(donnees, status=status.HTTP_202_ACCEPTED)
