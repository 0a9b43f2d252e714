"""The national administrators' page: a new edition and its grid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from prix import services
from prix.forms import CriteresFormSet, EditionForm, criteres_saisis
from prix.regles import Refus
from prix.views.outils import refus, titre


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def nouvelle_edition(request):
    if not request.user.est_admin_national:
        return refus(request, Refus("Réservé aux administrateurs nationaux."))
    form = EditionForm(request.POST if request.method == "POST" else None)
    criteres = CriteresFormSet(
        request.POST if request.method == "POST" else None, prefix="criteres"
    )
    if request.method == "POST" and form.is_valid() and criteres.is_valid():
        saisis = criteres_saisis(criteres)
        if not saisis:
            form.add_error(None, "La grille compte au moins un critère.")
        else:
            try:
                with transaction.atomic():
                    edition = services.creer_edition(
                        par=request.user, criteres=saisis, **form.cleaned_data
                    )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, f"L’édition {edition.annee} est créée.")
                return redirect("prix:edition", annee=edition.annee)
    erreur = form.is_bound and (bool(form.errors) or bool(criteres.total_error_count()))
    return render(
        request,
        "prix/nouvelle_edition.html",
        {
            "titre": titre("Nouvelle édition du prix", erreur=erreur),
            "form": form,
            "criteres": criteres,
        },
        status=400 if erreur else 200,
    )
