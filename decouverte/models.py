"""What visitors keep of their discovery: the searches they follow (docs/domaine.md §14)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def nouveau_jeton_alerte() -> str:
    """A random, unguessable token for the one-click unsubscribe link."""
    import secrets

    return secrets.token_urlsafe(32)


class Alerte(models.Model):
    """A search a user follows: new published fiches matching `parametres` (the search
    page's querystring, normalised and validated by decouverte.alertes) are e-mailed in a
    digest. Fiches published after `dernier_envoi_le` are the new ones."""

    class Frequence(models.TextChoices):
        QUOTIDIENNE = "quotidienne", "Chaque jour"
        HEBDOMADAIRE = "hebdomadaire", "Chaque semaine"

    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alertes"
    )
    nom = models.CharField("nom", max_length=200)
    parametres = models.CharField("paramètres de la recherche", max_length=2000, blank=True)
    frequence = models.CharField("fréquence", max_length=12, choices=Frequence.choices)
    active = models.BooleanField("active", default=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now, editable=False)
    dernier_envoi_le = models.DateTimeField("dernier envoi le", default=timezone.now)
    jeton = models.CharField(
        "jeton de désabonnement",
        max_length=64,
        unique=True,
        default=nouveau_jeton_alerte,
        editable=False,
    )

    class Meta:
        db_table = "pratiques_alerte"  # created by pratiques before this app existed
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["utilisateur", "parametres"], name="alerte_unique_par_recherche"
            )
        ]
        indexes = [
            models.Index(fields=["frequence"], name="alerte_a_envoyer", condition=Q(active=True))
        ]

    def __str__(self):
        return f"{self.nom} ({self.get_frequence_display().lower()})"
