"""Collectifs locaux de développement social (docs/domaine.md, Proposition 9 of the
report): self-declared groups of elected people, professionals, associations and
inhabitants of a territory, recognised for three years by their département.

Every change of state goes through collectifs.services; the recognition states and
their transitions are declared once in collectifs.cycle, the composition rule in
collectifs.composition. (A little over 500 lines: the ten small tables of one domain.)
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from pratiques.models import Fiche
from territoires.models import Territoire


def euros(montant: int) -> str:
    """ "12 500 €", with the narrow no-break space French uses between thousands."""
    return f"{montant:,}".replace(",", "\u202f") + "\u00a0€"


class College(models.TextChoices):
    """The four collèges a member belongs to (one each)."""

    ELUS = "elus", "Élus et responsables d’institutions"
    PROFESSIONNELS = "professionnels", "Professionnels (administrations, structures aidées)"
    ASSOCIATIONS = "associations", "Associations d’habitants, d’usagers ou de militants"
    HABITANTS = "habitants", "Habitants"


class Forme(models.TextChoices):
    INFORMEL = "informel", "Collectif informel"
    ASSOCIATION = "association", "Association"
    AUTRE = "autre", "Autre forme"


class EtatReconnaissance(models.TextChoices):
    """Where the collectif's recognition stands; transitions in collectifs.cycle."""

    DECLARE = "declare", "Déclaré"
    CANDIDATURE = "candidature", "Candidature en cours d’examen"
    MODIFICATIONS_DEMANDEES = "modifications_demandees", "Modifications demandées"
    RECONNU = "reconnu", "Reconnu"
    REFUSE = "refuse", "Reconnaissance refusée"
    EXPIRE = "expire", "Reconnaissance expirée"


class Motif(models.TextChoices):
    """Reason codes of a change request or a refusal by the département."""

    COMPOSITION = "composition", "Composition à préciser"
    GOUVERNANCE = "gouvernance", "Gouvernance ou fonctionnement à préciser"
    PROJET = "projet", "Projet trop imprécis"
    HORS_CHAMP = "hors_champ", "Hors du champ du développement social local"
    QUOTA = "quota", "Quota ou enveloppe de l’année atteints"
    AUTRE = "autre", "Autre motif"


# --- The collectif ------------------------------------------------------------------


class CollectifQuerySet(models.QuerySet):
    def reconnus(self, *, le=None):
        """Collectifs whose recognition runs on `le` (today by default), including those
        whose renewal is being examined."""
        jour = le or timezone.localdate()
        return self.filter(reconnu_le__lte=jour, reconnu_jusqu_au__gte=jour)

    def non_reconnus(self, *, le=None):
        return self.exclude(pk__in=self.model.objects.reconnus(le=le).values("pk"))

    def dans(self, territoire):
        """Collectifs acting in `territoire` or anywhere inside it (its communes for a
        département), read from the territories' containment arrays."""
        return self.filter(
            Exists(
                Territoire.objects.filter(collectifs=OuterRef("pk")).filter(
                    Q(pk=territoire.pk) | Q(ancetres__contains=[territoire.pk])
                )
            )
        )

    def portant_des_fiches(self, *, thematique=None):
        """Collectifs that carry at least one published fiche (of `thematique`)."""
        fiches = Fiche.objects.publiees().filter(collectif=OuterRef("pk"))
        if thematique is not None:
            fiches = fiches.filter(thematiques_ids__contains=[thematique.pk])
        return self.filter(Exists(fiches))

    def fiches_portees(self):
        """The published fiches carried by these collectifs: what a search facet
        « portée par un collectif » filters on (`Fiche.pk__in=…`)."""
        return Fiche.objects.publiees().filter(collectif__in=self.values("pk")).values("pk")

    def a_examiner_par(self, utilisateur):
        """Collectifs whose recognition falls to this user (see services.peut_reconnaitre):
        national administrators all, a modérateur those of their départements."""
        if not utilisateur.is_authenticated:
            return self.none()
        if utilisateur.est_admin_national:
            return self
        if utilisateur.est_moderateur:
            return self.filter(departement__in=utilisateur.departements.all())
        return self.none()


