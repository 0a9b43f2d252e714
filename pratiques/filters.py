"""Filters of the pratiques pages and API (django-filter FilterSets).

`RechercheFilter` is the one filter layer of discovery: the search page, the Atom feed,
saved searches and the partners' API all filter published fiches through it, so they
can never disagree. It filters the search index (pratiques.models.IndexRecherche, one
row per published fiche): its `.qs` is an IndexRecherche queryset, that
pratiques.recherche.moteur counts, orders and turns into fiches. Its facet filters are
made from the facet declarations (pratiques.recherche.facettes), one per facet, by kind
(`filtre_de`). Unknown values are validation errors (a message on the page, a 400 in
the API), never a 500.

`FileModerationFilter` filters a moderator's queue and counts, for each value of each
filter, how many fiches it would leave (the other active filters applied: the usual
facet counts), in a constant number of queries.
"""

import re
from datetime import UTC, timedelta

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from pratiques.models import Etat, Fiche, IndexRecherche
from pratiques.recherche import moteur
from pratiques.recherche.facettes import (
    FACETTES,
    PAR_NOM,
    Facette,
    FacetteChoix,
    FacetteOui,
    FacetteTerritoire,
    FacetteVocabulaire,
)
from territoires.models import Niveau, Territoire

NATIONAL = "national"


class TypeSoumission:
    NOUVELLE = "nouvelle"
    MODIFICATION = "modification"
    CHOIX = [
        (NOUVELLE, "Nouvelle fiche"),
        (MODIFICATION, "Modification d’une fiche publiée"),
    ]


ANCIENNETES = {"7": 7, "30": 30}
CHOIX_ANCIENNETE = [("7", "Plus de 7 jours"), ("30", "Plus de 30 jours")]


def _limite(jours: int):
    return timezone.now() - timedelta(days=jours)


