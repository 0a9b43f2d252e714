"""Discovery pages: the home page, the search results and what they share with the
territory pages (pratiques.views.territoire).

Every state of a search is its URL: the GET parameters of RechercheFilter (the one
filter layer, shared with the API), plus `tri` and `page`. The view only parses them,
lets RechercheFilter filter and pratiques.recherche count, rank and highlight, and
renders. Unknown values never break the page: the filter is left out and its error is
shown next to it (HTTP 400, with the whole page).
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.views.decorators.http import require_safe

from pratiques import recherche as moteur
from pratiques.filters import RechercheFilter
from pratiques.models import Fiche, StatutAction, Thematique
from territoires.forms import TerritoireWidget, resoudre
from territoires.models import Niveau, Territoire, analyser_reference

PAR_PAGE = 20
DERNIERES_FICHES = 6
CARTE = Path(__file__).resolve().parent.parent / "data" / "carte_departements.json"

# The GET parameters of a search, in the order of the page (and of shared URLs).
PARAMETRES = (
    "q", "thematique", "forme", "public", "participation", "statut", "region",
    "departement", "territoire", "updated_since", "tri",
)  # fmt: skip
MULTIPLES = {"thematique", "forme", "public"}
TRIS = {"pertinence", "date"}
LIBELLES = {
    "q": "Mots-clés",
    "thematique": "Thématiques",
    "forme": "Formes d’intervention collective",
    "public": "Publics",
    "participation": "Niveau de participation",
    "statut": "Statut de l’action",
    "region": "Région",
    "departement": "Département",
    "territoire": "Territoire",
    "updated_since": "Modifiées depuis",
}
LIBELLE_FILTRE_ACTIF = {
    "thematique": "Thématique",
    "forme": "Forme",
    "public": "Public",
    "participation": "Participation",
    "statut": "Statut",
    "region": "Région",
    "departement": "Département",
    "territoire": "Territoire",
}
TOUS = {
    "participation": "Tous les niveaux",
    "statut": "Tous les statuts",
    "region": "Toutes les régions",
    "departement": "Tous les départements",
}
# Where each error is shown (the id of its field), for the summary at the top.
ANCRES = {"q": "recherche-page-input", "territoire": "filtre-territoire"}
# The map's colour classes: fixed thresholds, so that the legend means the same thing
# whether the platform holds 50 fiches or 100,000.
CLASSES_CARTE = [
    (0, "Aucune pratique"),
    (1, "1 à 9 pratiques"),
    (10, "10 à 49 pratiques"),
    (50, "50 à 249 pratiques"),
    (250, "250 pratiques ou plus"),
]


# --- Small helpers shared with the territory page ----------------------------------


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
    return _url(reverse("pratiques:recherche"), paires, page)


def _url(chemin: str, paires, page: int = 1) -> str:
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


def filtres_actifs(filtre: RechercheFilter, paires, chemin: str) -> list[FiltreActif]:
    """Each applied filter value, with the URL of the same page without it."""
    propres = filtre.form.cleaned_data if filtre.is_bound else {}
    actifs = []

    def retirer(nom, valeur):
        return _url(chemin, [p for p in paires if p != (nom, valeur)])

    for nom, valeur in paires:
        if nom == "tri" or nom not in propres or nom in filtre.errors:
            continue
        objet = propres[nom]
        if nom == "q":
            libelle = f"Mots-clés\u00a0: «\u00a0{valeur}\u00a0»"
        elif nom in MULTIPLES:
            objet = next((o for o in objet if o.code == valeur), None)
            if objet is None:
                continue
            libelle = f"{LIBELLE_FILTRE_ACTIF[nom]}\u00a0: {objet.libelle}"
        elif nom == "statut":
            libelle = f"Statut\u00a0: {StatutAction(objet).label}"
        elif nom == "updated_since":
            libelle = f"Modifiées depuis le {date_format(objet, 'j F Y')}"
        elif nom == "territoire":
            libelle = f"Territoire\u00a0: {objet.libelle}"
        elif nom == "departement":
            libelle = f"Département\u00a0: {objet.nom} ({objet.code})"
        else:
            libelle = (
                f"{LIBELLE_FILTRE_ACTIF[nom]}\u00a0: {getattr(objet, 'libelle', None) or objet.nom}"
            )
        actifs.append(FiltreActif(libelle, retirer(nom, valeur)))
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


# --- The search page ----------------------------------------------------------------


@dataclass
class Option:
    valeur: str
    libelle: str
    nombre: int
    choisie: bool


@dataclass
class Groupe:
    nom: str
    libelle: str
    options: list[Option] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)
    multiple: bool = False
    tous: str = ""  # the empty choice of a single-valued filter


def _territoire_saisi(paires):
    """A territory typed as a name or a label rather than a "niveau:code" reference:
    (the reference to redirect to, None) or (None, the French error)."""
    texte = dict(paires).get("territoire")
    if not texte:
        return None, None
    try:
        analyser_reference(texte)
        return None, None  # a reference: RechercheFilter validates it
    except ValueError:
        pass
    try:
        return resoudre(texte).reference, None
    except ValidationError as erreur:
        return None, " ".join(erreur.messages)


def _groupes(filtre, paires, comptes) -> list[Groupe]:
    propres = filtre.form.cleaned_data
    choisis = {}
    for nom, valeur in paires:
        if nom not in filtre.errors:
            choisis.setdefault(nom, set()).add(valeur)
    groupes = []
    for nom in ("thematique", "forme", "public", "participation", "statut", "region",
                "departement"):  # fmt: skip
        groupe = Groupe(nom, LIBELLES[nom], erreurs=list(filtre.errors.get(nom, [])))
        groupe.multiple = nom in MULTIPLES
        groupe.tous = TOUS.get(nom, "")
        presentes = set()
        for objet, n in comptes.facettes[nom].valeurs:
            valeur, libelle = _valeur_et_libelle(nom, objet)
            presentes.add(valeur)
            groupe.options.append(Option(valeur, libelle, n, valeur in choisis.get(nom, ())))
        # A chosen value that no result has any more (no result at all) stays shown,
        # so that it can be unchosen.
        retenus = propres.get(nom)
        if retenus and nom not in filtre.errors:
            for objet in retenus if nom in MULTIPLES else [retenus]:
                valeur, libelle = _valeur_et_libelle(nom, objet)
                if valeur not in presentes:
                    groupe.options.append(Option(valeur, libelle, 0, True))
        groupes.append(groupe)
    return groupes


def _valeur_et_libelle(nom, objet):
    if nom == "statut":
        choix = StatutAction(objet)
        return choix.value, choix.label
    if nom == "departement":
        return objet.code, f"{objet.code} – {objet.nom}"
    if nom == "region":
        return objet.code, objet.nom
    return objet.code, objet.libelle


def _pagination(resultats, paires, chemin):
    if resultats.nombre_de_pages <= 1:
        return None
    pages = Paginator(range(resultats.limite), resultats.taille)
    numero = resultats.page
    return {
        "numero": numero,
        "nombre": resultats.nombre_de_pages,
        "premiere": _url(chemin, paires) if numero > 1 else None,
        "precedente": _url(chemin, paires, numero - 1) if numero > 1 else None,
        "suivante": _url(chemin, paires, numero + 1)
        if numero < resultats.nombre_de_pages
        else None,
        "derniere": _url(chemin, paires, resultats.nombre_de_pages)
        if numero < resultats.nombre_de_pages
        else None,
        "pages": [
            {"numero": p, "url": _url(chemin, paires, p) if p != Paginator.ELLIPSIS else None}
            for p in pages.get_elided_page_range(numero, on_each_side=2, on_ends=1)
        ],
    }


def _page_demandee(get) -> int:
    try:
        return min(max(int(get.get("page", "1")), 1), 100_000)
    except ValueError:
        return 1


def _annonce_total(total: int, par_pertinence: bool) -> str:
    if par_pertinence and total > moteur.CANDIDATS:
        return f"{nombre(moteur.CANDIDATS)}+ résultats"
    if total == 0:
        return "aucun résultat"
    return f"{nombre(total)} résultat{'s' if total > 1 else ''}"


def _champ_territoire(saisie: str, erreurs: list[str]):
    """The territory input: the autocomplete widget of territoires.forms (a plain text
    input without JavaScript, resolved by the server)."""
    widget = TerritoireWidget()
    decrit_par = "filtre-territoire-aide" + (" filtre-territoire-erreurs" if erreurs else "")
    attrs = {"id": "filtre-territoire", "class": "fr-input", "aria-describedby": decrit_par}
    if erreurs:
        attrs.update({"class": "fr-input fr-input--error", "aria-invalid": "true"})
    return widget.render("territoire", saisie, attrs=attrs), widget.media


@require_safe
def recherche(request):
    chemin = request.path
    paires = paires_de(request.GET)
    page = _page_demandee(request.GET)

    # Canonical URLs: the empty fields of a submitted form are dropped and a territory
    # typed as a name becomes its reference, so that a shared URL is short and means
    # the same thing tomorrow.
    reference, erreur_territoire = _territoire_saisi(paires)
    if reference:
        paires = [("territoire", reference) if n == "territoire" else (n, v) for n, v in paires]
    vides = any(
        not valeur.strip()
        for nom, valeurs in request.GET.lists()
        if nom in PARAMETRES
        for valeur in valeurs
    )
    if reference or vides:
        return redirect(_url(chemin, paires, page))

    a_filtrer = [p for p in paires if not (erreur_territoire and p[0] == "territoire")]
    filtre = RechercheFilter(donnees(a_filtrer))
    queryset = filtre.qs  # a filter whose value is invalid is left out
    erreurs = {nom: list(messages) for nom, messages in filtre.errors.items()}
    if erreur_territoire:
        erreurs["territoire"] = [erreur_territoire]
    propres = filtre.form.cleaned_data
    texte = propres.get("q") or ""
    tri = dict(paires).get("tri")
    if tri not in TRIS:
        tri = "pertinence" if texte.strip() else "date"

    resultats = moteur.resultats(queryset, texte=texte, tri=tri, page=page, taille=PAR_PAGE)
    if page > resultats.nombre_de_pages:
        return redirect(_url(chemin, paires, resultats.nombre_de_pages))

    par_pertinence = bool(texte.strip()) and tri == "pertinence"
    total = resultats.comptes.total
    annonce = _annonce_total(total, par_pertinence)
    territoire = propres.get("territoire")
    saisie = territoire.libelle if territoire else dict(paires).get("territoire", "")
    champ_territoire, media = _champ_territoire(saisie, erreurs.get("territoire", []))

    titre = "Rechercher une pratique"
    if paires or page > 1:
        titre += f"\u00a0: {annonce}"
        if resultats.nombre_de_pages > 1:
            titre += f", page {page} sur {resultats.nombre_de_pages}"
    if erreurs:
        titre = f"Erreur\u00a0: {titre}"
    sans_tri = [p for p in paires if p[0] != "tri"]
    contexte = {
        "titre": titre,
        "description_page": "Rechercher parmi les pratiques inspirantes publiées, par "
        "mots-clés, thématique, forme d’intervention collective, public et territoire.",
        "url_canonique": settings.SITE_URL + _url(chemin, paires, page),
        "indexer": not paires and page == 1,
        "q": dict(paires).get("q", ""),
        "tri": tri,
        "texte": texte,
        "par_pertinence": par_pertinence,
        "resultats": resultats,
        "lignes": [(f, f.extrait) for f in resultats.fiches],
        "total": total,
        "annonce_total": annonce,
        "plafonne": par_pertinence and total > moteur.CANDIDATS,
        "url_tri_date": _url(chemin, [*sans_tri, ("tri", "date")]),
        "groupes": _groupes(filtre, a_filtrer, resultats.comptes),
        "erreurs": erreurs,
        "resume_erreurs": [
            (LIBELLES.get(nom, nom), messages, ANCRES.get(nom, f"filtre-{nom}"))
            for nom, messages in erreurs.items()
        ],
        "tri_explicite": "tri" in dict(paires),
        "url_tri_pertinence": _url(chemin, [*sans_tri, ("tri", "pertinence")]),
        "premier_rang": (page - 1) * PAR_PAGE + 1,
        "champ_territoire": champ_territoire,
        "media": media,
        "updated_since": dict(paires).get("updated_since", ""),
        "actifs": filtres_actifs(filtre, a_filtrer, chemin),
        "pagination": _pagination(resultats, paires, chemin),
    }
    return render(request, "pratiques/recherche.html", contexte, status=400 if erreurs else 200)


# --- The home page ------------------------------------------------------------------


@cache
def geometrie_departements() -> dict:
    """The SVG paths of metropolitan départements (see carte_departements.SOURCE.md)."""
    return json.loads(CARTE.read_text(encoding="utf-8"))


def _comptes_publies() -> dict[str, dict[int, int]]:
    """Published fiches per thématique and per département: the counts the database
    keeps up to date on every publication (pratiques.models.CompteFacette)."""
    facettes = moteur.compter(moteur.index_publie()).facettes
    return {
        nom: {objet.pk: n for objet, n in facettes[nom].valeurs}
        for nom in ("thematique", "departement")
    }


def classe_carte(n: int) -> int:
    return max(rang for rang, (seuil, _) in enumerate(CLASSES_CARTE) if n >= seuil)


@dataclass
class Departement:
    code: str
    nom: str
    nombre: int
    url: str
    chemin_svg: str | None

    @property
    def classe(self) -> int:
        return classe_carte(self.nombre)

    @property
    def nom_accessible(self) -> str:
        return f"{self.nom}\u00a0: {pratiques(self.nombre)}"


@require_safe
def accueil(request):
    dernieres = moteur.a_afficher(
        Fiche.objects.publiees().order_by("-publiee_le", "-pk")[:DERNIERES_FICHES]
    )
    departements = list(
        Territoire.objects.filter(niveau=Niveau.DEPARTEMENT, actif=True)
        .order_by("code")
        .only("pk", "code", "nom")
    )
    comptes = _comptes_publies()

    geometrie = geometrie_departements()
    carte = [
        Departement(
            code=d.code,
            nom=d.nom,
            nombre=comptes["departement"].get(d.pk, 0),
            url=reverse("pratiques:territoire", args=[Niveau.DEPARTEMENT, d.code]),
            chemin_svg=geometrie["departements"].get(d.code),
        )
        for d in departements
    ]
    themes = [
        (t, comptes["thematique"].get(t.pk, 0), url_recherche([("thematique", t.code)]))
        for t in Thematique.objects.filter(actif=True)
    ]
    return render(
        request,
        "pratiques/accueil.html",
        {
            "titre": "Accueil",
            "description_page": "Des pratiques inspirantes du travail social collectif et du "
            "développement social local, décrites pour que d’autres puissent reproduire la "
            "démarche : recherche, thèmes et carte des départements.",
            "url_canonique": settings.SITE_URL + reverse("accueil"),
            "dernieres": dernieres,
            "themes": themes,
            "carte": carte,
            "sur_la_carte": [d for d in carte if d.chemin_svg],
            "outre_mer": [d for d in carte if not d.chemin_svg],
            "vue_carte": geometrie["viewBox"],
            "source_carte": geometrie,
            "legende": [(rang, libelle) for rang, (_, libelle) in enumerate(CLASSES_CARTE)],
        },
    )
