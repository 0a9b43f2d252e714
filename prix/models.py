"""The yearly prize (docs/domaine.md §16.2, the report's proposition 16): an edition and
its grid, departmental then national juries, candidatures, scores and laureates.

The rules (which phase allows what, who may score what, the ranking) live in
prix.regles; every change goes through prix.services."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

NOTE_MAX = 10


class Niveau(models.TextChoices):
    DEPARTEMENTAL = "departemental", "départemental"
    NATIONAL = "national", "national"


class Edition(models.Model):
    """One a year. The phase dates are declared in order in prix.regles.PHASES; the
    current phase is derived from today's date, never stored."""

    annee = models.PositiveSmallIntegerField(
        "année",
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": "Une édition existe déjà pour cette année."},
    )
    nominations_le = models.DateField("ouverture des candidatures")
    jury_departemental_le = models.DateField("début du jury départemental")
    resultats_departementaux_le = models.DateField("résultats départementaux")
    tour_national_le = models.DateField("début du jury national")
    annonce_le = models.DateField("annonce des lauréats nationaux")
    mois_printemps_debut = models.DateField("début du mois de l’innovation")
    mois_printemps_fin = models.DateField("fin du mois de l’innovation")
    nb_laureats_departementaux = models.PositiveSmallIntegerField(
        "lauréats par département", default=3, validators=[MinValueValidator(1)]
    )
    nb_laureats_nationaux = models.PositiveSmallIntegerField(
        "lauréats nationaux", default=3, validators=[MinValueValidator(1)]
    )
    presentation = models.TextField("présentation", blank=True)
    cree_le = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-annee"]
        verbose_name = "édition du prix"
        verbose_name_plural = "éditions du prix"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nominations_le__lt=models.F("jury_departemental_le"))
                & models.Q(jury_departemental_le__lt=models.F("resultats_departementaux_le"))
                & models.Q(resultats_departementaux_le__lt=models.F("tour_national_le"))
                & models.Q(tour_national_le__lt=models.F("annonce_le")),
                name="edition_phases_dans_l_ordre",
                violation_error_message="Les phases de l’édition doivent se suivre dans l’ordre.",
            ),
            models.CheckConstraint(
                condition=models.Q(mois_printemps_debut__lte=models.F("annonce_le"))
                & models.Q(annonce_le__lte=models.F("mois_printemps_fin")),
                name="edition_annonce_pendant_le_mois_de_l_innovation",
                violation_error_message="Les lauréats nationaux sont annoncés pendant le mois "
                "de l’innovation : l’annonce tombe entre son début et sa fin.",
            ),
        ]

    def __str__(self):
        return f"Prix {self.annee}"


class Critere(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteres")
    libelle = models.CharField("libellé", max_length=200)
    description = models.TextField("description", blank=True)
    poids = models.PositiveSmallIntegerField(
        "poids", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["edition", "ordre", "pk"]
        verbose_name = "critère"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "libelle"],
                name="critere_unique_par_edition",
                violation_error_message="Ce critère existe déjà pour cette édition.",
            ),
            models.CheckConstraint(condition=models.Q(poids__gte=1), name="critere_poids_positif"),
        ]

    def __str__(self):
        return self.libelle


class Jury(models.Model):
    """A département's jury (departmental round) or the national jury (département
    empty). Closing it (clos_le) reveals the scores and fixes the ranking; publishing
    it (publie_le) names the laureates."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="jurys")
    niveau = models.CharField(max_length=20, choices=Niveau.choices)
    departement = models.ForeignKey(
        "territoires.Territoire",
        verbose_name="département",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"niveau": "departement"},
        related_name="jurys_du_prix",
    )
    clos_le = models.DateTimeField("clos le", null=True, blank=True)
    publie_le = models.DateTimeField("résultats publiés le", null=True, blank=True)
    motifs = models.TextField("les mots du jury", blank=True)

    class Meta:
        verbose_name = "jury"
        verbose_name_plural = "jurys"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "niveau", "departement"],
                nulls_distinct=False,
                name="jury_unique_par_edition_et_departement",
                violation_error_message="Ce département a déjà son jury pour cette édition.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(niveau="national", departement__isnull=True)
                    | models.Q(niveau="departemental", departement__isnull=False)
                ),
                name="jury_departement_selon_niveau",
                violation_error_message="Un jury départemental a un département, le jury "
                "national n’en a pas.",
            ),
        ]

    def __str__(self):
        lieu = self.departement.nom if self.departement_id else "national"
        return f"Jury {lieu} — prix {self.edition.annee}"


class MembreJuryQuerySet(models.QuerySet):
    def de(self, utilisateur):
        if not utilisateur.is_authenticated:
            return self.none()
        return self.filter(utilisateur=utilisateur)


class MembreJury(models.Model):
    """A juror, invited by e-mail: `utilisateur` is set once the invitation is accepted
    (prix.invitations)."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="membres")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jurys_du_prix",
    )
    email = models.EmailField("adresse e-mail")
    nom = models.CharField("nom", max_length=200)
    president = models.BooleanField("préside le jury", default=False)
    invite_le = models.DateTimeField(default=timezone.now, editable=False)
    accepte_le = models.DateTimeField("invitation acceptée le", null=True, blank=True)

    objects = MembreJuryQuerySet.as_manager()

    class Meta:
        ordering = ["-president", "nom", "pk"]
        verbose_name = "membre d’un jury"
        verbose_name_plural = "membres des jurys"
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "email"],
                name="membre_jury_unique_par_adresse",
                violation_error_message="Cette personne est déjà membre du jury.",
            ),
            models.UniqueConstraint(
                fields=["jury"],
                condition=models.Q(president=True),
                name="un_president_par_jury",
                violation_error_message="Le jury a déjà un président.",
            ),
        ]

    def __str__(self):
        return self.nom or self.email


