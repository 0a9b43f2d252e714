"""The webhook pages of a partner's key manager (/partenaires/webhooks/): their
organisation's endpoints, each with its secret, its deliveries log and its actions
(send a test, enable again, renew the secret, delete)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from webhooks import services
from webhooks.evenements import EVENEMENTS
from webhooks.forms import PointForm
from webhooks.models import PointDeTerminaison

LIVRAISONS_AFFICHEES = 50


def _organisation(request):
    utilisateur = request.user
    if utilisateur.organisation_id is None or not services.peut_gerer(
        utilisateur, utilisateur.organisation
    ):
        raise PermissionDenied(
            "Cette page est réservée aux partenaires qui gèrent les clés d’API et les "
            "webhooks de leur organisation."
        )
    return utilisateur.organisation


def _point(request, pk) -> PointDeTerminaison:
    return get_object_or_404(PointDeTerminaison, pk=pk, organisation=_organisation(request))


@login_required
def liste(request):
    organisation = _organisation(request)
    return render(
        request,
        "webhooks/liste.html",
        {
            "titre": f"Webhooks — {organisation.nom}",
            "organisation": organisation,
            "points": organisation.points_de_terminaison.all(),
            "evenements": EVENEMENTS.values(),
        },
    )


def _formulaire(request, form, *, titre, bouton, point=None):
    return render(
        request,
        "webhooks/point_formulaire.html",
        {"titre": titre, "form": form, "bouton": bouton, "point": point},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def nouveau(request):
    organisation = _organisation(request)
    form = PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.creer_point(request.user, organisation, **form.cleaned_data)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(
                request,
                "Le point de terminaison est créé. Copiez son secret pour vérifier les "
                "signatures des envois.",
            )
            return redirect("webhooks:point", pk=point.pk)
    return _formulaire(
        request, form, titre="Nouveau point de terminaison", bouton="Créer le point de terminaison"
    )


@never_cache
@login_required
def point(request, pk):
    objet = _point(request, pk)
    reponse = render(
        request,
        "webhooks/point.html",
        {
            "titre": f"Point de terminaison {objet.url}",
            "point": objet,
            "livraisons": objet.livraisons.all()[:LIVRAISONS_AFFICHEES],
            "nombre_affiche": LIVRAISONS_AFFICHEES,
        },
    )
    reponse["Cache-Control"] = "no-store"  # the page shows the secret
    return reponse


@login_required
@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    objet = _point(request, pk)
    initial = {"url": objet.url, "description": objet.description, "evenements": objet.evenements}
    form = PointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.modifier_point(request.user, objet, **form.cleaned_data)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Le point de terminaison est enregistré.")
            return redirect("webhooks:point", pk=objet.pk)
    return _formulaire(
        request,
        form,
        titre="Modifier le point de terminaison",
        bouton="Enregistrer",
        point=objet,
    )


@login_required
@require_http_methods(["GET", "POST"])
def supprimer(request, pk):
    objet = _point(request, pk)
    if request.method == "POST":
        services.supprimer_point(request.user, objet)
        messages.success(request, f"Le point de terminaison {objet.url} est supprimé.")
        return redirect("webhooks:liste")
    return render(
        request,
        "webhooks/point_supprimer.html",
        {"titre": "Supprimer le point de terminaison", "point": objet},
    )


ACTIONS = {
    "tester": (
        services.tester,
        "Un événement de test est envoyé\u00a0: son résultat apparaît dans le journal "
        "ci-dessous (actualisez la page).",
    ),
    "reactiver": (services.reactiver, "Le point de terminaison est réactivé."),
    "renouveler-secret": (
        services.renouveler_secret,
        "Un nouveau secret est créé\u00a0: l’ancien ne signe plus les envois.",
    ),
}


@login_required
@require_POST
def agir(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    objet = _point(request, pk)
    service, succes = ACTIONS[action]
    try:
        service(request.user, objet)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, succes)
    return redirect("webhooks:point", pk=objet.pk)
