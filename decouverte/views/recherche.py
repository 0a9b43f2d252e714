"""Discovery pages: the home page and the search results (what they share with the
territory pages is in decouverte.views.outils).

Every state of a search is its URL: the GET parameters of RechercheFilter (the one
filter layer, shared with the API), plus `tri` and `page`. The view only parses them,
lets RechercheFilter filter and pratiques.recherche.moteur count, rank and highlight,
and renders; its filter groups follow the facet declarations
(pratiques.recherche.facettes). Unknown values never break the page: the filter is
left out and its error is shown next to it (HTTP 400, with the whole page).
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from decouverte.views.outils import (
    PARAMETRES,
    donnees,
    filtres_actifs,
    nombre,
    paires_de,
    pratiques,
    url_de,
    url_recherche,
)
from pratiques.filters import RechercheFilter
from pratiques.models import Fiche, Thematique
from pratiques.recherche import cache as cache_recherche
from pratiques.recherche import impasses, moteur
from pratiques.recherche.extraits import a_afficher
from pratiques.recherche.facettes import FACETTES, FacetteVocabulaire
from pratiques.recherche.lieux import lieux_nommes
from territoires.carte import carte_des_departements
from territoires.forms import TerritoireWidget, resoudre
from territoires.models import Niveau, analyser_reference

PAR_PAGE = 20
DERNIERES_FICHES = 6

TRIS = {moteur.PERTINENCE, moteur.DATE, moteur.REPRISES}
# The label of each parameter in the summary of errors at the top.
LIBELLES = {
    "q": "Mots-clés",
    **{facette.nom: facette.libelle for facette in FACETTES},
    "territoire": "Territoire",
    "updated_since": "Modifiées depuis",
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
    a_cocher: bool = False  # checkboxes (otherwise a select)
    url_definitions: str = ""  # its values defined in the référentiel
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


@dataclass
class Lieu:
    nom: str
    contexte: str  # its département, to tell homonyms apart
    url: str


def _lieux(texte: str, paires, chemin: str) -> tuple[object, list[Lieu]]:
    """The places the words name (pratiques.recherche.lieux), each as the URL of the
    same search with the place as its territory filter and the other words kept."""
    lieux = lieux_nommes(texte) if texte.strip() else None
    if lieux is None:
        return None, []
    autres = [(n, v) for n, v in paires if n not in ("q", "territoire", "page")]
    mots = [("q", lieux.reste)] if lieux.reste else []
    propositions = []
    for territoire in lieux.territoires:
        nouvelles = paires_de(donnees([*mots, *autres, ("territoire", territoire.reference)]))
        contexte = getattr(territoire, "contexte", "") if len(lieux.territoires) > 1 else ""
        propositions.append(Lieu(territoire.nom, contexte, url_de(chemin, nouvelles)))
    return lieux, propositions


# How many "remove this filter / word" variants a search without results counts (one
# statement whatever their number).
VARIANTES_AU_PLUS = 6


@dataclass
class Retrait:
    libelle: str
    url: str
    nombre: int


def _sans_impasse(filtre, actifs, paires, texte: str, chemin: str) -> dict:
    """For a search without results: what removing each filter or word would give
    (one statement), the fiches holding part of the words (one statement) and a close
    spelling (one query). The variants reuse the values `filtre` cleaned."""
    autres = [p for p in paires if p[0] != "q"]
    mots = impasses.mots_de(texte)
    variantes = []  # (label, URL pairs, index rows)
    for actif in actifs:
        (retire,) = set(paires) - set(actif.sans) or {None}
        if retire and (retire[0] != "q" or len(mots) < 2):  # several words: one by one
            libelle = f"le filtre «\u00a0{actif.libelle}\u00a0»"
            variantes.append((libelle, actif.sans, filtre.variante(sans=retire)))
    if len(mots) > 1:
        for mot in mots:
            reste = " ".join(m for m in mots if m != mot)
            sans = paires_de(donnees([("q", reste), *autres]))
            variantes.append((f"le mot «\u00a0{mot}\u00a0»", sans, filtre.variante(q=reste)))
    variantes = variantes[:VARIANTES_AU_PLUS]
    nombres = impasses.compter_chacun([index for _, _, index in variantes])
    retraits = [
        Retrait(libelle, url_de(chemin, sans), n)
        for (libelle, sans, _), n in zip(variantes, nombres, strict=True)
        if n
    ]
    partiel = impasses.texte_partiel(texte)
    partiels = []
    if partiel:
        partiels = moteur.resultats(
            filtre.variante(q=partiel), texte=partiel, tri="pertinence", page=1, taille=PAR_PAGE
        ).fiches
    corrige = impasses.orthographe(texte) if texte.strip() else None
    return {
        "retraits": retraits,
        "partiels": [(f, f.extrait) for f in partiels],
        "orthographe": corrige,
        "url_orthographe": url_de(chemin, paires_de(donnees([("q", corrige), *autres])))
        if corrige
        else None,
    }


def _groupes(filtre, paires, comptes) -> list[Groupe]:
    propres = filtre.form.cleaned_data
    choisis = {}
    for nom, valeur in paires:
        if nom not in filtre.errors:
            choisis.setdefault(nom, set()).add(valeur)
    groupes = []
    for facette in FACETTES:
        nom = facette.nom
        groupe = Groupe(nom, facette.libelle, erreurs=list(filtre.errors.get(nom, [])))
        groupe.a_cocher = facette.a_cocher
        groupe.tous = facette.tous
        if isinstance(facette, FacetteVocabulaire):
            groupe.url_definitions = f"{reverse('decouverte:referentiel')}#{nom}"
        presentes = set()
        for objet, n in comptes.facettes[nom].valeurs:
            valeur, libelle = facette.code(objet), facette.libelle_option(objet)
            presentes.add(valeur)
            groupe.options.append(Option(valeur, libelle, n, valeur in choisis.get(nom, ())))
        # A chosen value that no result has any more (no result at all) stays shown,
        # so that it can be unchosen.
        retenus = propres.get(nom)
        if retenus and nom not in filtre.errors:
            for objet in retenus if facette.multiple else [retenus]:
                valeur = facette.code(objet)
                if valeur not in presentes:
                    groupe.options.append(Option(valeur, facette.libelle_option(objet), 0, True))
        groupes.append(groupe)
    return groupes


def _pagination(resultats, paires, chemin):
    if resultats.nombre_de_pages <= 1:
        return None
    pages = Paginator(range(resultats.limite), resultats.taille)
    numero = resultats.page
    return {
        "numero": numero,
        "nombre": resultats.nombre_de_pages,
        "premiere": url_de(chemin, paires) if numero > 1 else None,
        "precedente": url_de(chemin, paires, numero - 1) if numero > 1 else None,
        "suivante": url_de(chemin, paires, numero + 1)
        if numero < resultats.nombre_de_pages
        else None,
        "derniere": url_de(chemin, paires, resultats.nombre_de_pages)
        if numero < resultats.nombre_de_pages
        else None,
        "pages": [
            {"numero": p, "url": url_de(chemin, paires, p) if p != Paginator.ELLIPSIS else None}
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
        return redirect(url_de(chemin, paires, page))

    url_canonique = settings.SITE_URL + url_de(chemin, paires, page)
    if (gardee := _page_gardee(url_canonique)) is not None:
        return render(request, "decouverte/recherche.html", gardee)

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
        return redirect(url_de(chemin, paires, resultats.nombre_de_pages))

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
    lieux, propositions_lieux = (None, []) if territoire else _lieux(texte, a_filtrer, chemin)
    actifs = filtres_actifs(filtre, a_filtrer, chemin)
    cherche = [p for p in a_filtrer if p[0] != "tri"]
    impasse = (
        _sans_impasse(filtre, actifs, cherche, texte, chemin) if not total and cherche else None
    )
    contexte = {
        "titre": titre,
        "description_page": "Rechercher parmi les pratiques inspirantes publiées, par "
        "mots-clés, thématique, forme d’intervention collective, public et territoire.",
        "url_canonique": url_canonique,
        "indexer": not paires and page == 1,
        "q": dict(paires).get("q", ""),
        "tri": tri,
        "texte": texte,
        "par_pertinence": par_pertinence,
        "resultats": resultats,
        "total": total,
        "annonce_total": annonce,
        "plafonne": par_pertinence and total > moteur.CANDIDATS,
        "url_tri_date": url_de(chemin, [*sans_tri, ("tri", "date")]),
        "erreurs": erreurs,
        "resume_erreurs": [
            (LIBELLES.get(nom, nom), messages, ANCRES.get(nom, f"filtre-{nom}"))
            for nom, messages in erreurs.items()
        ],
        "tri_explicite": "tri" in dict(paires),
        "url_tri_pertinence": url_de(chemin, [*sans_tri, ("tri", "pertinence")]),
        "url_tri_reprises": url_de(chemin, [*sans_tri, ("tri", "reprises")]),
        "premier_rang": (page - 1) * PAR_PAGE + 1,
        "champ_territoire": champ_territoire,
        "updated_since": dict(paires).get("updated_since", ""),
        "actifs": actifs,
        "pagination": _pagination(resultats, paires, chemin),
        "lieux": lieux,
        "propositions_lieux": propositions_lieux,
        "impasse": impasse,
    }
    contexte.update(
        groupes=_groupes(filtre, a_filtrer, resultats.comptes),
        lignes=[(f, f.extrait) for f in resultats.fiches],
    )
    page_rendue = {
        "titre": titre,
        "description_page": contexte["description_page"],
        "url_canonique": url_canonique,
        "indexer": contexte["indexer"],
        "media_css": media["css"].render(),
        "media_js": media["js"].render(),
        "html_contenu": render_to_string("decouverte/_recherche_contenu.html", contexte, request),
    }
    if not erreurs:
        _garder(url_canonique, resultats.version, page_rendue)
    return render(request, "decouverte/recherche.html", page_rendue, status=400 if erreurs else 200)


# The page as rendered for a search (its canonical URL, which holds every parameter and
# the page number) at a corpus version: what it shows but the person's own part (the
# "follow this search" form, the header). A newer version, a new key: nothing stale is
# ever shown (pratiques.recherche.cache). A page with errors is not kept.
ESPACE_PAGES = "recherche:page:1"


def _cle_page(url: str, version: int) -> str:
    empreinte = hashlib.sha256(f"{url}\x00{PAR_PAGE}".encode()).hexdigest()
    return f"{ESPACE_PAGES}:{version}:{empreinte}"


def _page_gardee(url: str) -> dict | None:
    """The kept page of this search at the current corpus version (one small query and
    one cache read), or None."""
    if not cache_recherche.ACTIF or (version := cache_recherche.version()) is None:
        return None
    return cache_recherche.lire(_cle_page(url, version))


def _garder(url: str, version: int | None, page_rendue: dict) -> None:
    """Keep the page under the version its results were computed at (None: unknown)."""
    if cache_recherche.ACTIF and version is not None:
        cache_recherche.ecrire(_cle_page(url, version), page_rendue)


# --- The home page ------------------------------------------------------------------


def _comptes_publies() -> dict[str, dict[int, int]]:
    """Published fiches per thématique and per département: the counts the database
    keeps up to date on every publication (pratiques.models.CompteFacette)."""
    facettes = moteur.compter(moteur.index_publie()).facettes
    return {
        nom: {objet.pk: n for objet, n in facettes[nom].valeurs}
        for nom in ("thematique", "departement")
    }


@require_safe
def accueil(request):
    dernieres = a_afficher(
        Fiche.objects.publiees().order_by("-publiee_le", "-pk")[:DERNIERES_FICHES]
    )
    comptes = _comptes_publies()
    carte = carte_des_departements(
        comptes["departement"],
        classes=CLASSES_CARTE,
        url=lambda d: reverse("decouverte:territoire", args=[Niveau.DEPARTEMENT, d.code]),
        nommer=pratiques,
    )
    themes = [
        (t, comptes["thematique"].get(t.pk, 0), url_recherche([("thematique", t.code)]))
        for t in Thematique.objects.filter(actif=True)
    ]
    return render(
        request,
        "decouverte/accueil.html",
        {
            "titre": "Accueil",
            "description_page": "Des pratiques inspirantes du travail social collectif et du "
            "développement social local, décrites pour que d’autres puissent reproduire la "
            "démarche : recherche, thèmes et carte des départements.",
            "url_canonique": settings.SITE_URL + reverse("accueil"),
            "dernieres": dernieres,
            "themes": themes,
            "carte": carte,
        },
    )
