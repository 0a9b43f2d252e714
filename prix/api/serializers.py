"""What the API shows of the prize: editions (calendar and grid) and published
laureates. Every field is listed; no score, no juror, no candidature that did not win."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pratiques.api.serializers import ChoixField
from prix import regles
from prix.models import Critere, Edition, Laureat, Niveau


def _absolue(request, chemin: str) -> str:
    return request.build_absolute_uri(chemin) if request else chemin


class CritereDuPrixSerializer(serializers.ModelSerializer):
    class Meta:
        model = Critere
        fields = ["libelle", "description", "poids"]


class PhaseDuPrixSerializer(serializers.Serializer):
    nom = serializers.CharField(help_text="Code de la phase.")
    libelle = serializers.CharField()
    debut = serializers.DateField()
    fin = serializers.DateField(allow_null=True, help_text="Null pour la dernière phase.")
    en_cours = serializers.BooleanField()


class EditionResumeSerializer(serializers.ModelSerializer):
    phase = serializers.SerializerMethodField(help_text="Code de la phase en cours.")
    mois_printemps_debut = serializers.DateField()
    mois_printemps_fin = serializers.DateField()
    url = serializers.SerializerMethodField(help_text="La page de l’édition.")

    class Meta:
        model = Edition
        fields = [
            "annee",
            "phase",
            "mois_printemps_debut",
            "mois_printemps_fin",
            "nb_laureats_departementaux",
            "nb_laureats_nationaux",
            "url",
        ]

    def get_phase(self, edition) -> str:
        return regles.phase_courante(edition)

    def get_url(self, edition) -> str:
        return _absolue(self.context.get("request"), reverse("prix:edition", args=[edition.annee]))


class EditionSerializer(EditionResumeSerializer):
    calendrier = serializers.SerializerMethodField()
    criteres = CritereDuPrixSerializer(many=True, read_only=True, help_text="La grille du jury.")

    class Meta(EditionResumeSerializer.Meta):
        fields = [*EditionResumeSerializer.Meta.fields, "presentation", "calendrier", "criteres"]

    @extend_schema_field(PhaseDuPrixSerializer(many=True))
    def get_calendrier(self, edition):
        return PhaseDuPrixSerializer(regles.calendrier(edition), many=True).data


class DepartementDuPrixSerializer(serializers.Serializer):
    code = serializers.CharField()
    nom = serializers.CharField()


class FicheLaureateSerializer(serializers.Serializer):
    slug = serializers.CharField()
    titre = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, fiche) -> str:
        return _absolue(self.context.get("request"), reverse("pratiques:fiche", args=[fiche.slug]))


class LaureatSerializer(serializers.ModelSerializer):
    edition = serializers.IntegerField(source="edition.annee", help_text="Année de l’édition.")
    niveau = ChoixField(Niveau, "Tour du prix", allow_null=False)
    departement = DepartementDuPrixSerializer(help_text="Le département de la fiche.")
    fiche = FicheLaureateSerializer()
    libelle = serializers.CharField(help_text="« Lauréate du prix 2027 — Nord, 1re ».")
    mots_du_jury = serializers.CharField(source="candidature.jury.motifs")

    class Meta:
        model = Laureat
        fields = ["edition", "niveau", "rang", "departement", "fiche", "libelle", "mots_du_jury"]
