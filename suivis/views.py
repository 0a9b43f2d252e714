"""Follow and unfollow (POST, from the fiche and territory pages or "Mes suivis"), and
the "Mes suivis" page. Every page needs a signed-in person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from decouverte.models import Alerte
from pratiques.models import Etat, Fiche
from suivis import services
from suivis.models import Abonnement, SuiviFiche, SuiviTerritoire
from territoires.models import Territoire


def _retour(request, defaut: str):
    suivant = request.POST.get("suivant", "")
    if suivant and url_has_allowed_host_and_scheme(
        suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(suivant)
    return redirect(defaut)


@login_required
@require_POST
def fiche(request, pk):
    action = request.POST.get("action")
    if action == "arreter":
        services.ne_plus_suivre_fiche(request.user, pk)
        messages.success(request, "Vous ne suivez plus cette pratique.")
        return _retour(request, "suivis:mes_suivis")
    objet = get_object_or_404(Fiche.objects.publiees(), pk=pk)
    if action != "suivre":
        raise Http404("Action inconnue.")
    try:
        services.suivre_fiche(request.user, objet)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(
            request, "Vous suivez cette pratique : ses nouveautés arriveront dans votre résumé."
        )
    return _retour(request, "suivis:mes_suivis")


@login_required
@require_POST
def territoire(request, pk):
    action = request.POST.get("action")
    if action == "arreter":
        services.ne_plus_suivre_territoire(request.user, pk)
        messages.success(request, "Vous ne suivez plus ce territoire.")
        return _retour(request, "suivis:mes_suivis")
    objet = get_object_or_404(Territoire, pk=pk)
    if action != "suivre":
        raise Http404("Action inconnue.")
    try:
        services.suivre_territoire(request.user, objet)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(
            request,
            "Vous suivez ce territoire : ses nouvelles pratiques arriveront dans votre résumé.",
        )
    return _retour(request, "suivis:mes_suivis")


@login_required
@require_http_methods(["GET", "POST"])
def mes_suivis(request):
    utilisateur = request.user
    erreur_frequence = ""
    if request.method == "POST":
        try:
            services.changer_frequence(utilisateur, request.POST.get("frequence", ""))
        except ValidationError as erreur:
            erreur_frequence = " ".join(erreur.messages)
        else:
            messages.success(request, "La fréquence de votre résumé est enregistrée.")
            return redirect("suivis:mes_suivis")
    abonnement = Abonnement.objects.filter(utilisateur=utilisateur).first()
    fiches = (
        SuiviFiche.objects.filter(utilisateur=utilisateur, fiche__etat=Etat.PUBLIEE)
        .select_related("fiche")
        .only("fiche__slug", "fiche__titre", "fiche_id", "cree_le")
    )
    territoires = SuiviTerritoire.objects.filter(utilisateur=utilisateur).select_related(
        "territoire"
    )
    return render(
        request,
        "suivis/mes_suivis.html",
        {
            "titre": "Mes suivis",
            "fiches": fiches,
            "territoires": territoires,
            "frequence": abonnement.frequence if abonnement else Alerte.Frequence.HEBDOMADAIRE,
            "frequences": Alerte.Frequence.choices,
            "erreur_frequence": erreur_frequence,
        },
        status=400 if erreur_frequence else 200,
    )
