"""Saved searches: follow a search, list and delete one's alerts, unsubscribe from the
link of a digest without signing in. Thin views over decouverte.alertes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from decouverte import alertes
from decouverte.models import Alerte


@require_POST
def suivre(request):
    """The "Suivre cette recherche" form of the search page: `parametres` holds the
    search page's querystring, `frequence` the chosen rhythm."""
    donnees = QueryDict(request.POST.get("parametres", ""))
    retour = alertes.lien_recherche(alertes.normaliser_parametres(donnees))
    if not request.user.is_authenticated:
        messages.info(
            request,
            "Connectez-vous pour suivre cette recherche\u00a0: vous reviendrez ensuite à vos "
            "résultats.",
        )
        return redirect_to_login(retour)
    try:
        alerte = alertes.creer_alerte(request.user, donnees, request.POST.get("frequence", ""))
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
        return redirect(retour)
    messages.success(
        request,
        f"Vous suivez la recherche «\u00a0{alerte.nom}\u00a0»\u00a0: les nouvelles pratiques "
        f"vous seront envoyées par e-mail {alerte.get_frequence_display().lower()}.",
    )
    return redirect("decouverte:alertes")


@require_GET
@login_required
def mes_alertes(request):
    liste = list(request.user.alertes.all())
    for alerte in liste:
        alerte.lien = alertes.lien_recherche(alerte.parametres)
    return render(
        request,
        "decouverte/alertes.html",
        {"titre": "Mes alertes", "alertes": liste, "maximum": alertes.ALERTES_MAX_PAR_UTILISATEUR},
    )


@require_POST
@login_required
def supprimer(request, pk):
    # Someone else's alert does not exist for this user: 404, not a hint that it exists.
    alerte = get_object_or_404(Alerte, pk=pk, utilisateur=request.user)
    alertes.supprimer(alerte, par=request.user)
    messages.success(request, f"L’alerte «\u00a0{alerte.nom}\u00a0» est supprimée.")
    return redirect("decouverte:alertes")


@never_cache
@csrf_exempt  # the one-click POST of List-Unsubscribe-Post comes from the mail client
@require_http_methods(["GET", "POST"])
def desabonnement(request, jeton):
    """GET asks for confirmation (mail scanners prefetch links), POST unsubscribes:
    without signing in, idempotent."""
    if request.method == "POST":
        alerte = alertes.desabonner_par_jeton(jeton)
    else:
        alerte = Alerte.objects.filter(jeton=jeton).first()
    if alerte is None:
        reponse = render(
            request,
            "decouverte/alertes_jeton_invalide.html",
            {"titre": "Lien de désabonnement invalide"},
            status=400,
        )
    else:
        reponse = render(
            request,
            "decouverte/alertes_desabonnement.html",
            {
                "titre": "Se désabonner d’une alerte",
                "alerte": alerte,
                "desabonne": not alerte.active,
            },
        )
    reponse["X-Robots-Tag"] = "noindex"
    return reponse
