from rest_framework import serializers

from webhooks.evenements import ABONNABLES, EVENEMENTS
from webhooks.models import Livraison, PointDeTerminaison


class ListeEvenements(serializers.ListField):
    """Its errors are a flat list of messages, as the API's 400 documents (DRF's list
    field would key them by position)."""

    child = serializers.ChoiceField(choices=ABONNABLES)

    def run_child_validation(self, data):
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as erreur:
            detail = erreur.detail
            messages = detail.values() if isinstance(detail, dict) else [detail]
            raise serializers.ValidationError(
                [str(m) for liste in messages for m in liste]
            ) from erreur


class PointSerializer(serializers.ModelSerializer):
    url = serializers.URLField(
        max_length=500,
        help_text="L’adresse qui reçoit les événements\u00a0: https://, joignable depuis Internet.",
    )
    evenements = ListeEvenements(
        allow_empty=False,
        help_text="Les événements reçus, au moins un\u00a0: "
        + ", ".join(f"`{code}` ({libelle.lower()})" for code, libelle in ABONNABLES)
        + ".",
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    secret = serializers.CharField(
        read_only=True,
        help_text="Le secret qui signe les envois (`whsec_…`)\u00a0: à garder confidentiel.",
    )

    class Meta:
        model = PointDeTerminaison
        fields = [
            "id",
            "url",
            "description",
            "evenements",
            "secret",
            "actif",
            "desactive_le",
            "motif_desactivation",
            "cree_le",
        ]
        read_only_fields = ["id", "actif", "desactive_le", "motif_desactivation", "cree_le"]


class LivraisonSerializer(serializers.ModelSerializer):
    evenement = serializers.ChoiceField(
        choices=[(code, e.libelle) for code, e in EVENEMENTS.items()], read_only=True
    )

    class Meta:
        model = Livraison
        fields = [
            "identifiant",
            "evenement",
            "etat",
            "tentatives",
            "dernier_statut",
            "derniere_duree_ms",
            "derniere_erreur",
            "prochain_essai_le",
            "cree_le",
            "livree_le",
            "donnees",
        ]
        read_only_fields = fields
