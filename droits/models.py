from django.conf import settings
from django.db import models
from django.utils import timezone


class JournalRole(models.Model):
    """One change of a person's role, written by droits.roles in the same transaction
    as the change: who changed it, for whom, the role before and after (role,
    départements, organisation, key management), when (docs/domaine.md §20)."""

    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifié par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="journal_roles",
    )
    avant = models.JSONField("avant")
    apres = models.JSONField("après")
    le = models.DateTimeField("le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "changement de rôle"
        verbose_name_plural = "changements de rôle"
        ordering = ["-le", "-pk"]

    def __str__(self):
        return f"{self.personne_id} : {self.avant} → {self.apres}"
