"""The essaimage pages: a fiche's reprises (list and map), the form to declare one,
one's own reprises (and the derived fiche), and the moderators' queue and decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from essaimage import cycle, diffusion, services
from essaimage.forms import DecisionRepriseForm, RepriseForm
from essaimage.models import EtatReprise, Reprise
from pratiques.models import Fiche
from pratiques.views.erreurs import transition_refusee
from pratiques.views.moderation import reserve_aux_moderateurs

PAR_PAGE = 20


def _titre(texte: str, *, erreur=False) -> str:
    return f"Erreur — {texte}" if erreur else texte


def _fiche_publiee(slug) -> Fiche:
    return get_object_or_404(Fiche.objects.publiees(), slug=slug)


@require_safe
def reprises(request, slug):
    """Where a published fiche's approach has spread: count, map, list."""
    fiche = _fiche_publiee(slug)
    page = Paginator(diffusion.publiees_de(fiche), PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "essaimage/reprises.html",
        {
            "titre": f"Reprises de «\u00a0{fiche.titre}\u00a0»",
            "fiche": fiche,
            "page": page,
            "diffusion": diffusion.diffusion(fiche),
            "carte": diffusion.carte(fiche),
            "est_auteur_source": request.user.is_authenticated
            and fiche.auteur_id == request.user.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def declarer(request, slug):
    """ "Je l'ai mise en place / adaptée": likely personal data is shown and must be
    acknowledged, as for a fiche's submission."""
    fiche = _fiche_publiee(slug)
    signalements = services.signalements_de(request.POST) if request.method == "POST" else []
    form = RepriseForm(request.POST or None, signalements=signalements)
    if request.method == "POST" and form.is_valid():
        relu = form.cleaned_data.pop("donnees_personnelles_relues", False)
        if signalements and not relu:
            form.signaler()
        else:
            try:
                services.declarer(
                    fiche, par=request.user, donnees_personnelles_relues=relu, **form.cleaned_data
                )
            except services.TransitionInterdite as erreur:
                return transition_refusee(request, erreur)
            messages.success(
                request,
                "Merci\u00a0! Votre reprise est transmise à la modération de son "
                "département\u00a0: "
                "vous recevrez sa décision par e-mail.",
            )
            return redirect("essaimage:mes_reprises")
    erreur = form.is_bound and bool(form.errors)
    return render(
        request,
        "essaimage/declarer.html",
        {
            "titre": _titre(f"J’ai mis en place «\u00a0{fiche.titre}\u00a0»", erreur=erreur),
            "fiche": fiche,
            "form": form,
        },
        status=400 if erreur else 200,
    )


@login_required
@require_safe
def mes_reprises(request):
    return render(
        request,
        "essaimage/mes_reprises.html",
        {
            "titre": "Mes reprises",
            "reprises": Reprise.objects.filter(auteur=request.user).select_related(
                "fiche_source", "territoire", "fiche_derivee"
            ),
        },
    )


@login_required
@require_POST
def rediger(request, pk):
    """ "Rédiger la fiche de cette reprise": a draft prefilled from the source."""
    reprise = get_object_or_404(Reprise, pk=pk)
    try:
        fiche = services.rediger_fiche_derivee(reprise, par=request.user)
    except services.TransitionInterdite as erreur:
        return transition_refusee(request, erreur)
    messages.success(
        request,
        "Le brouillon de votre fiche est prêt, repris de la fiche d’origine\u00a0: décrivez "
        "maintenant votre propre pratique, puis soumettez-la.",
    )
    return redirect("pratiques:modifier", fiche.pk)


@reserve_aux_moderateurs
@require_safe
def file(request):
    """The reprises waiting in this moderator's queue (same rule as the fiches')."""
    attente = (
        Reprise.objects.en_attente()
        .moderables_par(request.user)
        .select_related("fiche_source", "territoire", "auteur")
        .order_by("cree_le", "pk")
    )
    page = Paginator(attente, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "essaimage/moderation_file.html", {"titre": "Reprises à relire", "page": page}
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderer(request, pk):
    reprise = get_object_or_404(
        Reprise.objects.select_related("fiche_source", "territoire", "auteur"), pk=pk
    )
    possibles = cycle.possibles(reprise, request.user)
    if not possibles:
        try:
            cycle.exiger("publier", reprise, request.user)
        except services.TransitionInterdite as erreur:
            return transition_refusee(request, erreur)
    signalements = services.signalements_de(reprise) if reprise.etat == EtatReprise.SOUMISE else []
    form = DecisionRepriseForm(request.POST or None, possibles=possibles, signalements=signalements)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "publier":
                services.publier(
                    reprise,
                    par=request.user,
                    confirme_donnees_personnelles=form.cleaned_data.get("confirmation", False),
                )
            else:
                getattr(services, decision)(
                    reprise, par=request.user, motif=form.cleaned_data["motif"]
                )
        except services.TransitionInterdite as erreur:
            return transition_refusee(request, erreur)
        messages.success(request, "Votre décision est enregistrée et son auteur en est informé.")
        return redirect("essaimage:file")
    erreur = form.is_bound and bool(form.errors)
    return render(
        request,
        "essaimage/moderation_reprise.html",
        {
            "titre": _titre("Relire une reprise", erreur=erreur),
            "reprise": reprise,
            "form": form,
            "signalements": signalements,
        },
        status=400 if erreur else 200,
    )
