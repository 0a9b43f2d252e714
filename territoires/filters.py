"""The one filter layer for territories: the API list, the autocomplete endpoint and
the page to find a territory all go through TerritoireFilter."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from territoires.models import Niveau, Territoire, ajouter_contexte

SUGGESTIONS = 10


class ReferenceField(forms.CharField):
    """A reference "niveau:code" that must name an existing territory."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return Territoire.objects.par_reference(value)
        except ValueError as erreur:
            # Passed as a parameter: the message repeats the value, and a "%" in it
            # must stay text when the message is formatted.
            raise ValidationError(
                "%(message)s", code="invalide", params={"message": str(erreur)}
            ) from erreur
        except Territoire.DoesNotExist as erreur:
            raise ValidationError(
                "Aucun territoire ne correspond à la référence «\u00a0%(reference)s\u00a0».",
                code="inconnu",
                params={"reference": value},
            ) from erreur


@extend_schema_field(OpenApiTypes.STR)
class ReferenceFilter(django_filters.Filter):
    field_class = ReferenceField


class TerritoireFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filtrer_texte",
        max_length=100,
        label="Nom, code INSEE, SIREN ou code postal (territoires actifs, les plus proches "
        "d’abord)",
    )
    niveau = django_filters.MultipleChoiceFilter(choices=Niveau.choices, label="Niveau")
    parent = ReferenceFilter(
        method="filtrer_parent",
        label="Territoires situés immédiatement sous ce territoire (référence, par exemple "
        "departement:59)",
    )
    dans = ReferenceFilter(
        method="filtrer_dans",
        label="Territoires contenus dans ce territoire, à tous les niveaux (référence)",
    )
    actif = django_filters.BooleanFilter(label="Actif (false\u00a0: territoires disparus)")

    class Meta:
        model = Territoire
        fields = []

    def filtrer_texte(self, queryset, name, value):
        return queryset.recherche(value)

    def filtrer_parent(self, queryset, name, value):
        return queryset.enfants_de(value)

    def filtrer_dans(self, queryset, name, value):
        return queryset.dans(value)


def suggerer(texte: str, niveaux=(), limite=SUGGESTIONS) -> list[Territoire]:
    """The autocomplete: the best active territories for `texte`, with their context.

    Raises ValidationError (a dict of French messages) for an unknown level.
    """
    filtre = TerritoireFilter(
        {"q": texte, "niveau": list(niveaux)}, queryset=Territoire.objects.actifs()
    )
    if not filtre.is_valid():
        raise ValidationError(filtre.errors)
    if not texte.strip():
        return []
    return ajouter_contexte(list(filtre.qs[:limite]))
