"""The one filter layer of the collectifs list: the page and the API filter through
CollectifFilter, so they can never disagree. Unknown values are validation errors
(shown next to the filter on the page, a 400 in the API), never a 500."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from dsfr.forms import DsfrBaseForm

from collectifs.models import Collectif
from pratiques.models import Thematique
from territoires.forms import TerritoireField

OUI_NON = [("oui", "Reconnus"), ("non", "Non reconnus")]


@extend_schema_field(OpenApiTypes.STR)
class TerritoireFilter(django_filters.Filter):
    """A territory typed as on the search page (a reference such as departement:59, a
    code or a name), resolved on the server."""

    field_class = TerritoireField


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelChoiceFilter):
    """A vocabulary value designated by its code."""


class CollectifFilter(django_filters.FilterSet):
    territoire = TerritoireFilter(
        label="Territoire",
        method="filtrer_territoire",
        help_text="Les collectifs qui agissent dans ce territoire ou à l’intérieur "
        "(les communes d’un département, par exemple).",
    )
    reconnu = django_filters.ChoiceFilter(
        label="Reconnaissance",
        choices=OUI_NON,
        empty_label="Tous",
        method="filtrer_reconnu",
    )
    thematique = CodeFilter(
        label="Thématique de leurs pratiques",
        queryset=Thematique.objects.filter(actif=True),
        to_field_name="code",
        empty_label="Toutes",
        method="filtrer_thematique",
    )

    class Meta:
        model = Collectif
        fields = ["territoire", "reconnu", "thematique"]
        form = DsfrBaseForm

    def filtrer_territoire(self, queryset, name, value):
        return queryset.dans(value) if value else queryset

    def filtrer_reconnu(self, queryset, name, value):
        if value == "oui":
            return queryset.reconnus()
        if value == "non":
            return queryset.non_reconnus()
        return queryset

    def filtrer_thematique(self, queryset, name, value):
        return queryset.portant_des_fiches(thematique=value) if value else queryset
