from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from territoires.models import Territoire


def url_api(territoire, request) -> str:
    return reverse("territoire-detail", kwargs={"reference": territoire.reference}, request=request)


class TerritoireResumeSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Territoire
        fields = ["reference", "niveau", "code", "nom", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, territoire) -> str:
        return url_api(territoire, self.context.get("request"))


class TerritoireSerializer(TerritoireResumeSerializer):
    successeur = serializers.SerializerMethodField(
        help_text="Référence du territoire qui a pris la suite d’un territoire disparu."
    )

    class Meta:
        model = Territoire
        fields = [
            "reference",
            "niveau",
            "code",
            "nom",
            "nature",
            "population",
            "codes_postaux",
            "actif",
            "successeur",
            "url",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_successeur(self, territoire) -> str | None:
        return territoire.successeur.reference if territoire.successeur_id else None


class TerritoireDetailSerializer(TerritoireSerializer):
    ancetres = serializers.SerializerMethodField(
        help_text="Tous les territoires qui contiennent celui-ci, du plus grand au plus petit."
    )
    parents = serializers.SerializerMethodField(
        help_text="Références des territoires immédiatement au-dessus."
    )
    enfants = serializers.SerializerMethodField(
        help_text="Liste des territoires immédiatement en dessous."
    )
    page = serializers.SerializerMethodField(help_text="Page du territoire sur le site.")

    class Meta(TerritoireSerializer.Meta):
        fields = [*TerritoireSerializer.Meta.fields, "ancetres", "parents", "enfants", "page"]

    def _ascendants(self, territoire):
        if not hasattr(territoire, "_ascendants"):
            territoire._ascendants = list(territoire.ascendants())
        return territoire._ascendants

    @extend_schema_field(TerritoireResumeSerializer(many=True))
    def get_ancetres(self, territoire):
        return TerritoireResumeSerializer(
            self._ascendants(territoire), many=True, context=self.context
        ).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_parents(self, territoire):
        return [t.reference for t in self._ascendants(territoire) if t.pk in territoire.parents]

    @extend_schema_field(OpenApiTypes.URI)
    def get_enfants(self, territoire) -> str:
        liste = reverse("territoire-list", request=self.context.get("request"))
        return f"{liste}?parent={territoire.reference}"

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, territoire) -> str:
        request = self.context.get("request")
        url = territoire.get_absolute_url()
        return request.build_absolute_uri(url) if request else url
