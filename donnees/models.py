from django.db import models
from django.utils import timezone


class Depot(models.Model):
    """A full dump of the published fiches, written by the nightly task
    (donnees.services.deposer) to the default storage, with what lets a reuser check
    the file they downloaded."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    cree_le = models.DateTimeField("créé le", default=timezone.now)
    format = models.CharField(max_length=10, choices=Format.choices)
    taille = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    fichier = models.FileField(upload_to="donnees/", max_length=200)
    nombre_fiches = models.PositiveIntegerField("nombre de fiches")

    class Meta:
        ordering = ["-cree_le", "format"]
        verbose_name = "dépôt des données"
        verbose_name_plural = "dépôts des données"
        indexes = [models.Index(fields=["format", "-cree_le"], name="depot_format_cree_le")]

    def __str__(self):
        return f"{self.get_format_display()} du {self.cree_le:%Y-%m-%d %H:%M}"

    @property
    def nom_de_fichier(self) -> str:
        return self.fichier.name.rsplit("/", 1)[-1]