class FileModerationFilter(django_filters.FilterSet):
    """État (new fiche or change to a published one), département (among those the
    user moderates) and waiting time. The queryset must come from
    `Fiche.objects.en_attente_de_moderation()` (it uses `date_soumission`)."""

    etat = django_filters.ChoiceFilter(
        label="Type de soumission",
        choices=TypeSoumission.CHOIX,
        empty_label="Toutes",
        method="filtrer_etat",
    )
    departement = django_filters.ChoiceFilter(
        label="Département",
        choices=[],
        empty_label="Tous",
        method="filtrer_departement",
    )
    anciennete = django_filters.ChoiceFilter(
        label="Attente",
        choices=CHOIX_ANCIENNETE,
        empty_label="Toutes",
        method="filtrer_anciennete",
    )

    class Meta:
        model = Fiche
        fields = ["etat", "departement", "anciennete"]
        form = DsfrBaseForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        utilisateur = request.user
        if utilisateur.est_admin_national:
            # National administrators see every département: offer those present in
            # the queue, and the fiches moderated nationally.
            departements = Territoire.objects.filter(
                niveau=Niveau.DEPARTEMENT,
                pk__in=self.queryset.order_by().values("departement_moderation"),
            )
            choix = [(d.code, d.nom) for d in departements.order_by("code")]
            choix.append((NATIONAL, "Modération nationale"))
        else:
            choix = [(d.code, d.nom) for d in utilisateur.departements.order_by("code")]
        # Before the form is built: its field takes the filter's choices.
        self.filters["departement"].extra["choices"] = choix

    # --- filters ---------------------------------------------------------------------

    def filtrer_etat(self, queryset, name, value):
        return queryset.filter(self._q_etat(value)) if value else queryset

    def filtrer_departement(self, queryset, name, value):
        return queryset.filter(self._q_departement(value)) if value else queryset

    def filtrer_anciennete(self, queryset, name, value):
        return queryset.filter(self._q_anciennete(value)) if value else queryset

    @staticmethod
    def _q_etat(value) -> Q:
        # In the queue, a fiche is either submitted itself (new) or published with a
        # submitted revision (change).
        return Q(etat=Etat.SOUMISE) if value == TypeSoumission.NOUVELLE else Q(etat=Etat.PUBLIEE)

    @staticmethod
    def _q_departement(value) -> Q:
        if value == NATIONAL:
            return Q(departement_moderation__isnull=True)
        return Q(
            departement_moderation__niveau=Niveau.DEPARTEMENT, departement_moderation__code=value
        )

    @staticmethod
    def _q_anciennete(value) -> Q:
        return Q(date_soumission__lte=_limite(ANCIENNETES[value]))

    # --- counts ----------------------------------------------------------------------

    def _valeurs(self) -> dict:
        """The valid values of the bound form (invalid ones are ignored, as by .qs)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {nom: v for nom, v in getattr(self.form, "cleaned_data", {}).items() if v}

    def _base_sans(self, exclu: str):
        """The queue with every active filter applied except `exclu`."""
        conditions = {
            "etat": self._q_etat,
            "departement": self._q_departement,
            "anciennete": self._q_anciennete,
        }
        queryset = self.queryset.order_by()
        for nom, valeur in self._valeurs().items():
            if nom != exclu:
                queryset = queryset.filter(conditions[nom](valeur))
        return queryset

    def compter(self) -> dict[str, dict[str, int]]:
        """{filter: {value: count, "": count without this filter}}; three queries."""
        etats = self._base_sans("etat").aggregate(
            tous=Count("pk"),
            nouvelle=Count("pk", filter=self._q_etat(TypeSoumission.NOUVELLE)),
            modification=Count("pk", filter=self._q_etat(TypeSoumission.MODIFICATION)),
        )
        anciennetes = self._base_sans("anciennete").aggregate(
            tous=Count("pk"),
            **{f"plus_{v}": Count("pk", filter=self._q_anciennete(v)) for v in ANCIENNETES},
        )
        par_departement = {
            (code or NATIONAL): nombre
            for code, nombre in self._base_sans("departement")
            .values_list("departement_moderation__code")
            .annotate(nombre=Count("pk"))
        }
        return {
            "etat": {
                "": etats["tous"],
                TypeSoumission.NOUVELLE: etats["nouvelle"],
                TypeSoumission.MODIFICATION: etats["modification"],
            },
            "anciennete": {
                "": anciennetes["tous"],
                **{v: anciennetes[f"plus_{v}"] for v in ANCIENNETES},
            },
            "departement": {
                "": sum(par_departement.values()),
                **{
                    code: par_departement.get(code, 0)
                    for code, _ in self.filters["departement"].extra["choices"]
                },
            },
        }

    def champs_avec_comptes(self) -> list[dict]:
        """What the template needs to draw each select: name, label, options with
        their counts, and the selected value (kept as typed when invalid)."""
        comptes = self.compter()
        champs = []
        for nom in ("etat", "departement", "anciennete"):
            champ = self.form[nom]
            valeur = (self.data.get(nom) or "") if self.is_bound else ""
            options = [
                {"valeur": str(v), "libelle": libelle, "nombre": comptes[nom].get(str(v), 0)}
                for v, libelle in champ.field.choices
            ]
            champs.append(
                {
                    "nom": nom,
                    "id": champ.id_for_label,
                    "libelle": champ.label,
                    "options": options,
                    "valeur": valeur,
                    "erreurs": champ.errors,
                }
            )
        return champs


class ReferenceTerritoireField(forms.CharField):
    """A "niveau:code" reference ("commune:59350") resolved to an active territory."""

    def clean(self, valeur):
        valeur = super().clean(valeur)
        if not valeur:
            return None
        try:
            return Territoire.objects.par_reference(valeur)
        except (ValueError, Territoire.DoesNotExist) as erreur:
            # The value goes in as a parameter: a "%" typed in it stays text.
            raise forms.ValidationError(
                "Territoire inconnu : « %(valeur)s ». Attendu : niveau:code, par exemple "
                "« commune:59350 » ou « departement:2A ».",
                code="territoire_inconnu",
                params={"valeur": valeur},
            ) from erreur


class ReferenceTerritoireFilter(django_filters.Filter):
    field_class = ReferenceTerritoireField


class DateHeureIsoField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date and time, brought to UTC: PostgreSQL takes offsets up to 15:59
    only (a DataError, once a 500, beyond), and a date near year 1 or 9999 may leave
    the calendar once converted: an input error, not a server error."""

    def to_python(self, valeur):
        valeur = super().to_python(valeur)
        if valeur is None:
            return None
        try:
            return valeur.astimezone(UTC)
        except (OverflowError, ValueError) as erreur:
            raise forms.ValidationError(
                "Date hors des limites\u00a0: donnez une date entre les années 1 et 9999, "
                "avec un fuseau horaire entre -15:59 et +15:59.",
                code="hors_limites",
            ) from erreur


class DateHeureIsoFilter(django_filters.IsoDateTimeFilter):
    field_class = DateHeureIsoField


class CodesField(forms.ModelMultipleChoiceField):
    """Vocabulary codes; nothing chosen is [] (not an empty queryset, which every
    truth test would compile into SQL)."""

    def clean(self, value):
        return super().clean(value) if value else []


class CodesFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CodesField


