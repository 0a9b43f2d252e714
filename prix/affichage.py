"""What the prize shows elsewhere: the laureate's badge on a fiche's page (an encart of
pratiques.encarts) and the spring-month highlight of the home page (the template tag
in prix.templatetags.prix)."""

from django.db.models import Q

from pratiques.models import Fiche
from prix import regles
from prix.models import Edition, Laureat


def badges(request, fiche) -> dict | None:
    """The published prizes of a fiche, for its header; None when it won none."""
    if not fiche.laureate:
        return None
    laureats = list(
        Laureat.objects.publies()
        .filter(fiche=fiche)
        .select_related("edition", "departement")
        .order_by("-edition__annee", "-niveau")
    )
    return {"laureats": laureats} if laureats else None


def edition_du_printemps(jour=None) -> Edition | None:
    """The edition whose spring month is on today, if any."""
    jour = jour or regles.aujourd_hui()
    return Edition.objects.filter(
        mois_printemps_debut__lte=jour, mois_printemps_fin__gte=jour
    ).first()


def mise_en_avant(jour=None, *, recentes: int = 3) -> dict | None:
    """The home page's highlight during the spring month: that edition's published
    laureates (national first), and recent fiches of the prize's départements."""
    edition = edition_du_printemps(jour)
    if edition is None:
        return None
    laureats = list(
        Laureat.objects.publies()
        .filter(edition=edition)
        .select_related("fiche", "departement")
        .order_by("-niveau", "departement__code", "rang")
    )
    dejà = {laureat.fiche_id for laureat in laureats}
    nouvelles = list(
        Fiche.objects.publiees()
        .filter(~Q(pk__in=dejà))
        .filter(departement_moderation__jurys_du_prix__edition=edition)
        .order_by("-publiee_le")
        .distinct()[:recentes]
    )
    return {"edition": edition, "laureats": laureats, "recentes": nouvelles}
