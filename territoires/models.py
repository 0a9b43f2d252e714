"""The official geography in one table: every level, natural keys, containment arrays.

A territory is identified by its level and its code (`Territoire.Niveau`, `code`); the
level is always stored, never guessed from the shape of a code ("32" is both the Gers
and Hauts-de-France). Containment is stored at import time in `ancetres` (the ids of
every territory that contains this one) and `parents` (the ids of the territories
directly above it), so that "everything inside T" and "everything around T" are each
one indexed query. See docs/decisions/0002-territoires.md.
"""

import re
import unicodedata

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import Lower, Trim
from django.urls import reverse
from django.utils import timezone


class Niveau(models.TextChoices):
    """The levels, from the largest to the smallest."""

    PAYS = "pays", "Pays"
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    EPCI = "epci", "Intercommunalité (EPCI)"
    COMMUNE = "commune", "Commune"
    ARRONDISSEMENT = "arrondissement", "Arrondissement municipal"


# The word used in a label such as "Lille (commune 59350)".
NIVEAU_COURT = {
    Niveau.PAYS: "pays",
    Niveau.REGION: "région",
    Niveau.DEPARTEMENT: "département",
    Niveau.EPCI: "EPCI",
    Niveau.COMMUNE: "commune",
    Niveau.ARRONDISSEMENT: "arrondissement",
}

# The heading of a territory's sub-territories on its pages.
TITRES_ENFANTS = {
    Niveau.PAYS: "Régions",
    Niveau.REGION: "Départements",
    Niveau.DEPARTEMENT: "Intercommunalités",
    Niveau.EPCI: "Communes membres",
    Niveau.COMMUNE: "Arrondissements municipaux",
}

NATURES_EPCI = {
    "CC": "Communauté de communes",
    "CA": "Communauté d’agglomération",
    "CU": "Communauté urbaine",
    "METRO": "Métropole",
    "MET69": "Métropole de Lyon",
}

CODE_FRANCE = "FR"

# Orders a queryset from the largest level to the smallest.
RANG_NIVEAU = Case(
    *[When(niveau=niveau, then=Value(rang)) for rang, niveau in enumerate(Niveau)],
    output_field=models.IntegerField(),
)

# --- Text normalisation -------------------------------------------------------------
# `normaliser` must give, for any name, exactly what the database computes in the
# generated column `nom_recherche` (lower(immutable_unaccent(nom)), non-alphanumeric
# runs as one space); a test checks it on every shipped name.

_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l"}
)
_ABREVIATIONS = {"st": "saint", "ste": "sainte"}


def normaliser(texte: str) -> str:
    """Lower case, no accents, words split: "Saint-Étienne" → "saint etienne"."""
    decompose = unicodedata.normalize("NFKD", texte.translate(_LIGATURES))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", sans_accents.lower()))


def normaliser_requete(texte: str) -> str:
    """As `normaliser`, and the usual abbreviations spelled out ("st" → "saint")."""
    return " ".join(_ABREVIATIONS.get(mot, mot) for mot in normaliser(texte).split())


# A typed code: INSEE (59350, 2A004, 59, 2A, 974), SIREN, postal code, ISO 3166 (BE).
_CODE_SAISI = re.compile(r"\d[0-9AB]\d{0,7}|[A-Z]{2}")
_REFERENCE = re.compile(r"\s*([^\s:]+)\s*:\s*([0-9A-Za-z]{1,9})\s*")
_LIBELLE = re.compile(r"\((?P<niveau>[^()]+?)\s+(?P<code>[0-9A-Za-z]{1,9})\)\s*$")


def analyser_reference(reference: str) -> tuple[str, str]:
    """Split a reference: "commune:59350" → ("commune", "59350"); ValueError if malformed."""
    trouve = _REFERENCE.fullmatch(reference or "")
    niveau = normaliser(trouve.group(1)) if trouve else ""
    if niveau not in Niveau.values:
        raise ValueError(f"Référence de territoire invalide\u00a0: «\u00a0{reference}\u00a0».")
    return niveau, trouve.group(2).upper()


class TerritoireQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)

    def de_niveau(self, *niveaux):
        return self.filter(niveau__in=niveaux) if niveaux else self

    def dans(self, territoire: "Territoire"):
        """Every territory inside `territoire`, at any depth (not itself)."""
        return self.filter(ancetres__contains=[territoire.pk])

    def enfants_de(self, territoire: "Territoire"):
        """The territories directly below `territoire` (see `Territoire.parents`)."""
        return self.filter(parents__contains=[territoire.pk])

    def hierarchique(self):
        """From the largest level to the smallest, then by name."""
        return self.order_by(RANG_NIVEAU, "nom", "code")

    def par_reference(self, reference: str) -> "Territoire":
        """`par_reference("commune:59350")`: ValueError if malformed, DoesNotExist."""
        niveau, code = analyser_reference(reference)
        return self.get(niveau=niveau, code=code)

    def resoudre(self, texte: str) -> list["Territoire"]:
        """The territories `texte` designates: one when it is unambiguous (a reference,
        a label "Lille (commune 59350)", or a best match that no other result equals),
        the candidates otherwise, none when nothing matches."""
        texte = (texte or "").strip()
        libelle = _LIBELLE.search(texte)
        for reference in (texte, f"{libelle['niveau']}:{libelle['code']}" if libelle else ""):
            try:
                return [self.par_reference(reference)]
            except (ValueError, Territoire.DoesNotExist):
                pass
        resultats = list(self.recherche(texte)[:10])
        if len(resultats) > 1 and resultats[0].rang <= 1 and resultats[1].rang > resultats[0].rang:
            return resultats[:1]
        return resultats

    def recherche(self, texte: str):
        """Active territories matching a name, a code or a postal code, best first.

        Rank 0: exact code; 1: exact name, or a territory's only postal code;
        2: the name or one of its words starts with the text, or one of several postal
        codes; 3: the text anywhere in the name, or a code prefix. Then the larger
        population first. Names are compared without case, accents or punctuation.
        """
        nom = normaliser_requete(texte or "")[:100]
        code = re.sub(r"\s+", "", texte or "").upper()
        conditions = Q(pk__in=[])
        rangs = []
        if _CODE_SAISI.fullmatch(code):
            conditions |= (
                Q(code=code) | Q(codes_postaux__contains=[code]) | Q(code__startswith=code)
            )
            rangs += [
                When(code=code, then=Value(0)),
                When(codes_postaux=[code], then=Value(1)),
                When(codes_postaux__contains=[code], then=Value(2)),
            ]
        if nom:
            # Under three letters a trigram index cannot help: only whole-name prefixes.
            if len(nom) < 3:
                conditions |= Q(nom_recherche__startswith=nom)
            else:
                conditions |= Q(nom_recherche__contains=nom)
            rangs += [
                When(nom_recherche=nom, then=Value(1)),
                When(nom_recherche__startswith=nom, then=Value(2)),
                When(nom_recherche__contains=f" {nom}", then=Value(2)),
            ]
        return (
            self.actifs()
            .filter(conditions)
            .annotate(rang=Case(*rangs, default=Value(3), output_field=models.IntegerField()))
            .order_by("rang", F("population").desc(nulls_last=True), "nom", "code")
        )


def ajouter_contexte(territoires: list["Territoire"]) -> list["Territoire"]:
    """Set `contexte` on each territory: the name of its département(s), or of its
    région for a département, to tell apart homonyms. One query."""
    ids = {pk for territoire in territoires for pk in territoire.ancetres}
    autour = Territoire.objects.filter(
        pk__in=ids, niveau__in=[Niveau.REGION, Niveau.DEPARTEMENT]
    ).values_list("pk", "niveau", "nom")
    noms = {pk: (niveau, nom) for pk, niveau, nom in autour}
    for territoire in territoires:
        voulu = Niveau.REGION if territoire.niveau == Niveau.DEPARTEMENT else Niveau.DEPARTEMENT
        territoire.contexte = ", ".join(
            sorted(noms[pk][1] for pk in territoire.ancetres if noms.get(pk, ("",))[0] == voulu)
        )
    return territoires


