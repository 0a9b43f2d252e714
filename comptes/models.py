from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Organisation(models.Model):
    """A partner organisation (CAF, MSA, CCAS network, research lab, other site)."""

    class Type(models.TextChoices):
        CAF = "caf", "CAF"
        MSA = "msa", "MSA"
        RESEAU_CCAS = "reseau_ccas", "Réseau de CCAS / CIAS"
        COLLECTIVITE = "collectivite", "Collectivité territoriale"
        ETAT = "etat", "Services de l’État"
        ASSOCIATION = "association", "Association ou fédération"
        RECHERCHE = "recherche", "Établissement de formation ou de recherche"
        SITE_PARTENAIRE = "site", "Site ou plateforme partenaire"
        AUTRE = "autre", "Autre"

    nom = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=20, choices=Type.choices)
    site_web = models.URLField(blank=True)
    # Set by a national administrator (partenaires pages): the organisation's imports
    # publish directly instead of going through moderation (docs/domaine.md §7.2).
    de_confiance = models.BooleanField("de confiance", default=False)
    cree_le = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class UtilisateurQuerySet(models.QuerySet):
    """Who moderates, in SQL. The rule (docs/domaine.md): the fiches of a département
    go to its modérateurs, national fiches (no département) to the national
    administrators, who may also act on any fiche. `Utilisateur.modere_en` reads the
    same rule on one person; pratiques.cycle.peut_moderer and
    `Fiche.objects.moderables_par` derive from these two."""

    def admins_nationaux(self):
        return self.filter(
            models.Q(role=Utilisateur.Role.ADMIN_NATIONAL) | models.Q(is_superuser=True)
        )

    def moderateurs_de(self, departement):
        """Active people in whose queue the fiches of `departement` (a Territoire, its
        pk, or an OuterRef) land: its modérateurs; for None (national fiches), the
        national administrators. They are notified of submissions and get the weekly
        digest."""
        actifs = self.filter(is_active=True)
        if departement is None:
            return actifs.admins_nationaux()
        return actifs.filter(role=Utilisateur.Role.MODERATEUR, departements=departement)

    def moderateurs(self):
        """Every active person with a moderation queue, wherever it is."""
        return self.filter(is_active=True).filter(
            models.Q(role=Utilisateur.Role.MODERATEUR)
            | models.Q(role=Utilisateur.Role.ADMIN_NATIONAL)
            | models.Q(is_superuser=True)
        )


class UtilisateurManager(BaseUserManager.from_queryset(UtilisateurQuerySet)):
    use_in_migrations = True

    def _creer(self, email, password, **champs):
        if not email:
            raise ValueError("An e-mail address is required.")
        utilisateur = self.model(email=self.normalize_email(email).lower(), **champs)
        utilisateur.set_password(password)
        utilisateur.full_clean(exclude=["password"])
        utilisateur.save(using=self._db)
        return utilisateur

    def create_user(self, email, password=None, **champs):
        champs.setdefault("is_staff", False)
        champs.setdefault("is_superuser", False)
        return self._creer(email, password, **champs)

    def create_superuser(self, email, password=None, **champs):
        champs.update(is_staff=True, is_superuser=True, is_active=True)
        champs.setdefault("role", Utilisateur.Role.ADMIN_NATIONAL)
        champs.setdefault("email_confirme_le", timezone.now())
        return self._creer(email, password, **champs)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class Utilisateur(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address, with one role (docs/domaine.md §6)."""

    class Role(models.TextChoices):
        CONTRIBUTEUR = "contributeur", "Contributeur"
        MODERATEUR = "moderateur", "Modérateur"
        ADMIN_NATIONAL = "admin_national", "Administrateur national"
        PARTENAIRE = "partenaire", "Partenaire"

    # Stored lower-cased (see save), so that the unique index is case-insensitive.
    email = models.EmailField(
        "adresse e-mail",
        max_length=254,
        unique=True,
        error_messages={"unique": "Un compte existe déjà avec cette adresse e-mail."},
    )
    prenom = models.CharField("prénom", max_length=150, blank=True)
    nom = models.CharField("nom", max_length=150, blank=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.CONTRIBUTEUR)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membres",
    )
    # A partner who manages the API keys of their organisation (partenaires pages);
    # set by a national administrator.
    gere_les_cles = models.BooleanField("gère les clés de son organisation", default=False)
    departements = models.ManyToManyField(
        "territoires.Territoire",
        verbose_name="départements modérés",
        limit_choices_to={"niveau": "departement"},
        blank=True,
        related_name="moderateurs",
    )
    is_active = models.BooleanField("actif", default=False)
    is_staff = models.BooleanField("accès à l’administration", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    email_confirme_le = models.DateTimeField("adresse confirmée le", null=True, blank=True)

    objects = UtilisateurManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="utilisateur_email_en_minuscules",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="partenaire") | models.Q(organisation__isnull=False),
                name="partenaire_rattache_a_une_organisation",
                violation_error_message="Un partenaire est rattaché à une organisation.",
            ),
        ]

    def __str__(self):
        return self.nom_complet or self.email

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip()

    @property
    def est_moderateur(self) -> bool:
        return self.role == self.Role.MODERATEUR

    @property
    def est_admin_national(self) -> bool:
        return self.role == self.Role.ADMIN_NATIONAL or self.is_superuser

    @property
    def est_partenaire(self) -> bool:
        return self.role == self.Role.PARTENAIRE

    def modere_en(self, departement_id: int | None) -> bool:
        """Whether this person is among `Utilisateur.objects.moderateurs_de(departement_id)`:
        the same rule, read on one person (no query once `departements` is prefetched)."""
        if not self.is_active:
            return False
        if departement_id is None:
            return self.est_admin_national
        return self.est_moderateur and any(d.pk == departement_id for d in self.departements.all())
