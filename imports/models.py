"""A partner's import: the file, where it stands, and the result of each row.

The file is kept through Django's storage API (a FileField), so that another storage
(S3) needs no change here. `dernier_rang_traite` is the last row whose result is
committed: a task that starts again (a worker died, the message came back) resumes
after it, and never writes a row twice (see imports.services).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def chemin_fichier(instance, nom):
    """Random names: the name sent by the client is kept in `nom_fichier` only."""
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.format}"


class Import(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"
        JSON = "json", "JSON"

    class Etat(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        VALIDATION = "validation", "Vérification en cours"
        VALIDE = "valide", "Vérifié (simulation terminée)"
        EN_COURS = "en_cours", "Import en cours"
        TERMINE = "termine", "Terminé"
        ECHOUE = "echoue", "Échoué"

    # States in which a task works on the import (the page polls its status).
    ACTIFS = [Etat.EN_ATTENTE, Etat.VALIDATION, Etat.EN_COURS]

    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        related_name="imports",
    )
    fichier = models.FileField("fichier", upload_to=chemin_fichier, max_length=300)
    nom_fichier = models.CharField("nom du fichier envoyé", max_length=255)
    format = models.CharField("format", max_length=10, choices=Format.choices)
    simulation = models.BooleanField(
        "simulation", default=False, help_text="Vérifier et compter sans rien écrire, d’abord."
    )
    etat = models.CharField(max_length=20, choices=Etat.choices, default=Etat.EN_ATTENTE)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cle = models.ForeignKey(
        "partenaires.CleApi",
        verbose_name="clé d’API",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("envoyé le", default=timezone.now, editable=False)
    modifie_le = models.DateTimeField("mis à jour le", default=timezone.now)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    # Progress: rows of the file, the last row committed, and the results so far.
    lignes_total = models.PositiveIntegerField("lignes du fichier", null=True, blank=True)
    dernier_rang_traite = models.PositiveIntegerField("dernière ligne traitée", default=0)
    creees = models.PositiveIntegerField("fiches créées", default=0)
    modifiees = models.PositiveIntegerField("fiches modifiées", default=0)
    inchangees = models.PositiveIntegerField("fiches inchangées", default=0)
    rejetees = models.PositiveIntegerField("lignes rejetées", default=0)
    avertissements = models.PositiveIntegerField("lignes avec avertissement", default=0)
    erreur = models.TextField("erreur du fichier", blank=True)

    class Meta:
        verbose_name = "import"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lignes_total__isnull=True)
                | Q(dernier_rang_traite__lte=models.F("lignes_total")),
                name="import_rang_dans_le_fichier",
                violation_error_message="La dernière ligne traitée dépasse le fichier.",
            )
        ]

    def __str__(self):
        return f"Import {self.pk} de {self.organisation} ({self.get_etat_display()})"

    @property
    def actif(self) -> bool:
        return self.etat in self.ACTIFS

    @property
    def pourcentage(self) -> int:
        if not self.lignes_total:
            return 100 if self.etat in (self.Etat.TERMINE, self.Etat.VALIDE) else 0
        return min(100, round(100 * self.dernier_rang_traite / self.lignes_total))


class LigneImport(models.Model):
    """The result of one row of the file: what was (or, in a simulation, would be)
    done, and why a row is rejected or warned about, column by column."""

    class Action(models.TextChoices):
        CREEE = "creee", "Créée"
        MODIFIEE = "modifiee", "Modifiée"
        INCHANGEE = "inchangee", "Inchangée"
        REJETEE = "rejetee", "Rejetée"

    import_lie = models.ForeignKey(
        Import, verbose_name="import", on_delete=models.CASCADE, related_name="lignes"
    )
    rang = models.PositiveIntegerField("ligne")  # 1 = the first data row
    identifiant = models.CharField("identifiant externe", max_length=200, blank=True)
    titre = models.CharField("titre", max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    # [{"colonne": "...", "message": "..."}]
    erreurs = models.JSONField(default=list, blank=True)
    avertissements = models.JSONField(default=list, blank=True)
    fiche = models.ForeignKey(
        "pratiques.Fiche", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.BooleanField("soumise en révision", default=False)

    class Meta:
        verbose_name = "ligne d’import"
        ordering = ["import_lie", "rang"]
        constraints = [
            models.UniqueConstraint(fields=["import_lie", "rang"], name="ligne_import_unique")
        ]

    def __str__(self):
        return f"Ligne {self.rang} ({self.get_action_display()})"
