"""Open data: the data page, the codebook, the Table Schema, the exports (the whole
corpus or a search's results, filtered by RechercheFilter like the search page) and
the nightly dumps."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_safe

from core.limites import adresse_ip, depasse
from donnees.colonnes import COLONNES, LICENCE, SEPARATEUR, Colonne, schema_table
from donnees.export import EXPORTS, Adresses
from donnees.models import Depot
from donnees.services import JOURS_CONSERVES, PREFIXE
from pratiques.filters import RechercheFilter

TYPES = {"string": "texte", "date": "date (AAAA-MM-JJ)", "datetime": "date et heure (ISO 8601)"}


@require_safe
def accueil(request):
    return render(
        request,
        "donnees/accueil.html",
        {
            "titre": "Données ouvertes",
            "description_page": "Télécharger les pratiques inspirantes publiées en CSV ou en "
            "JSON, sous Licence Ouverte\u00a0: exports quotidiens, schéma des données et "
            "dictionnaire des colonnes.",
            "depots": Depot.objects.all(),
            "jours_conserves": JOURS_CONSERVES,
            "licence": LICENCE,
            "separateur": SEPARATEUR.strip(),
            "nombre_colonnes": len(COLONNES),
        },
    )


@dataclass
class Valeur:
    code: str
    libelle: str
    url: str | None


@dataclass
class LigneDictionnaire:
    colonne: Colonne
    type: str
    valeurs: list[Valeur]


def _ligne(colonne: Colonne) -> LigneDictionnaire:
    recherche = reverse("decouverte:recherche")
    valeurs = [
        Valeur(
            code,
            libelle,
            f"{recherche}?{urlencode({colonne.parametre: code})}" if colonne.parametre else None,
        )
        for code, libelle in colonne.valeurs()
    ]
    type_ = TYPES[colonne.type] + (", adresse web" if colonne.format == "uri" else "")
    return LigneDictionnaire(colonne, type_, valeurs)


@require_safe
def dictionnaire(request):
    return render(
        request,
        "donnees/dictionnaire.html",
        {
            "titre": "Dictionnaire des données",
            "description_page": "Chaque colonne de l’export CSV des pratiques inspirantes\u00a0: "
            "nom, libellé, type, description et valeurs possibles.",
            "lignes": [_ligne(colonne) for colonne in COLONNES],
            "separateur": SEPARATEUR.strip(),
        },
    )


@require_safe
def schema(request):
    schema = schema_table(
        url_dictionnaire=request.build_absolute_uri(reverse("donnees:dictionnaire"))
    )
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 2})


def _refus(filtre: RechercheFilter, format: str) -> HttpResponse:
    """400: the invalid parameters, by parameter, in French."""
    erreurs = {champ: list(messages) for champ, messages in filtre.errors.items()}
    if format == "json":
        return JsonResponse(erreurs, status=400, json_dumps_params={"ensure_ascii": False})
    lignes = [
        "Recherche invalide\u00a0: l’export ne peut pas être produit.",
        *(
            f"{filtre.filters[champ].label or champ}\u00a0: {' '.join(messages)}"
            for champ, messages in erreurs.items()
        ),
    ]
    return HttpResponseBadRequest(
        "\n".join(lignes) + "\n", content_type="text/plain; charset=utf-8"
    )


# On-demand exports per address and hour (settings DONNEES_EXPORTS_PAR_HEURE; None: no
# limit): an export reads the whole corpus, the nightly dumps are there for bulk use.
EXPORTS_PAR_HEURE = 30


def _trop_d_exports(request) -> HttpResponse | None:
    limite = getattr(settings, "DONNEES_EXPORTS_PAR_HEURE", EXPORTS_PAR_HEURE)
    if limite is None or not depasse(f"export:ip:{adresse_ip(request)}", limite, 3600):
        return None
    reponse = HttpResponse(
        f"Trop d’exports depuis votre adresse\u00a0: {limite} par heure au plus. Le "
        "corpus entier est déposé chaque nuit sur "
        f"{request.build_absolute_uri(reverse('donnees:accueil'))}\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    reponse["Retry-After"] = "3600"
    return reponse


@require_GET
def exporter(request, format: str):
    """The published fiches matching the search page's parameters (all without any),
    newest first; `page` and `tri` are ignored."""
    if refus := _trop_d_exports(request):
        return refus
    filtre = RechercheFilter(request.GET)
    if not filtre.is_valid():
        return _refus(filtre, format)
    export = EXPORTS[format](filtre.qs, Adresses.de_la_requete(request), texte=filtre.texte)
    reponse = StreamingHttpResponse(export, content_type=export.type_mime)
    date = timezone.localdate().isoformat()
    reponse["Content-Disposition"] = f'attachment; filename="{PREFIXE}-{date}.{format}"'
    schema = request.build_absolute_uri(reverse("donnees:schema"))
    if format == "csv":
        reponse["Link"] = f'<{schema}>; rel="describedby"; type="application/json"'
    return reponse


@require_safe
def depot(request, pk: int, nom: str):
    depot = get_object_or_404(Depot, pk=pk)
    if nom != depot.nom_de_fichier or not default_storage.exists(depot.fichier.name):
        raise Http404("Ce fichier n’existe plus.")
    return FileResponse(
        default_storage.open(depot.fichier.name, "rb"),
        as_attachment=True,
        filename=depot.nom_de_fichier,
        content_type=EXPORTS[depot.format].type_mime,
    )
