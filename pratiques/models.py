"""A fiche describes one inspiring practice and lives through the states of
pratiques.cycle (see docs/domaine.md). Every change of state goes through
pratiques.services.

Over 500 lines on purpose: one table graph (the fiche, its vocabularies, revisions,
events, attachments, and the search index that mirrors it), whose foreign keys and
constraints read best side by side."""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from territoires.models import Territoire

# --- Vocabularies (docs/domaine.md §3), seeded by a data migration -----------------------


class Vocabulaire(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    definition = models.TextField("définition", blank=True)
    references = models.JSONField("références", default=list, blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)
    actif = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle


class Thematique(Vocabulaire):
    class Meta(Vocabulaire.Meta):
        verbose_name = "thématique"


class FormeIntervention(Vocabulaire):
    class Meta(Vocabulaire.Meta):
        verbose_name = "forme d’intervention collective"
        verbose_name_plural = "formes d’intervention collective"


class Public(Vocabulaire):
    class Meta(Vocabulaire.Meta):
        verbose_name = "public"


class NiveauParticipation(Vocabulaire):
    class Meta(Vocabulaire.Meta):
        verbose_name = "niveau de participation"
        verbose_name_plural = "niveaux de participation"


class TypeStructure(Vocabulaire):
    """Type of a porteur or a partner (département, CAF, association…)."""

    class Meta(Vocabulaire.Meta):
        verbose_name = "type de structure"
        verbose_name_plural = "types de structure"


# --- Choices ------------------------------------------------------------------------


class Etat(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise"
    MODIFICATIONS_DEMANDEES = "modifications_demandees", "Modifications demandées"
    PUBLIEE = "publiee", "Publiée"
    REFUSEE = "refusee", "Refusée"
    ARCHIVEE = "archivee", "Archivée"


ETATS_EN_COURS_D_ECRITURE = [Etat.BROUILLON, Etat.MODIFICATIONS_DEMANDEES]


class Echelle(models.TextChoices):
    QUARTIER = "quartier", "Quartier"
    COMMUNE = "commune", "Commune"
    INTERCOMMUNALITE = "intercommunalite", "Intercommunalité"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    NATIONAL = "national", "National"


class StatutAction(models.TextChoices):
    PROPOSITION = "proposition", "Proposition"
    EN_PROJET = "en_projet", "En projet"
    EN_COURS = "en_cours", "En cours"
    TERMINEE = "terminee", "Terminée"
    PERENNISEE = "perennisee", "Pérennisée"
    ESSAIMEE = "essaimee", "Essaimée"


class PrecisionDate(models.TextChoices):
    JOUR = "jour", "Jour"
    MOIS = "mois", "Mois"
    ANNEE = "annee", "Année"
    APPROXIMATIVE = "approximative", "Approximative"


class MethodeEvaluation(models.TextChoices):
    AUCUNE = "aucune", "Aucune"
    AUTO_EVALUATION = "auto_evaluation", "Auto-évaluation"
    PARTICIPATIVE = "participative", "Évaluation participative"
    EXTERNE = "externe", "Évaluation externe"


class Budget(models.TextChoices):
    MOINS_5K = "moins_5k", "Moins de 5 000 €"
    DE_5K_A_20K = "5k_20k", "De 5 000 à 20 000 €"
    DE_20K_A_100K = "20k_100k", "De 20 000 à 100 000 €"
    PLUS_100K = "plus_100k", "Plus de 100 000 €"


class Motif(models.TextChoices):
    """Reason codes of a change request or a refusal."""

    DONNEES_PERSONNELLES = "donnees_personnelles", "Données personnelles à retirer"
    INCOMPLETE = "incomplete", "Fiche incomplète ou trop vague"
    HORS_CHAMP = "hors_champ", "Hors du champ du développement social"
    DOUBLON = "doublon", "Doublon d’une fiche existante"
    PROMOTIONNEL = "promotionnel", "Contenu promotionnel ou commercial"
    INEXACT = "inexact", "Informations inexactes ou invérifiables"
    AUTRE = "autre", "Autre motif"


# --- The fiche ---------------------------------------------------------------------

CONFIG_RECHERCHE = "french_unaccent"  # created by core/migrations/0001_initial.py
CHAMPS_RECHERCHE_C = [
    "contexte", "objectifs", "description", "moyens_humains", "moyens_financiers",
    "moyens_materiels", "impacts_organisationnels", "leviers", "freins", "resultats",
    "reproduire_prerequis", "reproduire_premieres_etapes", "reproduire_ecueils", "origine",
    "beneficiaires", "personnage_principal",
]  # fmt: skip
CHAMPS_RECHERCHE_D = ["porteur_nom", "partenaires_noms", "quartier", "financeurs"]
PUBLIEE = Q(etat="publiee")


class FicheQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(etat=Etat.PUBLIEE)

    def de(self, utilisateur):
        return self.filter(auteur=utilisateur)

    def en_attente_de_moderation(self):
        """Submitted fiches, and published fiches with a submitted revision, annotated
        with `date_soumission` (when what waits was submitted)."""
        revision_soumise = Revision.objects.filter(fiche=models.OuterRef("pk"), etat=Etat.SOUMISE)
        return (
            self.annotate(
                revision_soumise_le=models.Subquery(revision_soumise.values("soumise_le")[:1])
            )
            .filter(Q(etat=Etat.SOUMISE) | Q(revision_soumise_le__isnull=False))
            .annotate(date_soumission=Coalesce("revision_soumise_le", "soumise_le"))
        )

    def moderables_par(self, utilisateur):
        """Fiches this user may moderate: pratiques.cycle.peut_moderer as a filter. Every
        fiche for a national administrator; otherwise those of the départements where
        the user is among `Utilisateur.objects.moderateurs_de`, except their own."""
        if not utilisateur.is_authenticated:
            return self.none()
        if utilisateur.est_admin_national:
            return self
        parmi_les_moderateurs = (
            get_user_model()
            .objects.moderateurs_de(models.OuterRef("departement_moderation"))
            .filter(pk=utilisateur.pk)
        )
        return self.filter(models.Exists(parmi_les_moderateurs)).exclude(auteur=utilisateur)


class Fiche(models.Model):
    # identity
    slug = models.SlugField(max_length=220, unique=True)
    titre = models.CharField("titre", max_length=200)
    resume = models.CharField("résumé", max_length=600)
    # classification
    thematiques = models.ManyToManyField(Thematique, verbose_name="thématiques")
    formes_intervention = models.ManyToManyField(
        FormeIntervention, verbose_name="formes d’intervention collective"
    )
    publics = models.ManyToManyField(Public, verbose_name="publics", blank=True)
    niveau_participation = models.ForeignKey(
        NiveauParticipation,
        verbose_name="niveau de participation des personnes",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # place
    territoires = models.ManyToManyField(
        "territoires.Territoire", verbose_name="territoires d’action", related_name="fiches"
    )
    echelle = models.CharField("échelle", max_length=20, choices=Echelle.choices)
    quartier = models.CharField("quartier", max_length=200, blank=True)
    # context and content
    contexte = models.TextField("contexte et diagnostic de départ", blank=True)
    objectifs = models.TextField("objectifs", blank=True)
    description = models.TextField("description et déroulement", blank=True)
    porteur_nom = models.CharField("porteur", max_length=200, blank=True)
    porteur_type = models.ForeignKey(
        TypeStructure,
        verbose_name="type de porteur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fiches_portees",
    )
    # means
    moyens_humains = models.TextField("moyens humains", blank=True)
    moyens_financiers = models.TextField("moyens financiers", blank=True)
    budget = models.CharField(
        "ordre de grandeur du budget", max_length=12, choices=Budget.choices, blank=True
    )
    financeurs = models.CharField("financeurs", max_length=500, blank=True)
    moyens_materiels = models.TextField("moyens matériels", blank=True)
    impacts_organisationnels = models.TextField("impacts organisationnels", blank=True)
    # lessons
    leviers = models.TextField("leviers et conditions de réussite", blank=True)
    freins = models.TextField("freins et difficultés rencontrées", blank=True)
    resultats = models.TextField("résultats et évaluation", blank=True)
    methode_evaluation = models.CharField(
        "méthode d’évaluation", max_length=20, choices=MethodeEvaluation.choices, blank=True
    )
    # reproducibility: the heart of capitalisation
    reproduire_prerequis = models.TextField("prérequis", blank=True)
    reproduire_premieres_etapes = models.TextField("premières étapes", blank=True)
    reproduire_ecueils = models.TextField("écueils à éviter", blank=True)
    # origin: the three questions of the prévention spécialisée network
    origine = models.TextField("qui est à l’origine de l’action", blank=True)
    beneficiaires = models.TextField("qui en bénéficie, et comment", blank=True)
    personnage_principal = models.TextField("qui en est le « personnage principal »", blank=True)
    # time
    statut_action = models.CharField(
        "statut de l’action", max_length=20, choices=StatutAction.choices
    )
    date_debut = models.DateField("date de début", null=True, blank=True)
    date_debut_precision = models.CharField(
        "précision de la date de début", max_length=15, choices=PrecisionDate.choices, blank=True
    )
    date_fin = models.DateField("date de fin", null=True, blank=True)
    date_fin_precision = models.CharField(
        "précision de la date de fin", max_length=15, choices=PrecisionDate.choices, blank=True
    )
    duree_rythme = models.CharField("durée et rythme", max_length=300, blank=True)
    # sources and contact (the e-mail address is never shown)
    contact_structure = models.CharField("structure à contacter", max_length=200, blank=True)
    contact_role = models.CharField(
        "fonction de la personne à contacter", max_length=200, blank=True
    )
    contact_email = models.EmailField("adresse e-mail de contact (jamais affichée)", blank=True)
    liens = models.JSONField("liens", default=list, blank=True)
    sources = models.JSONField("sources", default=list, blank=True)
    commentaires = models.TextField("commentaires", blank=True)
    # meta
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fiches",
    )
    collectif = models.ForeignKey(
        "collectifs.Collectif",
        verbose_name="collectif lié",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fiches",
    )
    # Kept by prix.services when a jury publishes its laureates (facet "laureate").
    laureate = models.BooleanField(
        "lauréate du prix", default=False, db_default=False, editable=False
    )
    # The fiche this one was written from (essaimage: a reprise's own fiche), set by
    # essaimage.services; the page names it ("Inspirée de …") without another query.
    inspiree_de = models.ForeignKey(
        "self",
        verbose_name="inspirée de",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fiches_inspirees",
        editable=False,
    )
    etat = models.CharField(max_length=30, choices=Etat.choices, default=Etat.BROUILLON)
    departement_moderation = models.ForeignKey(
        "territoires.Territoire",
        verbose_name="département de modération",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fiches_a_moderer",
        help_text="Vide : modération nationale (plusieurs départements, région, France, étranger).",
    )
    version = models.PositiveIntegerField(default=1)
    # The editor's step (pratiques.etapes) its author was going to at the last save:
    # "Reprendre" opens the draft there.
    derniere_etape = models.CharField("dernière étape", max_length=40, blank=True, default="")
    cree_le = models.DateTimeField("créée le", default=timezone.now, editable=False)
    modifiee_le = models.DateTimeField("modifiée le", default=timezone.now)
    soumise_le = models.DateTimeField("soumise le", null=True, blank=True)
    publiee_le = models.DateTimeField("publiée le", null=True, blank=True)
    # Last "toujours d'actualité" from its author (pratiques.actualite).
    confirmee_le = models.DateTimeField("confirmée d’actualité le", null=True, blank=True)
    source_import = models.CharField("source d’import", max_length=100, blank=True)
    identifiant_externe = models.CharField("identifiant externe", max_length=200, blank=True)
    licence = models.CharField(max_length=40, default="etalab-2.0")

    # --- Derived from the fields above (see pratiques.contenu.appliquer and
    # docs/decisions/0004-recherche.md), copied to IndexRecherche while the fiche is
    # published. Never edited directly.
    partenaires_noms = models.TextField(blank=True, editable=False)
    thematiques_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    formes_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    publics_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    territoires_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    # The fiche's territories and every territory containing them.
    territoires_englobants = ArrayField(models.BigIntegerField(), default=list, editable=False)
    # Its published reprises (essaimage), kept by essaimage.services in the transaction
    # that publishes or withdraws one; facet "reprise ailleurs" and the "reprises" order.
    nb_reprises = models.PositiveIntegerField(default=0, editable=False)
    recherche = models.GeneratedField(
        expression=(
            SearchVector("titre", weight="A", config=CONFIG_RECHERCHE)
            + SearchVector("resume", weight="B", config=CONFIG_RECHERCHE)
            + SearchVector(*CHAMPS_RECHERCHE_C, weight="C", config=CONFIG_RECHERCHE)
            + SearchVector(*CHAMPS_RECHERCHE_D, weight="D", config=CONFIG_RECHERCHE)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Title and summary only: cheap to test, used to pick the candidates to rank.
    recherche_entete = models.GeneratedField(
        expression=(
            SearchVector("titre", weight="A", config=CONFIG_RECHERCHE)
            + SearchVector("resume", weight="B", config=CONFIG_RECHERCHE)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = FicheQuerySet.as_manager()

    class Meta:
        ordering = ["-modifiee_le"]
        indexes = [
            # Search reads IndexRecherche; "Pratiques proches" look for shared themes.
            GinIndex(fields=["thematiques_ids"], name="fiche_thematiques"),
            models.Index(fields=["-publiee_le", "-id"], name="fiche_publiee_le", condition=PUBLIEE),
            # Partners' incremental sync walks published fiches by modification date.
            models.Index(fields=["modifiee_le", "id"], name="fiche_modifiee_le", condition=PUBLIEE),
            models.Index(fields=["etat", "departement_moderation"], name="fiche_etat_departement"),
            models.Index(fields=["auteur", "etat"], name="fiche_auteur_etat"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_import", "identifiant_externe"],
                condition=~Q(source_import=""),
                name="fiche_identifiant_externe_unique_par_source",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True)
                | Q(date_debut__isnull=True)
                | Q(date_fin__gte=models.F("date_debut")),
                name="fiche_fin_apres_debut",
            ),
            # The search index orders published fiches by this date.
            models.CheckConstraint(
                condition=~Q(etat="publiee") | Q(publiee_le__isnull=False),
                name="fiche_publiee_a_une_date_de_publication",
                violation_error_message="Une fiche publiée a une date de publication.",
            ),
        ]

    def __str__(self):
        return self.titre

    @property
    def est_publiee(self) -> bool:
        return self.etat == Etat.PUBLIEE

    def revision_ouverte(self):
        """The revision of a published fiche still being written or moderated, if any."""
        return self.revisions.filter(etat__in=Revision.ETATS_OUVERTS).first()


class IndexRecherche(models.Model):
    """What search filters, counts and orders, one narrow row per published fiche.

    Written only by PostgreSQL triggers on pratiques_fiche (declared with
    django-pgtrigger in pratiques.recherche.declencheurs, which copies every column
    here from the fiche's column of the same name, and adds to the vector the labels
    and place names the fiche is found by), in the transaction of the change:
    a fiche gets its row when it is published, the row follows every change, and goes
    when the fiche is archived or deleted. Searching here rather than in
    pratiques_fiche reads about a tenth of the pages (no long texts); see
    docs/decisions/0004-recherche.md. Never written by Django.
    """

    fiche = models.OneToOneField(
        Fiche, primary_key=True, on_delete=models.DO_NOTHING, related_name="index_recherche"
    )
    publiee_le = models.DateTimeField()
    modifiee_le = models.DateTimeField()
    recherche = SearchVectorField()
    entete = SearchVectorField()  # title and summary: the candidates to rank come first
    thematiques_ids = ArrayField(models.IntegerField())
    formes_ids = ArrayField(models.IntegerField())
    publics_ids = ArrayField(models.IntegerField())
    territoires_ids = ArrayField(models.BigIntegerField())
    territoires_englobants = ArrayField(models.BigIntegerField())
    # The régions and départements among territoires_englobants: their facets.
    zones_ids = ArrayField(models.BigIntegerField())
    niveau_participation = models.ForeignKey(
        NiveauParticipation,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    statut_action = models.CharField(max_length=20)
    # The collectif carrying the fiche (facet "portée par un collectif").
    collectif = models.ForeignKey(
        "collectifs.Collectif",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # A laureate of the prize (facet "lauréate du prix"); null on rows indexed before.
    laureate = models.BooleanField(null=True)
    # Published reprises elsewhere (facet "reprise ailleurs": more than none).
    nb_reprises = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            GinIndex(fields=["recherche"], name="index_recherche_texte"),
            GinIndex(fields=["entete"], name="index_recherche_entete"),
            GinIndex(fields=["thematiques_ids"], name="index_recherche_thematiques"),
            GinIndex(fields=["formes_ids"], name="index_recherche_formes"),
            GinIndex(fields=["publics_ids"], name="index_recherche_publics"),
            GinIndex(fields=["territoires_ids"], name="index_recherche_territoires"),
            GinIndex(fields=["territoires_englobants"], name="index_recherche_englobants"),
            models.Index(fields=["-publiee_le", "-fiche"], name="index_recherche_publiee_le"),
            models.Index(fields=["modifiee_le", "fiche"], name="index_recherche_modifiee_le"),
        ]

    def __str__(self):
        return f"Index de la fiche {self.fiche_id}"


class Synonyme(models.Model):
    """A group of terms of the field that mean the same thing (an acronym and what it
    stands for, two usual names of one thing): a search for any of them finds the
    others (pratiques.recherche.requete). Seeded from pratiques/data/synonymes.json,
    extended by the national administrators in the admin; applied at once to every
    search through its rules (RegleSynonyme), nothing to re-index."""

    termes = ArrayField(
        models.CharField(max_length=200),
        verbose_name="termes équivalents",
        help_text="Séparés par des virgules, par exemple : CAF,caisse d’allocations familiales.",
    )
    actif = models.BooleanField(default=True)

    class Meta:
        verbose_name = "synonyme"
        ordering = ["termes"]

    def __str__(self):
        return " = ".join(self.termes)


class RegleSynonyme(models.Model):
    """A rewriting rule of the synonyms as `ts_rewrite` reads them (tsquery texts): the
    words of a term of an active group, and what replaces them (the OR of the group's
    terms as phrases). Computed from Synonyme by a trigger in the transaction of any
    change (pratiques.recherche.declencheurs), so that a search reads ready rules
    instead of parsing every term again; never edited."""

    cible = models.TextField()
    substitut = models.TextField()

    class Meta:
        verbose_name = "règle de synonyme"

    def __str__(self):
        return f"{self.cible} → {self.substitut}"


class MotDuCorpus(models.Model):
    """A word of the published fiches (titles, summaries, main texts), of the labels
    and of the places' names: what a misspelt search word is compared to (pg_trgm) to
    suggest « Vouliez-vous dire … ? ». Rebuilt as a whole by
    pratiques.recherche.impasses.reconstruire_lexique (nightly task, demo loading);
    never edited."""

    cle = models.CharField(max_length=100, primary_key=True)  # lower case, no accents
    mot = models.CharField(max_length=100)  # its most frequent spelling
    nombre = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "mot du corpus"
        verbose_name_plural = "mots du corpus"
        indexes = [GinIndex(OpClass("cle", name="gin_trgm_ops"), name="mot_du_corpus_trigrammes")]

    def __str__(self):
        return self.mot


class VersionCorpus(models.Model):
    """One row: a number every change of what search shows increments (a publication,
    a revision, an archival, a label, a place name, a synonym), by statement triggers
    (pratiques.recherche.declencheurs), in the transaction of the change. Cached
    search results are keyed by it (pratiques.recherche.moteur): nothing stale is
    ever served. Never written by Django."""

    numero = models.BigIntegerField(default=0)

    def __str__(self):
        return f"Version {self.numero} du corpus"


class TerritoireNomme(Territoire):
    """The territories as search sees them: a proxy that carries the trigger
    re-indexing the fiches of a territory whose name changes (declared in
    pratiques.recherche.declencheurs; territoires knows nothing of fiches)."""

    class Meta:
        proxy = True


class CompteFacette(models.Model):
    """How many published fiches have each facet value (and `total`), kept by statement
    triggers on IndexRecherche (pratiques.recherche.declencheurs, one count key per
    facet declaration) in the transaction of each change: the counts of a search
    without words nor filters (home page, the whole corpus) are read here instead of
    counted. `valeur` is an id as text (a statut's code for `statut`); `territoire`
    counts régions and départements. Never written by Django."""

    facette = models.CharField(max_length=20)
    valeur = models.CharField(max_length=30, blank=True)
    nombre = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facette", "valeur"], name="compte_facette_unique")
        ]

    def __str__(self):
        return f"{self.facette} {self.valeur} : {self.nombre}"


class Partenaire(models.Model):
    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="partenaires")
    nom = models.CharField("nom", max_length=200)
    type = models.ForeignKey(
        TypeStructure, verbose_name="type", null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField("rôle dans l’action", max_length=300, blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.nom


class Revision(models.Model):
    """Changes proposed to a published fiche, moderated while the published version
    stays online. `contenu` has the shape of pratiques.contenu.extraire()."""

    ETATS_OUVERTS = [Etat.BROUILLON, Etat.SOUMISE, Etat.MODIFICATIONS_DEMANDEES]

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="revisions")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    contenu = models.JSONField()
    etat = models.CharField(
        max_length=30,
        choices=[(e.value, e.label) for e in Etat if e != Etat.ARCHIVEE],
        default=Etat.BROUILLON,
    )
    version = models.PositiveIntegerField(default=1)
    cree_le = models.DateTimeField(default=timezone.now, editable=False)
    modifiee_le = models.DateTimeField(default=timezone.now)
    soumise_le = models.DateTimeField(null=True, blank=True)
    decidee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-cree_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiche"],
                condition=Q(etat__in=["brouillon", "soumise", "modifications_demandees"]),
                name="une_seule_revision_ouverte_par_fiche",
            )
        ]

    def __str__(self):
        return f"Révision de « {self.fiche} » ({self.get_etat_display()})"


class EvenementModeration(models.Model):
    """One transition in the life of a fiche or of one of its revisions."""

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="evenements")
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.CASCADE, related_name="evenements"
    )
    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now, editable=False)
    etat_avant = models.CharField(max_length=30, choices=Etat.choices, blank=True)
    etat_apres = models.CharField(max_length=30, choices=Etat.choices)
    motif = models.CharField(max_length=30, choices=Motif.choices, blank=True)
    message = models.TextField(blank=True)
    donnees_personnelles_confirmees = models.BooleanField(
        "publication confirmée malgré des données personnelles signalées", default=False
    )
    signalements = ArrayField(models.CharField(max_length=300), default=list, blank=True)

    class Meta:
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return f"{self.fiche_id}: {self.etat_avant or '∅'} → {self.etat_apres}"


