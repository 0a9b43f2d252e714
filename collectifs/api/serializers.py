"""What the API shows of a collectif: its published information only. Every field is
listed explicitly: members appear as counts per collège, and by name only when they
chose to show their name; no e-mail address, no pending request, no journal."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collectifs.composition import composition_de
from collectifs.models import Collectif, College, EtatReconnaissance, Forme, TiersAccompagnant
from pratiques.api.serializers import ChoixField
from territoires.api.serializers import TerritoireResumeSerializer


def _absolue(request, chemin: str) -> str:
    return request.build_absolute_uri(chemin) if request else chemin


class MembrePublicSerializer(serializers.Serializer):
    nom = serializers.CharField(source="nom_affiche", help_text="Nom affiché avec son accord.")
    fonction = serializers.CharField(help_text="Fonction ou structure (peut être vide).")


class CollegeSerializer(serializers.Serializer):
    college = ChoixField(College, "Collège")
    nombre = serializers.IntegerField(help_text="Nombre de membres du collège.")
    membres_publics = MembrePublicSerializer(
        many=True,
        help_text="Les membres qui ont choisi d’afficher leur nom (les autres "
        "sont seulement comptés).",
    )


class CompositionSerializer(serializers.Serializer):
    colleges = CollegeSerializer(many=True)
    conforme = serializers.BooleanField(
        help_text="La règle de composition est-elle respectée (au moins un élu ou "
        "responsable d’institution, deux professionnels, deux représentants d’associations) ?"
    )
    manques = serializers.ListField(
        child=serializers.CharField(), help_text="Ce qui manque pour respecter la règle."
    )


class ReconnaissanceSerializer(serializers.Serializer):
    etat = ChoixField(EtatReconnaissance, "État de la reconnaissance")
    reconnu = serializers.BooleanField(help_text="Le collectif est-il reconnu aujourd’hui ?")
    reconnu_le = serializers.DateField(allow_null=True, help_text="Début de la reconnaissance.")
    reconnu_jusqu_au = serializers.DateField(
        allow_null=True, help_text="Dernier jour de la reconnaissance (trois ans)."
    )
    departement = serializers.CharField(
        allow_null=True,
        help_text="Code INSEE du département qui reconnaît le collectif ; null : instance "
        "nationale (collectif de plusieurs départements).",
    )


class CollectifResumeSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Page du collectif sur le site.")
    territoires = TerritoireResumeSerializer(many=True, read_only=True)
    reconnaissance = serializers.SerializerMethodField()
    composition = serializers.SerializerMethodField()

    class Meta:
        model = Collectif
        fields = [
            "slug",
            "nom",
            "url",
            "description",
            "territoires",
            "reconnaissance",
            "composition",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, collectif) -> str:
        return _absolue(
            self.context.get("request"), reverse("collectifs:collectif", args=[collectif.slug])
        )

    @extend_schema_field(ReconnaissanceSerializer)
    def get_reconnaissance(self, collectif):
        return ReconnaissanceSerializer(
            {
                "etat": collectif.etat,
                "reconnu": collectif.est_reconnu(),
                "reconnu_le": collectif.reconnu_le,
                "reconnu_jusqu_au": collectif.reconnu_jusqu_au,
                "departement": collectif.departement.code if collectif.departement_id else None,
            }
        ).data

    @extend_schema_field(CompositionSerializer)
    def get_composition(self, collectif):
        composition = composition_de(collectif)
        colleges = [
            {
                "college": college,
                "nombre": composition.comptes[college],
                "membres_publics": [
                    m for m in collectif.membres_acceptes if m.college == college and m.nom_public
                ],
            }
            for college in College.values
        ]
        return CompositionSerializer(
            {"colleges": colleges, "conforme": composition.conforme, "manques": composition.manques}
        ).data


class FichePorteeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    titre = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="La fiche dans l’API.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, fiche) -> str:
        request = self.context.get("request")
        return _absolue(request, reverse("v1:pratique-detail", args=[fiche.slug]))


class FinancementSerializer(serializers.Serializer):
    financeur = serializers.CharField()
    montant = serializers.IntegerField(help_text="En euros.")
    annee_debut = serializers.IntegerField()
    annee_fin = serializers.IntegerField()


class MiseADispositionSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    part_de_temps = serializers.IntegerField(help_text="En pourcentage d’un temps plein.")
    duree_mois = serializers.IntegerField(help_text="Durée en mois.")
    role = serializers.CharField()


class TiersAccompagnantSerializer(serializers.Serializer):
    nom = serializers.CharField()
    type = ChoixField(TiersAccompagnant.Type, "Type de tiers accompagnant")
    demarche = serializers.CharField(help_text="Démarche de recherche-action.")


class RapportSerializer(serializers.Serializer):
    annee = serializers.IntegerField()
    activites = serializers.CharField()
    participants = serializers.SerializerMethodField(
        help_text="Nombre de participants par collège (codes des collèges)."
    )
    enseignements = serializers.CharField()

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_participants(self, rapport) -> dict:
        return {college: getattr(rapport, f"participants_{college}") for college in College.values}


class CollectifSerializer(CollectifResumeSerializer):
    forme = ChoixField(Forme, "Forme du collectif")
    fiches = serializers.SerializerMethodField(help_text="Les fiches publiées qu’il porte.")
    financements = FinancementSerializer(many=True, read_only=True)
    mises_a_disposition = MiseADispositionSerializer(many=True, read_only=True)
    tiers_accompagnant = serializers.SerializerMethodField()
    rapports = serializers.SerializerMethodField(
        help_text="Les rapports annuels reçus par le département."
    )

    class Meta:
        model = Collectif
        fields = [
            *CollectifResumeSerializer.Meta.fields, "date_creation", "forme", "gouvernance",
            "fiches", "financements", "mises_a_disposition", "tiers_accompagnant", "rapports",
        ]  # fmt: skip

    @extend_schema_field(FichePorteeSerializer(many=True))
    def get_fiches(self, collectif):
        return FichePorteeSerializer(
            collectif.fiches_publiees, many=True, context=self.context
        ).data

    @extend_schema_field(TiersAccompagnantSerializer(allow_null=True))
    def get_tiers_accompagnant(self, collectif):
        tiers = getattr(collectif, "tiers_accompagnant", None)
        return TiersAccompagnantSerializer(tiers).data if tiers else None

    @extend_schema_field(RapportSerializer(many=True))
    def get_rapports(self, collectif):
        return RapportSerializer(collectif.rapports_recus, many=True).data
