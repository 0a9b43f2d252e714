"""A partner's webhook endpoints and the outbox of their deliveries.

The secret of an endpoint is stored in clear: Standard Webhooks signs each call with
HMAC-SHA256 keyed by it, so the platform must be able to read it (unlike an API key,
of which only a hash is kept). It is shown to the organisation's key managers, and
can be renewed.
"""

import base64
import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from webhooks.evenements import ABONNABLES, CODES_ABONNABLES, EVENEMENTS


def nouveau_secret() -> str:
    """`whsec_` and 32 random bytes in base64, as Standard Webhooks writes secrets."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def nouvel_identifiant() -> str:
    return f"msg_{uuid.uuid4().hex}"


class PointDeTerminaisonQuerySet(models.QuerySet):
    def abonnes_a(self, code: str):
        return self.filter(actif=True, evenements__contains=[code])


class PointDeTerminaison(models.Model):
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="points_de_terminaison",
    )
    url = models.URLField("adresse", max_length=500)
    description = models.CharField("description", max_length=200, blank=True)
    evenements = ArrayField(
        models.CharField(max_length=40, choices=ABONNABLES), verbose_name="événements"
    )
    secret = models.CharField("secret", max_length=100, default=nouveau_secret)
    actif = models.BooleanField("actif", default=True)
    desactive_le = models.DateTimeField("désactivé le", null=True, blank=True)
    motif_desactivation = models.CharField("motif de la désactivation", max_length=300, blank=True)
    # The current run of failed attempts (reset by a success): when it is long enough,
    # the endpoint is disabled (webhooks.politique).
    echecs_consecutifs = models.PositiveIntegerField(default=0)
    en_echec_depuis = models.DateTimeField(null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now, editable=False)

    objects = PointDeTerminaisonQuerySet.as_manager()

    class Meta:
        verbose_name = "point de terminaison"
        verbose_name_plural = "points de terminaison"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evenements__contained_by=CODES_ABONNABLES)
                & ~models.Q(evenements=[]),
                name="point_evenements_connus",
                violation_error_message="Choisissez au moins un événement, parmi ceux qui "
                "existent.",
            )
        ]

    def __str__(self):
        return self.url

    @property
    def libelles_evenements(self) -> list[str]:
        return [EVENEMENTS[code].libelle for code in self.evenements if code in EVENEMENTS]


class EtatLivraison(models.TextChoices):
    A_ENVOYER = "a_envoyer", "À envoyer"
    LIVREE = "livree", "Livrée"
    ECHEC = "echec", "En échec, nouvel essai prévu"
    ABANDONNEE = "abandonnee", "Abandonnée"


# Still to be attempted (now or at prochain_essai_le).
EN_COURS = [EtatLivraison.A_ENVOYER, EtatLivraison.ECHEC]


class Livraison(models.Model):
    """One event to deliver to one endpoint (the outbox row, written in the
    transaction of the event)."""

    Etat = EtatLivraison

    point = models.ForeignKey(
        PointDeTerminaison,
        verbose_name="point de terminaison",
        on_delete=models.CASCADE,
        related_name="livraisons",
    )
    identifiant = models.CharField(
        "identifiant", max_length=40, unique=True, default=nouvel_identifiant
    )
    evenement = models.CharField("événement", max_length=40)
    donnees = models.JSONField("données")
    etat = models.CharField("état", max_length=20, choices=Etat.choices, default=Etat.A_ENVOYER)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    prochain_essai_le = models.DateTimeField("prochain essai", null=True, default=timezone.now)
    dernier_statut = models.PositiveSmallIntegerField("dernier statut HTTP", null=True)
    derniere_duree_ms = models.PositiveIntegerField("dernière durée (ms)", null=True)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    livree_le = models.DateTimeField("livrée le", null=True, blank=True)

    class Meta:
        verbose_name = "livraison"
        ordering = ["-cree_le", "-pk"]
        indexes = [
            models.Index(
                fields=["prochain_essai_le"],
                name="livraison_due",
                condition=models.Q(etat__in=EN_COURS),
            ),
            models.Index(fields=["point", "-cree_le"], name="livraison_par_point"),
        ]

    def __str__(self):
        return f"{self.identifiant} ({self.evenement})"

    @property
    def libelle_evenement(self) -> str:
        evenement = EVENEMENTS.get(self.evenement)
        return evenement.libelle if evenement else self.evenement
