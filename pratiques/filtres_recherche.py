"""The one filter layer of discovery: the search page, the Atom feed, saved searches
and the partners' API all filter published fiches through RechercheFilter, so they can
never disagree. Unknown values are validation errors (a message on the page, a 400 in
the API), never a 500."""

import django_filters
from django import forms

from pratiques import recherche
from pratiques.models import (
    Fiche,
    FormeIntervention,
    NiveauParticipation,
    Public,
    StatutAction,
    Thematique,
)
from territoires.models import Niveau, Territoire


class ReferenceTerritoireField(forms.CharField):
    """A "niveau:code" reference ("commune:59350") resolved to an active territory."""

    def clean(self, valeur):
        valeur = super().clean(valeur)
        if not valeur:
            return None
        try:
            return Territoire.objects.par_reference(valeur)
        except (ValueError, Territoire.DoesNotExist) as erreur:
            raise forms.ValidationError(
                f"Territoire inconnu : « {valeur} ». Attendu : niveau:code, par exemple "
                "« commune:59350 » ou « departement:2A ».",
                code="territoire_inconnu",
            ) from erreur


class ReferenceTerritoireFilter(django_filters.Filter):
    field_class = ReferenceTerritoireField


def _vocabulaire(modele, libelle):
    return django_filters.ModelMultipleChoiceFilter(
        queryset=modele.objects.filter(actif=True),
        to_field_name="code",
        label=libelle,
        method="filtrer_tableau",
    )


class RechercheFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Mots-clés", method="filtrer_texte")
    thematique = _vocabulaire(Thematique, "Thématiques")
    forme = _vocabulaire(FormeIntervention, "Formes d’intervention collective")
    public = _vocabulaire(Public, "Publics")
    participation = django_filters.ModelChoiceFilter(
        queryset=NiveauParticipation.objects.filter(actif=True),
        to_field_name="code",
        field_name="niveau_participation",
        label="Niveau de participation",
    )
    statut = django_filters.ChoiceFilter(
        choices=StatutAction.choices, field_name="statut_action", label="Statut de l’action"
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Territoire.objects.filter(niveau=Niveau.REGION),
        to_field_name="code",
        label="Région",
        method="filtrer_dans",
    )
    departement = django_filters.ModelChoiceFilter(
        queryset=Territoire.objects.filter(niveau=Niveau.DEPARTEMENT),
        to_field_name="code",
        label="Département",
        method="filtrer_dans",
    )
    territoire = ReferenceTerritoireFilter(
        label="Territoire (dedans et couvrant)", method="filtrer_territoire"
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="modifiee_le",
        lookup_expr="gte",
        label="Modifiées depuis (ISO 8601)",
    )

    COLONNES = {"thematique": "thematiques_ids", "forme": "formes_ids", "public": "publics_ids"}

    class Meta:
        model = Fiche
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(
            data, queryset if queryset is not None else Fiche.objects.publiees(), **kwargs
        )

    def filtrer_texte(self, queryset, nom, valeur):
        return recherche.filtrer_texte(queryset, valeur)

    def filtrer_tableau(self, queryset, nom, valeurs):
        """Several values of one facet narrow the results (all must be present)."""
        if not valeurs:
            return queryset
        return queryset.filter(**{f"{self.COLONNES[nom]}__contains": [v.pk for v in valeurs]})

    def filtrer_dans(self, queryset, nom, territoire):
        return queryset.filter(territoires_englobants__contains=[territoire.pk])

    def filtrer_territoire(self, queryset, nom, territoire):
        return queryset.filter(recherche.dans_ou_couvrant(territoire)) if territoire else queryset

    @property
    def texte(self) -> str:
        return (self.form.cleaned_data.get("q") or "") if self.is_bound and self.is_valid() else ""
