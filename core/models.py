from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class EmailSortantQuerySet(models.QuerySet):
    def a_envoyer(self, *, maintenant=None):
        """Pending messages whose next attempt is due."""
        maintenant = maintenant or timezone.now()
        return self.filter(statut=EmailSortant.Statut.EN_ATTENTE, prochain_essai_le__lte=maintenant)


class EmailSortant(models.Model):
    """An e-mail waiting in the outbox, written in the transaction that caused it.

    Delivery happens later, in a Celery worker; a Redis or worker outage therefore
    delays mail but never loses it (the beat sweep resends what is pending).
    """

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        ENVOYE = "envoye", "Envoyé"
        ECHEC = "echec", "Échec définitif"

    expediteur = models.CharField(max_length=320)
    destinataires = ArrayField(models.CharField(max_length=320))
    copie = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    copie_cachee = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    repondre_a = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    sujet = models.CharField(max_length=998)
    corps_texte = models.TextField()
    corps_html = models.TextField(blank=True)
    en_tetes = models.JSONField(default=dict, blank=True)

    statut = models.CharField(max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE)
    tentatives = models.PositiveSmallIntegerField(default=0)
    derniere_erreur = models.TextField(blank=True)
    cree_le = models.DateTimeField(default=timezone.now, editable=False)
    prochain_essai_le = models.DateTimeField(default=timezone.now)
    envoye_le = models.DateTimeField(null=True, blank=True)

    objects = EmailSortantQuerySet.as_manager()

    class Meta:
        verbose_name = "courriel sortant"
        verbose_name_plural = "courriels sortants"
        ordering = ["-cree_le"]
        indexes = [
            models.Index(
                fields=["prochain_essai_le"],
                name="email_sortant_a_envoyer",
                condition=models.Q(statut="en_attente"),
            )
        ]

    def __str__(self):
        return f"{self.sujet} → {', '.join(self.destinataires)} ({self.get_statut_display()})"
