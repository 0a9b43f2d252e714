"""The laureates' filter of the API. Invalid values are 400s, never 500s."""

import django_filters

from prix.models import Laureat, Niveau


class LaureatFilter(django_filters.FilterSet):
    edition = django_filters.NumberFilter(
        field_name="edition__annee",
        min_value=2000,
        max_value=2100,
        decimal_places=0,
        help_text="Année de l’édition (`2027`).",
    )
    niveau = django_filters.ChoiceFilter(
        choices=Niveau.choices, help_text="`departemental` ou `national`."
    )
    departement = django_filters.CharFilter(
        field_name="departement__code",
        max_length=3,
        help_text="Code INSEE du département de la fiche (`59`, `2A`, `974`).",
    )

    class Meta:
        model = Laureat
        fields = ["edition", "niveau", "departement"]
