"""The practices of one territory (région, département, EPCI, commune…): those inside it
and those covering it (docs/domaine.md), its sub-territories with their counts.

The search page's filters apply here too, through RechercheFilter; the territory itself
comes from the URL. Queries are bounded whatever the number of fiches: the counts (1),
each list (1 + 2 prefetches), the sub-territories and their counts (2), the breadcrumb.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from decouverte.views.outils import (
    compter_par_territoire,
    donnees,
    filtres_actifs,
    paires_de,
    pratiques,
    url_recherche,
)
from pratiques.filters import RechercheFilter
from pratiques.models import Thematique
from pratiques.recherche import moteur
from pratiques.recherche.extraits import a_afficher
from pratiques.recherche.facettes import FACETTES
from territoires.models import Niveau, Territoire

PAR_LISTE = 20
# The search parameters that make sense on a territory's page: words and the facets
# that are not territories (the territory is the page itself).
PARAMETRES = ("q", *(f.nom for f in FACETTES if not f.territoriale))


def _niveau_affiche(territoire: Territoire) -> str:
    if territoire.nature:
        return territoire.nature_affichee
    if territoire.niveau == Niveau.PAYS:
        return "Pays étranger" if territoire.est_etranger else "France entière"
    return territoire.get_niveau_display()


@require_safe
def territoire(request, niveau, code):
    if niveau not in Niveau.values:
        raise Http404("Niveau inconnu.")
    if code != code.upper():
        return redirect("decouverte:territoire", niveau=niveau, code=code.upper())
    try:
        territoire = Territoire.objects.get(niveau=niveau, code=code)
    except Territoire.DoesNotExist as erreur:
        raise Http404("Territoire inconnu.") from erreur

    paires = paires_de(request.GET, PARAMETRES)
    filtre = RechercheFilter(donnees(paires))
    publiees = filtre.qs.order_by()  # invalid filters are left out, as on the search page
    dedans = Q(territoires_englobants__contains=[territoire.pk])
    couvrant = Q(territoires_ids__overlap=territoire.ancetres) & ~dedans
    if not territoire.ancetres:
        couvrant = Q(pk__in=[])
    # The WHERE lets PostgreSQL use the GIN indexes of both arrays.
    comptes = publiees.filter(dedans | couvrant).aggregate(
        dedans=Count("pk", filter=dedans), couvrant=Count("pk", filter=couvrant)
    )

    def liste(condition):
        return a_afficher(moteur.plus_recentes(publiees.filter(condition), PAR_LISTE))

    ascendants = list(territoire.ascendants())
    enfants = list(Territoire.objects.enfants_de(territoire).actifs().hierarchique())
    par_enfant = compter_par_territoire(
        publiees.filter(dedans),
        [e.pk for e in enfants],
        zones=all(e.niveau in (Niveau.REGION, Niveau.DEPARTEMENT) for e in enfants),
    )
    for enfant in enfants:
        enfant.nombre = par_enfant.get(enfant.pk, 0)
        enfant.url_pratiques = reverse("decouverte:territoire", args=[enfant.niveau, enfant.code])
        enfant.niveau_affiche = _niveau_affiche(enfant)

    chemin = request.path
    reference = [("territoire", territoire.reference)]
    # "Inside only" exists in the search for régions and départements; elsewhere the
    # search shows inside and covering together.
    if territoire.niveau in (Niveau.REGION, Niveau.DEPARTEMENT):
        tous_dedans = url_recherche([*paires, (territoire.niveau, territoire.code)])
    else:
        tous_dedans = url_recherche([*paires, *reference])
    libelle = territoire.libelle
    contexte = {
        "titre": f"{libelle}\u00a0: les pratiques",
        "description_page": (
            f"Les pratiques inspirantes publiées sur le territoire {libelle} et celles "
            "qui le couvrent."
        ),
        "url_canonique": settings.SITE_URL + chemin + (f"?{urlencode(paires)}" if paires else ""),
        "territoire": territoire,
        "niveau_affiche": _niveau_affiche(territoire),
        "autour": list(reversed(ascendants)),
        "fil_ariane": {
            "links": [
                {"url": reverse("decouverte:territoire", args=[t.niveau, t.code]), "title": t.nom}
                for t in ascendants
            ],
            "current": territoire.nom,
        },
        "nombre_dedans": comptes["dedans"],
        "nombre_couvrant": comptes["couvrant"],
        "annonce_dedans": pratiques(comptes["dedans"]),
        "annonce_couvrant": pratiques(comptes["couvrant"]),
        "fiches_dedans": liste(dedans) if comptes["dedans"] else [],
        "fiches_couvrant": liste(couvrant) if comptes["couvrant"] else [],
        "par_liste": PAR_LISTE,
        "url_tous_dedans": tous_dedans,
        "url_affiner": url_recherche([*paires, *reference]),
        "enfants": enfants,
        "titre_enfants": territoire.titre_enfants,
        "actifs": filtres_actifs(filtre, paires, chemin),
        "erreurs": filtre.errors,
        "q": dict(paires).get("q", ""),
        "thematiques": [
            (t, t.code in {v for n, v in paires if n == "thematique"})
            for t in Thematique.objects.filter(actif=True)
        ],
    }
    return render(
        request,
        "decouverte/territoire.html",
        contexte,
        status=400 if filtre.errors else 200,
    )