class Collectif(models.Model):
    slug = models.SlugField(max_length=220, unique=True)
    nom = models.CharField("nom", max_length=200)
    description = models.TextField(
        "description", help_text="Ce que fait le collectif, pour qui, avec qui."
    )
    territoires = models.ManyToManyField(
        "territoires.Territoire", verbose_name="territoires d’action", related_name="collectifs"
    )
    date_creation = models.DateField("date de création", null=True, blank=True)
    forme = models.CharField("forme", max_length=20, choices=Forme.choices)
    gouvernance = models.TextField(
        "gouvernance", help_text="Comment le collectif prend ses décisions et s’organise."
    )
    departement = models.ForeignKey(
        "territoires.Territoire",
        verbose_name="département de reconnaissance",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collectifs_a_reconnaitre",
        help_text="Vide : instance nationale (plusieurs départements, région, France).",
    )
    etat = models.CharField(
        "reconnaissance",
        max_length=30,
        choices=EtatReconnaissance.choices,
        default=EtatReconnaissance.DECLARE,
    )
    reconnu_le = models.DateField("reconnu depuis le", null=True, blank=True)
    reconnu_jusqu_au = models.DateField("reconnu jusqu’au", null=True, blank=True)
    candidature_le = models.DateTimeField("candidature déposée le", null=True, blank=True)
    cree_le = models.DateTimeField("déclaré le", default=timezone.now, editable=False)
    modifie_le = models.DateTimeField("modifié le", default=timezone.now)
    declare_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déclaré par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CollectifQuerySet.as_manager()

    class Meta:
        ordering = ["nom", "pk"]
        indexes = [models.Index(fields=["etat", "departement"], name="collectif_etat_dep")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reconnu_le__isnull=True, reconnu_jusqu_au__isnull=True)
                | Q(reconnu_jusqu_au__gt=models.F("reconnu_le")),
                name="collectif_periode_de_reconnaissance",
            ),
            models.CheckConstraint(
                condition=~Q(etat="reconnu") | Q(reconnu_le__isnull=False),
                name="collectif_reconnu_a_une_periode",
            ),
        ]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("collectifs:collectif", args=[self.slug])

    def est_reconnu(self, *, le=None) -> bool:
        jour = le or timezone.localdate()
        return bool(self.reconnu_le and self.reconnu_le <= jour <= self.reconnu_jusqu_au)


# --- Members ------------------------------------------------------------------------


class MembreQuerySet(models.QuerySet):
    def acceptes(self):
        return self.filter(statut=Membre.Statut.ACCEPTE)

    def animateurs(self):
        return self.acceptes().filter(role=Membre.Role.ANIMATEUR)


