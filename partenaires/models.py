"""API keys of partner organisations and their daily use.

A key is djangorestframework-api-key's AbstractAPIKey: "<prefix>.<secret>" shown once,
stored as the prefix (visible, to recognise it) and a SHA-512 hash of the whole key
(the key is 40 random characters, so a fast hash is enough); `revoked` cannot be
undone, `expiry_date` ends it. CleApi adds who owns it, what it may do and its use.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager


class Portee(models.TextChoices):
    """What a key may do. Reading published data needs no key at all; a key with
    `lecture` reads with its own, higher limit."""

    LECTURE = "lecture", "Lecture"
    IMPORT = "import", "Import de fiches"
    WEBHOOKS = "webhooks", "Webhooks"


class CleApiQuerySet(models.QuerySet):
    def utilisables(self):
        """Neither revoked nor expired."""
        maintenant = timezone.now()
        return self.filter(revoked=False).filter(
            models.Q(expiry_date__isnull=True) | models.Q(expiry_date__gt=maintenant)
        )


class CleApiManager(APIKeyManager.from_queryset(CleApiQuerySet)):
    pass


class CleApi(AbstractAPIKey):
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        related_name="cles_api",
    )
    portees = ArrayField(
        models.CharField(max_length=20, choices=Portee.choices),
        verbose_name="droits",
        default=list,
    )
    creee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoquee_le = models.DateTimeField("révoquée le", null=True, blank=True)
    # Copied from the counts kept in Redis by a beat task (partenaires.utilisation).
    derniere_utilisation = models.DateTimeField("dernière utilisation", null=True, blank=True)

    objects = CleApiManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "clé d’API"
        verbose_name_plural = "clés d’API"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(portees__contained_by=Portee.values) & ~models.Q(portees=[]),
                name="cle_api_portees_connues",
                violation_error_message="Une clé a au moins un droit, parmi ceux qui existent.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def active(self) -> bool:
        return not self.revoked and not self.has_expired

    def permet(self, portee: str) -> bool:
        return portee in self.portees

    @property
    def libelles_portees(self) -> list[str]:
        return [Portee(p).label for p in self.portees if p in Portee.values]


class UtilisationCle(models.Model):
    """How many API calls a key made on a day (Europe/Paris). Counted in Redis on
    each call, added here by a beat task (partenaires.utilisation.enregistrer)."""

    cle = models.ForeignKey(CleApi, on_delete=models.CASCADE, related_name="utilisations")
    jour = models.DateField()
    nombre = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "utilisation d’une clé"
        constraints = [models.UniqueConstraint(fields=["cle", "jour"], name="utilisation_par_jour")]
        ordering = ["-jour"]

    def __str__(self):
        return f"{self.cle_id} le {self.jour}\u00a0: {self.nombre}"
