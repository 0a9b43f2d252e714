from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from territoires.filters import suggerer
from territoires.forms import TrouverTerritoireForm
from territoires.models import Niveau, Territoire

ENFANTS_PAR_PAGE = 50


@require_GET
def trouver(request):
    """Find a territory; without JavaScript the server resolves what was typed."""
    formulaire = TrouverTerritoireForm(request.GET or None)
    if formulaire.is_valid():
        return redirect(formulaire.cleaned_data["territoire"])
    candidats = []
    if formulaire.is_bound:
        try:
            candidats = suggerer(request.GET.get("territoire", ""))
        except ValidationError:
            candidats = []
    return render(
        request,
        "territoires/trouver.html",
        {"titre": "Trouver un territoire", "form": formulaire, "candidats": candidats},
    )


@require_GET
def autocompletion(request):
    """Suggestions for the combobox widget (static/js/territoires.js)."""
    try:
        territoires = suggerer(request.GET.get("q", ""), request.GET.getlist("niveau"))
    except ValidationError as erreur:
        return JsonResponse({"erreurs": erreur.message_dict}, status=400)
    return JsonResponse(
        {
            "resultats": [
                {
                    "reference": t.reference,
                    "libelle": t.libelle,
                    "nom": t.nom,
                    "niveau": t.get_niveau_display(),
                    "code": t.code,
                    "contexte": t.contexte,
                }
                for t in territoires
            ]
        }
    )


@require_GET
def detail(request, niveau, code):
    if niveau not in Niveau.values:
        raise Http404("Niveau inconnu.")
    try:
        territoire = Territoire.objects.select_related("successeur").get(
            niveau=niveau, code=code.upper()
        )
    except Territoire.DoesNotExist as erreur:
        raise Http404("Territoire inconnu.") from erreur
    ascendants = list(territoire.ascendants())
    enfants = Paginator(territoire.enfants(), ENFANTS_PAR_PAGE).get_page(request.GET.get("page"))
    enfants.pages_list = enfants.paginator.get_elided_page_range(enfants.number)
    return render(
        request,
        "territoires/detail.html",
        {
            "titre": territoire.libelle,
            "territoire": territoire,
            "enfants": enfants,
            "titre_enfants": territoire.titre_enfants,
            "fil_ariane": {
                "links": [{"url": reverse("territoires:trouver"), "title": "Territoires"}]
                + [{"url": t.get_absolute_url(), "title": t.nom} for t in ascendants],
                "current": territoire.nom,
            },
        },
    )