def filtre_de(facette: Facette) -> django_filters.Filter:
    """The filter of a declared facet: codes of its vocabulary (several all required,
    or one), one of its choices, or a territory of its level by INSEE code (the fiches
    inside it)."""
    if isinstance(facette, FacetteVocabulaire) and facette.multiple:
        return CodesFilter(
            queryset=facette.vocabulaire.objects.filter(actif=True),
            to_field_name="code",
            field_name=facette.nom,
            label=facette.libelle,
            method=_tous_presents(facette.champ.name),
        )
    if isinstance(facette, FacetteVocabulaire):
        return django_filters.ModelChoiceFilter(
            queryset=facette.vocabulaire.objects.filter(actif=True),
            to_field_name="code",
            field_name=facette.champ.name,
            label=facette.libelle,
        )
    if isinstance(facette, FacetteChoix):
        return django_filters.ChoiceFilter(
            choices=facette.choix.choices, field_name=facette.champ.name, label=facette.libelle
        )
    if isinstance(facette, FacetteTerritoire):
        return django_filters.ModelChoiceFilter(
            queryset=Territoire.objects.filter(niveau=facette.niveau),
            to_field_name="code",
            field_name=facette.nom,
            label=facette.libelle,
            method=_dedans,
        )
    if isinstance(facette, FacetteOui):
        return django_filters.ChoiceFilter(
            choices=[(FacetteOui.OUI, facette.libelle_oui)],
            field_name=facette.nom,
            label=facette.libelle,
            method=_condition_remplie(facette),
        )
    raise TypeError(f"Pas de filtre pour la facette {facette.nom!r}.")


def _condition_remplie(facette: FacetteOui):
    def filtrer(queryset, nom, valeur):
        return queryset.filter(**facette.lookup()) if valeur else queryset

    return filtrer


def _tous_presents(colonne: str):
    def filtrer(queryset, nom, valeurs):
        """Several values of one facet narrow the results (all must be present)."""
        if not valeurs:
            return queryset
        return queryset.filter(**{f"{colonne}__contains": [v.pk for v in valeurs]})

    return filtrer


def _dedans(queryset, nom, territoire):
    return queryset.filter(territoires_englobants__contains=[territoire.pk])


# French function words missing from PostgreSQL's French stop list: in almost every
# fiche, they would make a query match (or, excluded with "-", miss) nearly everything.
# A query leaves them out, unless they are all it has; hyphenated names
# ("Aix-les-Bains") keep them.
MOTS_VIDES_EN_PLUS = re.compile(
    r"""(?:^|(?<=[\s"(]))-?(?:les|ils|elles|a)(?![\w'’-])""", re.IGNORECASE
)


class MotsField(forms.CharField):
    def clean(self, valeur):
        valeur = super().clean(valeur)
        reste = MOTS_VIDES_EN_PLUS.sub(" ", valeur)
        return " ".join(reste.split()) if reste.strip() else valeur


class MotsFilter(django_filters.CharFilter):
    field_class = MotsField


class RechercheFilter(django_filters.FilterSet):
    """Words (`q`), then one filter per declared facet, then a territory (inside and
    covering) and a modification date — in this order, which is the page's and that of
    a saved search's parameters."""

    q = MotsFilter(label="Mots-clés", method="filtrer_texte")
    territoire = ReferenceTerritoireFilter(
        label="Territoire (dedans et couvrant)", method="filtrer_territoire"
    )
    updated_since = DateHeureIsoFilter(
        field_name="modifiee_le",
        lookup_expr="gte",
        label="Modifiées depuis (ISO 8601)",
    )

    class Meta:
        model = IndexRecherche
        fields = []

    @classmethod
    def get_filters(cls):
        """The declared filters, with one filter per facet after `q`."""
        declares = super().get_filters()
        return {
            "q": declares.pop("q"),
            **{facette.nom: filtre_de(facette) for facette in FACETTES},
            **declares,
        }

    def get_form_class(self):
        """The form class, built once per class: these filters' fields never change
        (django-filter builds a new class, and new fields, for every request otherwise)."""
        classe = type(self)
        if "_classe_formulaire" not in classe.__dict__:
            classe._classe_formulaire = super().get_form_class()
        return classe._classe_formulaire

    def __init__(self, data=None, queryset=None, **kwargs):
        """`queryset`: IndexRecherche rows (published fiches), all of them by default."""
        super().__init__(
            data, queryset if queryset is not None else moteur.index_publie(), **kwargs
        )

    def filtrer_texte(self, queryset, nom, valeur):
        return moteur.filtrer_texte(queryset, valeur)

    def filtrer_territoire(self, queryset, nom, territoire):
        return queryset.filter(moteur.dans_ou_couvrant(territoire)) if territoire else queryset

    def variante(self, *, sans: tuple[str, str] | None = None, q: str | None = None):
        """The index rows of this search with one applied value left out (`sans`, a
        (name, value) pair) or other words (`q`), from the values already cleaned: no
        query to validate them again."""
        propres = dict(self.form.cleaned_data) if self.is_valid() else {}
        propres = {nom: v for nom, v in propres.items() if nom not in self.errors}
        if q is not None:
            propres["q"] = q
        if sans is not None:
            nom, valeur = sans
            facette = PAR_NOM.get(nom)
            if facette is not None and facette.multiple:
                propres[nom] = [o for o in propres.get(nom) or [] if facette.code(o) != valeur]
            else:
                propres[nom] = None
        queryset = self.queryset.all()
        for nom, valeur in propres.items():
            queryset = self.filters[nom].filter(queryset, valeur)
        return queryset

    @property
    def texte(self) -> str:
        return (self.form.cleaned_data.get("q") or "") if self.is_bound and self.is_valid() else ""