def chemin_piece_jointe(instance, nom):
    """Random names: the name sent by the browser is never used on disk."""
    extension = nom.rsplit(".", 1)[-1] if "." in nom else "bin"
    return f"fiches/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class PieceJointe(models.Model):
    """A PDF or image attached to a fiche; public once the fiche (or the revision that
    brought it) is published."""

    class Type(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "Image PNG"
        JPEG = "image/jpeg", "Image JPEG"
        WEBP = "image/webp", "Image WebP"

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="pieces_jointes")
    revision = models.ForeignKey(
        Revision,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pieces_jointes",
        help_text="Brought by a revision: public only once the revision is published.",
    )
    fichier = models.FileField(upload_to=chemin_piece_jointe, max_length=300)
    titre = models.CharField("titre", max_length=200)
    type_mime = models.CharField(max_length=30, choices=Type.choices)
    taille = models.PositiveIntegerField()
    texte_alternatif = models.CharField("texte alternatif", max_length=300, blank=True)
    texte_extrait = models.TextField(
        blank=True,
        default="",
        help_text="Text of a PDF (bounded), read at upload for the personal-data guard.",
    )
    ajoutee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ajoutee_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["ajoutee_le", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type_mime="application/pdf") | ~Q(texte_alternatif=""),
                name="image_avec_texte_alternatif",
            )
        ]

    def __str__(self):
        return self.titre

    @property
    def est_image(self) -> bool:
        return self.type_mime.startswith("image/")


