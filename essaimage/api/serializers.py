"""What the API shows of a reprise: its published content only. Every field is listed:
never its author's name or e-mail, only whether the source's holder may contact them."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from essaimage.models import Reprise
from territoires.api.serializers import TerritoireResumeSerializer


class FicheLieeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    titre = serializers.CharField()


class RepriseSerializer(serializers.ModelSerializer):
    fiche = FicheLieeSerializer(source="fiche_source", help_text="La fiche reprise.")
    territoire = TerritoireResumeSerializer(help_text="Où la pratique a été reprise.")
    departement = serializers.CharField(
        source="departement_moderation.code",
        allow_null=True,
        default=None,
        help_text="Code INSEE du département de la reprise ; null hors d’un département "
        "(région, pays).",
    )
    depuis = serializers.DateField(
        format="%Y-%m", help_text="Mois du début de la reprise (AAAA-MM)."
    )
    fiche_derivee = serializers.SerializerMethodField(
        help_text="La fiche rédigée d’après cette reprise, une fois publiée ; sinon null."
    )
    url = serializers.SerializerMethodField(help_text="La page des reprises de la fiche.")

    class Meta:
        model = Reprise
        fields = [
            "id",
            "fiche",
            "territoire",
            "departement",
            "depuis",
            "garde",
            "adapte",
            "leviers",
            "freins",
            "premiers_resultats",
            "contact_autorise",
            "fiche_derivee",
            "decidee_le",
            "url",
        ]
        extra_kwargs = {
            "contact_autorise": {
                "help_text": "L’auteur de la reprise accepte que le porteur de la fiche le "
                "contacte (son adresse n’est jamais exposée ici)."
            },
            "decidee_le": {"help_text": "Date de publication de la reprise."},
        }

    @extend_schema_field(FicheLieeSerializer(allow_null=True))
    def get_fiche_derivee(self, reprise):
        fiche = reprise.fiche_derivee
        if fiche is None or not fiche.est_publiee:
            return None
        return {"slug": fiche.slug, "titre": fiche.titre}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, reprise):
        chemin = reverse("essaimage:reprises", kwargs={"slug": reprise.fiche_source.slug})
        requete = self.context.get("request")
        return requete.build_absolute_uri(chemin) if requete else chemin
