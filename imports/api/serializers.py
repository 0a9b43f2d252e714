"""The import resource of the API: what a partner sends, and its status."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from imports.models import Import, LigneImport

ERREURS_MONTREES = 100


class EnvoiSerializer(serializers.Serializer):
    fichier = serializers.FileField(
        help_text="Le fichier\u00a0: .csv (UTF-8, séparateur «\u00a0;\u00a0» ou «\u00a0,\u00a0»), "
        ".xlsx ou .json, selon le schéma d’import (/partenaires/imports/schema.json)."
    )
    simulation = serializers.BooleanField(
        default=False,
        help_text="`true`\u00a0: vérifier le fichier et dire ce qui serait créé, modifié, laissé "
        "tel quel ou rejeté, sans rien écrire\u00a0; l’import se lance ensuite par "
        "`POST /api/v1/imports/{id}/executer/`.",
    )


class ProblemeSerializer(serializers.Serializer):
    colonne = serializers.CharField(help_text="La colonne en cause.")
    message = serializers.CharField(help_text="Ce qui ne va pas, en français.")


class LigneSerializer(serializers.ModelSerializer):
    ligne = serializers.IntegerField(
        source="rang", help_text="Rang de la ligne de données (1 = la première)."
    )
    identifiant_externe = serializers.CharField(source="identifiant")
    erreurs = ProblemeSerializer(many=True)
    avertissements = ProblemeSerializer(many=True)

    class Meta:
        model = LigneImport
        fields = [
            "ligne",
            "identifiant_externe",
            "titre",
            "action",
            "revision",
            "erreurs",
            "avertissements",
        ]


class ImportSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    etat = serializers.ChoiceField(choices=Import.Etat.choices, help_text="Où en est l’import.")
    lignes_en_erreur = serializers.SerializerMethodField(
        help_text=f"Les {ERREURS_MONTREES} premières lignes rejetées ou avec un avertissement "
        "(toutes dans `rapport_erreurs`)."
    )
    rapport_erreurs = serializers.SerializerMethodField(help_text="Le rapport complet, en CSV.")
    pourcentage = serializers.IntegerField(help_text="Avancement, de 0 à 100.")

    class Meta:
        model = Import
        fields = [
            "id", "etat", "simulation", "nom_fichier", "format", "cree_le", "termine_le",
            "lignes_total", "dernier_rang_traite", "pourcentage", "creees", "modifiees",
            "inchangees", "rejetees", "avertissements", "erreur", "lignes_en_erreur",
            "rapport_erreurs",
        ]  # fmt: skip

    @extend_schema_field(LigneSerializer(many=True))
    def get_lignes_en_erreur(self, import_):
        lignes = import_.lignes.exclude(erreurs=[], avertissements=[]).order_by("rang")
        return LigneSerializer(lignes[:ERREURS_MONTREES], many=True).data

    def get_rapport_erreurs(self, import_) -> str:
        chemin = reverse("v1:import-erreurs", kwargs={"pk": import_.pk})
        requete = self.context.get("request")
        return requete.build_absolute_uri(chemin) if requete else chemin
