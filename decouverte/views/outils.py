"""What the discovery pages share (the search page, decouverte.views.recherche, and a
territory's page, decouverte.views.territoire): a search's GET parameters, its URLs,
the tags of the applied filters, French counts, and counts per territory.

The parameters and labels of the facets come from their declarations
(pratiques.recherche.facettes); only words, territory, date and sort are named here.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format, number_format

from pratiques.filters import RechercheFilter
from pratiques.recherche.facettes import FACETTES, PAR_NOM

# The GET parameters of a search, in the order of the page (and of shared URLs).
PARAMETRES = ("q", *(f.nom for f in FACETTES), "territoire", "updated_since", "tri")
MULTIPLES = {f.nom for f in FACETTES if f.multiple}


def nombre(n: int) -> str:
    """12345 → "12 345" (non-breaking space, French grouping)."""
    return number_format(n, force_grouping=True)


def pratiques(n: int) -> str:
    """French agreement: "aucune pratique", "1 pratique", "12 pratiques"."""
    if n == 0:
        return "aucune pratique"
    return f"{nombre(n)} pratique{'s' if n > 1 else ''}"


def url_recherche(paires, page: int = 1) -> str:
    """The search URL for these (name, value) pairs."""
    return url_de(reverse("decouverte:recherche"), paires, page)


def url_de(chemin: str, paires, page: int = 1) -> str:
    """`chemin` with these (name, value) pairs, and the page when past the first."""
    paires = list(paires) + ([("page", str(page))] if page > 1 else [])
    return f"{chemin}?{urlencode(paires)}" if paires else chemin


def paires_de(get: QueryDict, parametres=PARAMETRES) -> list[tuple[str, str]]:
    """The known, non-empty parameters, in the page's order, without duplicates; a
    single-valued parameter keeps its last value (as QueryDict.get does)."""
    paires = []
    for nom in parametres:
        valeurs = [v.strip() for v in get.getlist(nom) if v.strip()]
        if nom not in MULTIPLES:
            valeurs = valeurs[-1:]
        for valeur in valeurs:
            if (nom, valeur) not in paires:
                paires.append((nom, valeur))
    return paires


def donnees(paires) -> QueryDict:
    resultat = QueryDict(mutable=True)
    for nom, valeur in paires:
        resultat.appendlist(nom, valeur)
    return resultat


@dataclass
class FiltreActif:
    libelle: str
    url_retirer: str
    sans: list  # the (name, value) pairs of the same search without it


def _libelle_actif(nom: str, valeur: str, objet) -> str | None:
    """The tag of one applied value (`objet`, its cleaned value); None when a value of
    a multiple filter is not among the cleaned ones."""
    facette = PAR_NOM.get(nom)
    if facette is not None and facette.multiple:
        objet = next((o for o in objet if facette.code(o) == valeur), None)
        return facette.libelle_filtre_actif(objet) if objet is not None else None
    if facette is not None:
        return facette.libelle_filtre_actif(objet)
    if nom == "q":
        return f"Mots-clés\u00a0: «\u00a0{valeur}\u00a0»"
    if nom == "updated_since":
        return f"Modifiées depuis le {date_format(objet, 'j F Y')}"
    return f"Territoire\u00a0: {objet.libelle}"


def filtres_actifs(filtre: RechercheFilter, paires, chemin: str) -> list[FiltreActif]:
    """Each applied filter value, with the URL of the same page without it."""
    propres = filtre.form.cleaned_data if filtre.is_bound else {}
    actifs = []
    for nom, valeur in paires:
        if nom == "tri" or nom not in propres or nom in filtre.errors:
            continue
        libelle = _libelle_actif(nom, valeur, propres[nom])
        if libelle is not None:
            sans = [p for p in paires if p != (nom, valeur)]
            actifs.append(FiltreActif(libelle, url_de(chemin, sans), sans))
    return actifs


def compter_par_territoire(queryset, ids, *, zones: bool = False) -> dict[int, int]:
    """How many fiches of `queryset` (search index rows) lie inside each of the
    territories `ids`: one scan of the matching rows, grouped by their containment
    array (few distinct ones), then unnested. `zones`: the territories are régions or
    départements, counted from the short `zones_ids` array."""
    if not ids:
        return {}
    colonne = "zones_ids" if zones else "territoires_englobants"
    sql, params = queryset.order_by().values(colonne).query.sql_with_params()
    requete = (
        f"SELECT x, sum(n)::bigint FROM (SELECT {colonne} AS a, count(*) AS n"  # noqa: S608
        f" FROM ({sql}) m GROUP BY 1) g, unnest(g.a) x WHERE x = ANY(%s) GROUP BY x"
    )
    with connection.cursor() as curseur:
        curseur.execute(requete, [*params, list(ids)])
        return dict(curseur.fetchall())