class Retrait(models.Model):
    """A fiche that left publication (a tombstone): what a partner's incremental sync
    needs to drop its copy (/api/v1/pratiques/retraits/). One row per fiche, written
    only by the triggers that take the fiche out of the search index
    (pratiques.recherche.declencheurs), in the transaction of the departure, whatever
    caused it (a service, the admin, a bulk update, a deletion); the row goes when the
    fiche is published again. Never written by Django. No foreign key: the fiche may
    be deleted."""

    class Motif(models.TextChoices):
        ARCHIVEE = "archivee", "Archivée"
        SUPPRIMEE = "supprimee", "Supprimée"
        DEPUBLIEE = "depubliee", "Retirée de la publication"

    fiche_id = models.BigIntegerField(primary_key=True)
    slug = models.SlugField(max_length=220)
    retiree_le = models.DateTimeField()
    motif = models.CharField(max_length=20, choices=Motif.choices)

    class Meta:
        indexes = [models.Index(fields=["retiree_le", "fiche_id"], name="retrait_retiree_le")]

    def __str__(self):
        return f"{self.slug} ({self.get_motif_display().lower()} le {self.retiree_le:%Y-%m-%d})"


class VersionPubliee(models.Model):
    """What a fiche showed after one publication (its first, then each published
    revision): the whole content with the labels needed to show it, so that an older
    version still reads as it was (docs/domaine.md §8.1). Written
    by pratiques.services.publier, never changed afterwards; see pratiques.versions."""

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="versions_publiees")
    numero = models.PositiveIntegerField("numéro")
    contenu = models.JSONField("contenu publié")
    publiee_le = models.DateTimeField("publiée le", default=timezone.now)
    publiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="publiée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "version publiée"
        verbose_name_plural = "versions publiées"
        ordering = ["fiche", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["fiche", "numero"], name="version_publiee_unique"),
            models.CheckConstraint(condition=Q(numero__gte=1), name="version_publiee_numero_1"),
        ]

    def __str__(self):
        return f"{self.fiche_id} v{self.numero}"


class RappelActualite(models.Model):
    """A reminder of pratiques.actualite handled for a fiche at one step (months after
    publication): its row exists once, whether an e-mail went out or not (no author)."""

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="rappels_actualite")
    palier = models.PositiveSmallIntegerField("palier (mois après la publication)")
    envoye_le = models.DateTimeField("traité le", default=timezone.now)
    courriel = models.BooleanField("courriel envoyé", default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fiche", "palier"],
                name="rappel_actualite_unique_par_palier",
                violation_error_message="Ce rappel a déjà été envoyé pour cette fiche.",
            )
        ]

    def __str__(self):
        return f"{self.fiche_id}: rappel à {self.palier} mois"
