"""The import pages of a signed-in partner (/partenaires/imports/): send a file, follow
its progress, read the results row by row, run it after a simulation. A partner sees
their organisation's imports only. Progress: static/js/imports-progression.js polls
`etat.json`; without JavaScript the page reloads itself while the import runs."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from imports import services
from imports.forms import EnvoiForm
from imports.models import Import
from imports.schema import schema_table

EXEMPLE = Path(__file__).resolve().parent / "exemples" / "pratiques-exemple.csv"
LIGNES_MONTREES = 100
RECHARGEMENT = 3  # seconds, without JavaScript


def _organisation(request):
    utilisateur = request.user
    if not utilisateur.is_active or utilisateur.organisation_id is None:
        raise PermissionDenied(
            "Les imports sont réservés aux membres d’une organisation partenaire\u00a0: "
            "l’administrateur national vous y rattache."
        )
    return utilisateur.organisation


def _import(request, pk) -> Import:
    return get_object_or_404(Import, pk=pk, organisation=_organisation(request))


@login_required
def liste(request):
    organisation = _organisation(request)
    return render(
        request,
        "imports/liste.html",
        {
            "titre": "Imports de pratiques",
            "organisation": organisation,
            "imports": organisation.imports.select_related("cree_par")[:50],
        },
    )


@never_cache
@login_required
def nouveau(request):
    organisation = _organisation(request)
    form = EnvoiForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        import_ = services.envoyer(
            organisation,
            form.cleaned_data["fichier"],
            simulation=form.cleaned_data["simulation"],
            par=request.user,
        )
        return redirect("imports:detail", pk=import_.pk)
    return render(
        request,
        "imports/nouveau.html",
        {"titre": "Importer des pratiques", "organisation": organisation, "form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
@login_required
def detail(request, pk):
    import_ = _import(request, pk)
    lignes = import_.lignes.exclude(erreurs=[], avertissements=[]).order_by("rang")
    return render(
        request,
        "imports/detail.html",
        {
            "titre": f"Import du fichier {import_.nom_fichier}",
            "import": import_,
            "lignes": lignes[:LIGNES_MONTREES],
            "plus_de_lignes": lignes.count() > LIGNES_MONTREES,
            "rechargement": RECHARGEMENT if import_.actif else None,
        },
    )


@never_cache
@login_required
@require_GET
def etat(request, pk):
    import_ = _import(request, pk)
    return JsonResponse(
        {
            "etat": import_.etat,
            "etat_libelle": import_.get_etat_display(),
            "actif": import_.actif,
            "pourcentage": import_.pourcentage,
            "lignes_total": import_.lignes_total,
            "dernier_rang_traite": import_.dernier_rang_traite,
            "rejetees": import_.rejetees,
        }
    )


@login_required
@require_GET
def erreurs(request, pk):
    import_ = _import(request, pk)
    reponse = HttpResponse(services.rapport_csv(import_), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="import-{import_.pk}-erreurs.csv"'
    return reponse


@login_required
@require_POST
def executer(request, pk):
    import_ = _import(request, pk)
    try:
        services.executer(import_)
    except services.ImportRefuse as refus:
        messages.error(request, str(refus))
    else:
        messages.success(request, "L’import est lancé\u00a0: les fiches sont écrites.")
    return redirect("imports:detail", pk=import_.pk)


@login_required
@require_POST
def reprendre(request, pk):
    import_ = _import(request, pk)
    try:
        services.reprendre(import_)
    except services.ImportRefuse as refus:
        messages.error(request, str(refus))
    else:
        messages.success(request, "L’import reprend après la dernière ligne enregistrée.")
    return redirect("imports:detail", pk=import_.pk)


@require_GET
def schema(request):
    return JsonResponse(
        schema_table(url_documentation=request.build_absolute_uri(reverse("imports:liste"))),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@require_GET
def exemple(request):
    return FileResponse(
        EXEMPLE.open("rb"), as_attachment=True, filename=EXEMPLE.name, content_type="text/csv"
    )
