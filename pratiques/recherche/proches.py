"""Pratiques proches: the published fiches shown at the foot of a fiche's page."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.expressions import RawSQL

from pratiques.models import Fiche
from pratiques.recherche.extraits import a_afficher
from territoires.models import Niveau, Territoire

# How near another fiche is: it lies in the same commune (or arrondissement), the same
# EPCI, the same département as one of this fiche's territories.
PROXIMITE = [
    (3, (Niveau.COMMUNE, Niveau.ARRONDISSEMENT)),
    (2, (Niveau.EPCI,)),
    (1, (Niveau.DEPARTEMENT,)),
]


def proches(fiche: Fiche, nombre: int = 4) -> list[Fiche]:
    """Published fiches like `fiche`: sharing at least one of its thématiques, ranked by
    2 × shared thématiques + shared formes + nearness (3 same commune, 2 same EPCI,
    1 same département, through `territoires_englobants`), then the newest; never the
    fiche itself, with what a card shows (`a_afficher`). One query (the territories
    around the fiche are a sub-select)."""
    if not fiche.thematiques_ids or nombre <= 0:
        return []

    def partages(colonne: str, valeurs: list[int]) -> RawSQL:
        """How many of `valeurs` the array column `colonne` (a name of ours) holds."""
        sql = f'(SELECT count(*) FROM unnest("pratiques_fiche"."{colonne}") x WHERE x = ANY(%s))'  # noqa: S608
        return RawSQL(sql, (list(valeurs),), output_field=IntegerField())  # noqa: S611

    def autour(niveaux) -> ArraySubquery:
        return ArraySubquery(
            Territoire.objects.filter(
                pk__in=fiche.territoires_englobants, niveau__in=niveaux
            ).values("pk")
        )

    proximite = Case(
        *[
            When(territoires_englobants__overlap=autour(niveaux), then=Value(points))
            for points, niveaux in PROXIMITE
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    return a_afficher(
        Fiche.objects.publiees()
        .filter(thematiques_ids__overlap=fiche.thematiques_ids)
        .exclude(pk=fiche.pk)
        .annotate(
            thematiques_partagees=partages("thematiques_ids", fiche.thematiques_ids),
            formes_partagees=partages("formes_ids", fiche.formes_ids),
            proximite=proximite,
        )
        .annotate(score=2 * F("thematiques_partagees") + F("formes_partagees") + F("proximite"))
        .order_by("-score", "-publiee_le", "-pk")[:nombre]
    )