class Territoire(models.Model):
    """A territory of any level: France and foreign countries, régions, départements,
    EPCI à fiscalité propre, communes, arrondissements municipaux.

    Imported from the COG (territoires.services), never typed. The import never
    deletes: a territory that disappears is marked inactive, with its successor when
    known, so that what references it keeps working.
    """

    Niveau = Niveau

    niveau = models.CharField("niveau", max_length=14, choices=Niveau.choices)
    code = models.CharField(
        "code",
        max_length=9,
        help_text="Code INSEE (région, département, commune), SIREN (EPCI) ou ISO 3166 (pays).",
    )
    nom = models.CharField("nom", max_length=200)
    nature = models.CharField(
        "nature",
        max_length=10,
        blank=True,
        help_text="Type d’EPCI\u00a0: CC, CA, CU, METRO, MET69.",
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)
    codes_postaux = ArrayField(
        models.CharField(max_length=5), verbose_name="codes postaux", default=list, blank=True
    )
    parents = ArrayField(
        models.BigIntegerField(),
        default=list,
        blank=True,
        help_text="Identifiants des territoires immédiatement au-dessus.",
    )
    ancetres = ArrayField(
        models.BigIntegerField(),
        verbose_name="ancêtres",
        default=list,
        blank=True,
        help_text="Identifiants de tous les territoires qui contiennent celui-ci.",
    )
    actif = models.BooleanField("actif", default=True)
    successeur = models.ForeignKey(
        "self",
        verbose_name="successeur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecesseurs",
    )
    modifie_le = models.DateTimeField("modifié le", default=timezone.now)
    # The name as searched: lower case, no accents, punctuation as spaces.
    nom_recherche = models.GeneratedField(
        expression=Trim(
            Func(
                Lower(Func(F("nom"), function="immutable_unaccent")),
                Value("[^a-z0-9]+"),
                Value(" "),
                Value("g"),
                function="regexp_replace",
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = TerritoireQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        constraints = [
            models.UniqueConstraint(fields=["niveau", "code"], name="territoire_niveau_code"),
        ]
        indexes = [
            # fastupdate off: rows written by an import are searchable at full speed at
            # once, instead of sitting in a pending list until the next VACUUM.
            GinIndex(fields=["ancetres"], name="territoire_ancetres", fastupdate=False),
            GinIndex(fields=["parents"], name="territoire_parents", fastupdate=False),
            GinIndex(fields=["codes_postaux"], name="territoire_codes_postaux", fastupdate=False),
            GinIndex(
                OpClass(F("nom_recherche"), name="gin_trgm_ops"),
                name="territoire_nom_trgm",
                fastupdate=False,
            ),
            models.Index(
                OpClass(F("nom_recherche"), name="text_pattern_ops"), name="territoire_nom_prefixe"
            ),
            models.Index(
                OpClass(F("code"), name="varchar_pattern_ops"), name="territoire_code_prefixe"
            ),
        ]

    def __str__(self):
        return self.libelle

    def get_absolute_url(self):
        return reverse("territoires:detail", args=[self.niveau, self.code])

    @property
    def reference(self) -> str:
        """The textual reference used across the project: "commune:59350"."""
        return f"{self.niveau}:{self.code}"

    @property
    def libelle(self) -> str:
        """A readable label that still names the territory exactly."""
        return f"{self.nom} ({NIVEAU_COURT[self.niveau]} {self.code})"

    @property
    def titre_enfants(self) -> str:
        """The heading of its sub-territories (Territoire.enfants) on its pages."""
        return TITRES_ENFANTS.get(self.niveau, "Territoires rattachés")

    @property
    def libelle_code(self) -> str:
        return {
            Niveau.PAYS: "Code ISO 3166",
            Niveau.EPCI: "SIREN",
        }.get(self.niveau, "Code INSEE")

    @property
    def nature_affichee(self) -> str:
        return NATURES_EPCI.get(self.nature, self.nature)

    @property
    def est_etranger(self) -> bool:
        return self.niveau == Niveau.PAYS and self.code != CODE_FRANCE

    def ascendants(self):
        """The territories containing this one, from the largest to the smallest."""
        return Territoire.objects.filter(pk__in=self.ancetres).hierarchique()

    def descendants(self):
        return Territoire.objects.dans(self)

    def enfants(self):
        enfants = Territoire.objects.enfants_de(self).hierarchique()
        # "Paris 10e" sorts before "Paris 1er": arrondissements go by code.
        return enfants.order_by("code") if self.niveau == Niveau.COMMUNE else enfants

    def departements_couverts(self):
        """The département(s) this territory lies in; none means national moderation
        (France, a région, a foreign country)."""
        if self.niveau == Niveau.DEPARTEMENT:
            return Territoire.objects.filter(pk=self.pk)
        if self.niveau in (Niveau.EPCI, Niveau.COMMUNE, Niveau.ARRONDISSEMENT):
            return Territoire.objects.filter(
                pk__in=self.ancetres, niveau=Niveau.DEPARTEMENT
            ).order_by("code")
        return Territoire.objects.none()


class ImportTerritoires(models.Model):
    """One run of the import, with what it changed and the rows it could not read."""

    lance_le = models.DateTimeField("lancé le", default=timezone.now)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    source = models.CharField("source", max_length=200)
    bilan = models.JSONField("bilan", default=dict)
    erreurs = models.JSONField("erreurs", default=list, blank=True)

    class Meta:
        verbose_name = "import de territoires"
        verbose_name_plural = "imports de territoires"
        ordering = ["-lance_le"]

    def __str__(self):
        return f"{self.source} — {self.lance_le:%d/%m/%Y %H:%M}"