class Membre(models.Model):
    """A platform user in a collectif (or asking to join it), in one collège. Their
    name is shown publicly only if they chose so (`nom_public`, off by default)."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "Demande en attente"
        ACCEPTE = "accepte", "Membre"

    class Role(models.TextChoices):
        MEMBRE = "membre", "Membre"
        ANIMATEUR = "animateur", "Animateur ou animatrice"

    collectif = models.ForeignKey(Collectif, on_delete=models.CASCADE, related_name="membres")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    college = models.CharField("collège", max_length=20, choices=College.choices)
    fonction = models.CharField(
        "fonction ou structure",
        max_length=200,
        blank=True,
        help_text="Par exemple « adjointe au maire », « CAF du Nord », « association "
        "des locataires ».",
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.MEMBRE)
    statut = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    nom_public = models.BooleanField("nom affiché publiquement", default=False)
    message = models.TextField("message de la demande", blank=True)
    demande_le = models.DateTimeField(default=timezone.now)
    accepte_le = models.DateTimeField(null=True, blank=True)

    objects = MembreQuerySet.as_manager()

    class Meta:
        ordering = ["college", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectif", "utilisateur"], name="membre_unique_par_collectif"
            ),
            models.CheckConstraint(
                condition=~Q(role="animateur") | Q(statut="accepte"),
                name="animateur_est_membre_accepte",
            ),
        ]

    def __str__(self):
        return f"{self.utilisateur} — {self.collectif} ({self.get_college_display()})"

    @property
    def est_animateur(self) -> bool:
        return self.statut == self.Statut.ACCEPTE and self.role == self.Role.ANIMATEUR

    @property
    def nom_affiche(self) -> str:
        """The name as the collectif's pages show it to those allowed to see it; never
        any part of an e-mail address."""
        return self.utilisateur.nom_complet or "Nom non renseigné"


# --- Means ----------------------------------------------------------------------------


class Financement(models.Model):
    collectif = models.ForeignKey(Collectif, on_delete=models.CASCADE, related_name="financements")
    financeur = models.CharField("financeur", max_length=200)
    montant = models.PositiveIntegerField("montant (en euros)")
    annee_debut = models.PositiveSmallIntegerField("première année")
    annee_fin = models.PositiveSmallIntegerField("dernière année")

    class Meta:
        ordering = ["annee_debut", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annee_fin__gte=models.F("annee_debut")),
                name="financement_fin_apres_debut",
            )
        ]

    def __str__(self):
        return f"{self.financeur} : {self.montant} €"

    @property
    def annees(self) -> str:
        if self.annee_debut == self.annee_fin:
            return str(self.annee_debut)
        return f"{self.annee_debut}–{self.annee_fin}"


class MiseADisposition(models.Model):
    """A professional of a founding organisation working part-time for the collectif."""

    collectif = models.ForeignKey(
        Collectif, on_delete=models.CASCADE, related_name="mises_a_disposition"
    )
    organisation = models.CharField("organisation", max_length=200)
    part_de_temps = models.PositiveSmallIntegerField("part de temps (en %)")
    duree_mois = models.PositiveSmallIntegerField("durée (en mois)")
    role = models.CharField("rôle dans le collectif", max_length=300)

    class Meta:
        ordering = ["pk"]
        verbose_name = "mise à disposition"
        verbose_name_plural = "mises à disposition"
        constraints = [
            models.CheckConstraint(
                condition=Q(part_de_temps__gte=1, part_de_temps__lte=100),
                name="mise_a_disposition_part_de_temps",
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.part_de_temps} %)"


class TiersAccompagnant(models.Model):
    """The accompanying third party, in a research-action logic."""

    class Type(models.TextChoices):
        RECHERCHE = "recherche", "Université ou laboratoire de recherche"
        FORMATION = "formation", "Établissement de formation en travail social"
        RESEAU = "reseau", "Association ou réseau d’éducation populaire"
        CONSEIL = "conseil", "Cabinet ou intervenant indépendant"
        AUTRE = "autre", "Autre"

    collectif = models.OneToOneField(
        Collectif, on_delete=models.CASCADE, related_name="tiers_accompagnant"
    )
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=20, choices=Type.choices)
    demarche = models.TextField(
        "démarche de recherche-action",
        help_text="Comment le tiers accompagne le collectif et ce qu’il en fait connaître.",
    )

    class Meta:
        verbose_name = "tiers accompagnant"
        verbose_name_plural = "tiers accompagnants"

    def __str__(self):
        return self.nom


class RapportAnnuel(models.Model):
    """What the collectif did in a year, acknowledged by its département."""

    collectif = models.ForeignKey(Collectif, on_delete=models.CASCADE, related_name="rapports")
    annee = models.PositiveSmallIntegerField("année")
    activites = models.TextField("activités")
    participants_elus = models.PositiveIntegerField("élus et responsables d’institutions")
    participants_professionnels = models.PositiveIntegerField("professionnels")
    participants_associations = models.PositiveIntegerField("représentants d’associations")
    participants_habitants = models.PositiveIntegerField("habitants")
    enseignements = models.TextField("enseignements", help_text="Ce que le collectif a appris.")
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    depose_le = models.DateTimeField(default=timezone.now)
    accuse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accuse_le = models.DateTimeField("réception accusée le", null=True, blank=True)

    class Meta:
        ordering = ["-annee"]
        verbose_name = "rapport annuel"
        verbose_name_plural = "rapports annuels"
        constraints = [
            models.UniqueConstraint(fields=["collectif", "annee"], name="un_rapport_par_annee")
        ]

    def __str__(self):
        return f"Rapport {self.annee} — {self.collectif}"

    def participants(self) -> list[tuple[str, int]]:
        return [
            (College.ELUS.label, self.participants_elus),
            (College.PROFESSIONNELS.label, self.participants_professionnels),
            (College.ASSOCIATIONS.label, self.participants_associations),
            (College.HABITANTS.label, self.participants_habitants),
        ]


# --- Recognition ------------------------------------------------------------------------


class QuotaDepartemental(models.Model):
    """How many collectifs a département recognises in a year, and the envelope (in
    euros) it commits to them; `departement` empty: the national body's."""

    departement = models.ForeignKey(
        "territoires.Territoire",
        verbose_name="département",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"niveau": "departement"},
        related_name="quotas_collectifs",
    )
    annee = models.PositiveSmallIntegerField("année")
    nombre_max = models.PositiveSmallIntegerField("nombre maximal de reconnaissances")
    enveloppe = models.PositiveIntegerField("enveloppe totale (en euros)")
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    modifie_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "quota départemental"
        verbose_name_plural = "quotas départementaux"
        ordering = ["-annee", "departement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "annee"],
                name="un_quota_par_departement_et_annee",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        lieu = self.departement.nom if self.departement_id else "national"
        return f"Quota {self.annee} ({lieu}) : {self.nombre_max}"


class Reconnaissance(models.Model):
    """One recognition decision: three years of recognition and the amount granted,
    counted against the quota and the envelope of the decision's year."""

    collectif = models.ForeignKey(
        Collectif, on_delete=models.CASCADE, related_name="reconnaissances"
    )
    departement = models.ForeignKey(
        "territoires.Territoire", null=True, on_delete=models.PROTECT, related_name="+"
    )
    annee = models.PositiveSmallIntegerField("année du quota")
    debut = models.DateField("début")
    fin = models.DateField("fin")
    montant = models.PositiveIntegerField("montant attribué (en euros)")
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decidee_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decidee_le"]
        indexes = [models.Index(fields=["departement", "annee"], name="reconnaissance_quota")]

    def __str__(self):
        return f"{self.collectif} : {self.debut} → {self.fin}"


class Action(models.TextChoices):
    """What a line of the journal records."""

    DECLARER = "declarer", "Déclaration du collectif"
    MODIFIER = "modifier", "Informations modifiées"
    CANDIDATER = "candidater", "Demande de reconnaissance"
    RENOUVELER = "renouveler", "Demande de renouvellement"
    RECONNAITRE = "reconnaitre", "Reconnaissance"
    DEMANDER_MODIFICATIONS = "demander_modifications", "Modifications demandées"
    REFUSER = "refuser", "Reconnaissance refusée"
    EXPIRER = "expirer", "Fin de la reconnaissance"
    ADHESION_DEMANDEE = "adhesion_demandee", "Demande d’adhésion"
    ADHESION_ACCEPTEE = "adhesion_acceptee", "Adhésion acceptée"
    ADHESION_DECLINEE = "adhesion_declinee", "Adhésion déclinée"
    DEPART = "depart", "Départ d’un membre"
    DEMANDE_RETIREE = "demande_retiree", "Demande d’adhésion retirée"
    MEMBRE_RETIRE = "membre_retire", "Membre retiré"
    ANIMATEUR_NOMME = "animateur_nomme", "Animateur nommé"
    ANIMATEUR_RETIRE = "animateur_retire", "Fin d’animation"
    FINANCEMENT_AJOUTE = "financement_ajoute", "Financement ajouté"
    FINANCEMENT_SUPPRIME = "financement_supprime", "Financement supprimé"
    MISE_A_DISPOSITION_AJOUTE = "mise_a_disposition_ajoute", "Mise à disposition ajoutée"
    MISE_A_DISPOSITION_SUPPRIME = "mise_a_disposition_supprime", "Mise à disposition supprimée"
    TIERS_DEFINI = "tiers_defini", "Tiers accompagnant renseigné"
    TIERS_RETIRE = "tiers_retire", "Tiers accompagnant retiré"
    RAPPORT_DEPOSE = "rapport_depose", "Rapport annuel déposé"
    RAPPORT_RECU = "rapport_recu", "Réception du rapport accusée"
    FICHE_LIEE = "fiche_liee", "Fiche liée"
    FICHE_DELIEE = "fiche_deliee", "Fiche déliée"


class EvenementCollectif(models.Model):
    """The collectif's journal: every recognition transition (from, to, reasons) and
    every change of membership, with who did it and when."""

    collectif = models.ForeignKey(Collectif, on_delete=models.CASCADE, related_name="evenements")
    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now, editable=False)
    action = models.CharField(max_length=40, choices=Action.choices)
    etat_avant = models.CharField(max_length=30, choices=EtatReconnaissance.choices, blank=True)
    etat_apres = models.CharField(max_length=30, choices=EtatReconnaissance.choices, blank=True)
    motif = models.CharField(max_length=30, choices=Motif.choices, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return f"{self.collectif_id}: {self.action} {self.etat_avant or '∅'} → {self.etat_apres}"


class Rappel(models.Model):
    """A reminder sent once: (collectif, type, cle) is unique, `cle` naming what it is
    about (the report's year, the end date of the recognition)."""

    class Type(models.TextChoices):
        RAPPORT = "rapport", "Rapport annuel attendu"
        EXPIRATION = "expiration", "Fin de la reconnaissance dans trois mois"
        RENOUVELLEMENT = "renouvellement", "Reconnaissance expirée : renouvellement"

    collectif = models.ForeignKey(Collectif, on_delete=models.CASCADE, related_name="rappels")
    type = models.CharField(max_length=20, choices=Type.choices)
    cle = models.CharField(max_length=20)
    envoye_le = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collectif", "type", "cle"], name="rappel_unique")
        ]

    def __str__(self):
        return f"{self.get_type_display()} ({self.cle}) — {self.collectif_id}"