class Candidature(models.Model):
    class Mode(models.TextChoices):
        NOMINATION = "nomination", "nominée par les modérateurs"
        SPONTANEE = "spontanee", "candidature de l’auteur"
        LAUREATE_DEPARTEMENTALE = "laureate", "lauréate départementale"

    class Etat(models.TextChoices):
        EN_LICE = "en_lice", "en lice"
        LAUREATE = "laureate", "lauréate"
        NON_RETENUE = "non_retenue", "non retenue"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="candidatures")
    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="candidatures")
    fiche = models.ForeignKey(
        "pratiques.Fiche", on_delete=models.CASCADE, related_name="candidatures_au_prix"
    )
    niveau = models.CharField(max_length=20, choices=Niveau.choices)
    departement = models.ForeignKey(
        "territoires.Territoire", on_delete=models.PROTECT, related_name="+"
    )
    proposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidatures_proposees",
    )
    mode = models.CharField(max_length=20, choices=Mode.choices)
    declaration = models.TextField("ce qui fait la réussite de la démarche", blank=True)
    etat = models.CharField(max_length=20, choices=Etat.choices, default=Etat.EN_LICE)
    # Set when the jury closes: the weighted mean of its scores (out of NOTE_MAX), and
    # the rank (equal for a tie until the president settles it).
    score = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    rang = models.PositiveSmallIntegerField(null=True, blank=True)
    cree_le = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["rang", "cree_le", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "fiche", "niveau"],
                name="candidature_unique_par_niveau",
                violation_error_message="Cette fiche est déjà candidate à cette édition.",
            ),
        ]

    def __str__(self):
        return f"{self.fiche} ({self.get_niveau_display()}, {self.edition.annee})"


class Note(models.Model):
    membre = models.ForeignKey(MembreJury, on_delete=models.CASCADE, related_name="notes")
    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="notes")
    critere = models.ForeignKey(Critere, on_delete=models.CASCADE, related_name="notes")
    valeur = models.PositiveSmallIntegerField(validators=[MaxValueValidator(NOTE_MAX)])
    commentaire = models.TextField("commentaire", blank=True)
    modifiee_le = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membre", "candidature", "critere"],
                name="note_unique_par_critere",
            ),
            models.CheckConstraint(
                condition=models.Q(valeur__lte=NOTE_MAX), name="note_dans_l_echelle"
            ),
        ]

    def __str__(self):
        return f"{self.critere} : {self.valeur}"


class ConflitDeclare(models.Model):
    membre = models.ForeignKey(MembreJury, on_delete=models.CASCADE, related_name="conflits")
    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="conflits")
    motif = models.CharField("motif", max_length=300)
    declare_le = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "conflit d’intérêts déclaré"
        verbose_name_plural = "conflits d’intérêts déclarés"
        constraints = [
            models.UniqueConstraint(
                fields=["membre", "candidature"], name="conflit_unique_par_candidature"
            ),
        ]

    def __str__(self):
        return f"{self.membre} — {self.candidature}"


class LaureatQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(candidature__jury__publie_le__isnull=False)


class Laureat(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="laureats")
    candidature = models.OneToOneField(
        Candidature, on_delete=models.CASCADE, related_name="laureat"
    )
    fiche = models.ForeignKey(
        "pratiques.Fiche", on_delete=models.CASCADE, related_name="prix_obtenus"
    )
    niveau = models.CharField(max_length=20, choices=Niveau.choices)
    rang = models.PositiveSmallIntegerField()
    departement = models.ForeignKey(
        "territoires.Territoire", on_delete=models.PROTECT, related_name="+"
    )

    objects = LaureatQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "niveau", "departement__code", "rang"]
        verbose_name = "lauréat"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "fiche", "niveau"], name="laureat_unique_par_niveau"
            ),
        ]

    def __str__(self):
        return f"{self.fiche} — {self.libelle}"

    @property
    def libelle(self) -> str:
        """« Lauréate du prix 2027 — Nord, 1re » / « … — national, 2e »."""
        lieu = self.departement.nom if self.niveau == Niveau.DEPARTEMENTAL else "national"
        ordinal = "1re" if self.rang == 1 else f"{self.rang}e"
        return f"Lauréate du prix {self.edition.annee} — {lieu}, {ordinal}"
