"""What a signed-in person follows (docs/domaine.md §18): fiches (new published
versions, new reprises) and territories (new fiches inside them), told in one digest
per person, at the frequency of their Abonnement."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from decouverte.models import Alerte


class Abonnement(models.Model):
    """A person's digest of what they follow: how often, and up to when it was sent
    (events after `dernier_envoi_le` are the new ones)."""

    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="abonnement_suivis"
    )
    frequence = models.CharField(
        "fréquence",
        max_length=12,
        choices=Alerte.Frequence.choices,
        default=Alerte.Frequence.HEBDOMADAIRE,
    )
    dernier_envoi_le = models.DateTimeField("dernier envoi le", default=timezone.now)

    def __str__(self):
        return f"Suivis de {self.utilisateur} ({self.get_frequence_display().lower()})"


class SuiviFiche(models.Model):
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suivis_fiches"
    )
    fiche = models.ForeignKey("pratiques.Fiche", on_delete=models.CASCADE, related_name="suivis")
    cree_le = models.DateTimeField("suivie depuis le", default=timezone.now, editable=False)

    class Meta:
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["utilisateur", "fiche"],
                name="suivi_fiche_unique",
                violation_error_message="Vous suivez déjà cette pratique.",
            )
        ]

    def __str__(self):
        return f"{self.utilisateur} suit la fiche {self.fiche_id}"


class SuiviTerritoire(models.Model):
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suivis_territoires"
    )
    territoire = models.ForeignKey(
        "territoires.Territoire", on_delete=models.CASCADE, related_name="suivis"
    )
    cree_le = models.DateTimeField("suivi depuis le", default=timezone.now, editable=False)

    class Meta:
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["utilisateur", "territoire"],
                name="suivi_territoire_unique",
                violation_error_message="Vous suivez déjà ce territoire.",
            )
        ]

    def __str__(self):
        return f"{self.utilisateur} suit le territoire {self.territoire_id}"
