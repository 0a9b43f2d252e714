"""A reprise: someone took up a published fiche's approach elsewhere and says so
(docs/domaine.md, essaimage). Checked by the moderation of its own département, then
shown on the source fiche's page and counted in its `nb_reprises`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pratiques.models import FicheQuerySet


class EtatReprise(models.TextChoices):
    SOUMISE = "soumise", "En attente de relecture"
    PUBLIEE = "publiee", "Publiée"
    REFUSEE = "refusee", "Refusée"


class RepriseQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(etat=EtatReprise.PUBLIEE)

    def en_attente(self):
        return self.filter(etat=EtatReprise.SOUMISE)

    # Who moderates a reprise is who moderates a fiche of its département: the same
    # rule (pratiques.cycle.peut_moderer as a filter), read on the same two fields.
    moderables_par = FicheQuerySet.moderables_par


class Reprise(models.Model):
    fiche_source = models.ForeignKey(
        "pratiques.Fiche",
        verbose_name="fiche reprise",
        on_delete=models.CASCADE,
        related_name="reprises",
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        on_delete=models.SET_NULL,
        related_name="reprises",
    )
    territoire = models.ForeignKey(
        "territoires.Territoire",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        related_name="reprises",
    )
    # Month precision: the form asks for a month and a year, stored as the 1st.
    depuis = models.DateField("depuis")
    garde = models.TextField("ce qui a été gardé")
    adapte = models.TextField("ce qui a été adapté", blank=True)
    leviers = models.TextField("ce qui a aidé", blank=True)
    freins = models.TextField("ce qui a freiné", blank=True)
    premiers_resultats = models.TextField("premiers résultats", blank=True)
    contact_autorise = models.BooleanField(
        "le porteur de la fiche peut me contacter", default=False
    )
    etat = models.CharField(max_length=20, choices=EtatReprise.choices, default=EtatReprise.SOUMISE)
    departement_moderation = models.ForeignKey(
        "territoires.Territoire",
        verbose_name="département de modération",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reprises_a_moderer",
        help_text="Vide : modération nationale.",
    )
    motif_refus = models.TextField("motif du refus", blank=True)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Whether the moderator confirmed the likely personal data the detector found.
    donnees_personnelles_confirmees = models.BooleanField(default=False)
    cree_le = models.DateTimeField("déclarée le", default=timezone.now, editable=False)
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    fiche_derivee = models.ForeignKey(
        "pratiques.Fiche",
        verbose_name="fiche rédigée d’après cette reprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reprise_d_origine",
    )

    objects = RepriseQuerySet.as_manager()

    class Meta:
        ordering = ["-depuis", "-pk"]
        indexes = [
            models.Index(fields=["fiche_source", "etat"], name="reprise_source_etat"),
            models.Index(fields=["etat", "departement_moderation"], name="reprise_etat_dep"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(etat=EtatReprise.SOUMISE) | Q(decidee_le__isnull=False),
                name="reprise_decidee_a_une_date",
                violation_error_message="Une reprise publiée ou refusée a une date de décision.",
            ),
            models.CheckConstraint(
                condition=~Q(etat=EtatReprise.REFUSEE) | ~Q(motif_refus=""),
                name="reprise_refusee_a_un_motif",
                violation_error_message="Une reprise refusée a un motif.",
            ),
        ]

    def __str__(self):
        return f"Reprise de « {self.fiche_source} » ({self.territoire})"

    @property
    def est_publiee(self) -> bool:
        return self.etat == EtatReprise.PUBLIEE
