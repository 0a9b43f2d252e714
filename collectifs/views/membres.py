"""Pages of signed-in people: declare a collectif, ask to join one, follow their
collectifs, change their public-name choice, leave, and link their fiches to a
collectif they belong to. Thin views: bind a form, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from collectifs import membres, services
from collectifs.forms import (
    AdhesionForm,
    ChoixCollectifForm,
    DeclarationForm,
    DepartForm,
    ParticipationForm,
)
from collectifs.models import Collectif, Membre
from collectifs.views.outils import cite, collectif_ou_404, refus, titre
from pratiques.models import Fiche

CHAMPS_COLLECTIF = ("nom", "description", "territoires", "date_creation", "forme", "gouvernance")


@login_required
@require_http_methods(["GET", "POST"])
def declarer(request):
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        collectif = services.declarer(
            par=request.user,
            donnees={champ: donnees[champ] for champ in CHAMPS_COLLECTIF},
            college=donnees["college"],
            fonction=donnees["fonction"],
            nom_public=donnees["nom_public"],
        )
        messages.success(
            request,
            f"Le collectif {cite(collectif.nom)} est déclaré\u00a0: vous en êtes l’animateur. "
            "Invitez ses membres à le rejoindre depuis sa page.",
        )
        return redirect("collectifs:gerer", collectif.slug)
    erreur = form.is_bound and bool(form.errors)
    return render(
        request,
        "collectifs/declarer.html",
        {"titre": titre("Déclarer un collectif", erreur=erreur), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rejoindre(request, slug):
    collectif = collectif_ou_404(slug)
    participation = services.participation(request.user, collectif)
    form = AdhesionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membres.demander_adhesion(collectif, par=request.user, **form.cleaned_data)
        except services.TransitionInterdite as erreur:
            return refus(request, erreur)
        messages.success(
            request,
            "Votre demande est transmise aux animateurs du collectif\u00a0: vous recevrez "
            "leur réponse par e-mail.",
        )
        return redirect("collectifs:collectif", collectif.slug)
    erreur = form.is_bound and bool(form.errors)
    return render(
        request,
        "collectifs/rejoindre.html",
        {
            "titre": titre(f"Rejoindre {cite(collectif.nom)}", erreur=erreur),
            "collectif": collectif,
            "participation": participation,
            "form": form,
        },
    )


@login_required
def mes_collectifs(request):
    participations = (
        Membre.objects.filter(utilisateur=request.user)
        .select_related("collectif")
        .order_by("collectif__nom")
    )
    fiches = Fiche.objects.de(request.user).select_related("collectif").order_by("titre")
    return render(
        request,
        "collectifs/mes_collectifs.html",
        {
            "titre": "Mes collectifs",
            "participations": participations,
            "fiches": fiches,
            "membre_quelque_part": any(p.statut == Membre.Statut.ACCEPTE for p in participations),
        },
    )


def _ma_participation(request, collectif):
    return get_object_or_404(Membre, collectif=collectif, utilisateur=request.user)


def _formulaire_depart(membre, data=None):
    autres = Membre.objects.acceptes().filter(collectif=membre.collectif_id).exclude(pk=membre.pk)
    return DepartForm(data, autres_membres=autres.select_related("utilisateur"))


@login_required
@require_http_methods(["GET", "POST"])
def participation(request, slug):
    collectif = collectif_ou_404(slug)
    membre = _ma_participation(request, collectif)
    initial = {
        "college": membre.college,
        "fonction": membre.fonction,
        "nom_public": membre.nom_public,
    }
    form = ParticipationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        membres.modifier_participation(collectif, par=request.user, **form.cleaned_data)
        messages.success(request, "Vos choix sont enregistrés.")
        return redirect("collectifs:participation", collectif.slug)
    return _page_participation(request, collectif, membre, form, _formulaire_depart(membre))


def _page_participation(request, collectif, membre, form, depart, *, statut=200):
    dernier = membre.est_animateur and not (
        Membre.objects.animateurs().filter(collectif=collectif).exclude(pk=membre.pk).exists()
    )
    erreur = any(f.is_bound and f.errors for f in (form, depart))
    return render(
        request,
        "collectifs/participation.html",
        {
            "titre": titre(f"Ma participation à {cite(collectif.nom)}", erreur=erreur),
            "collectif": collectif,
            "membre": membre,
            "form": form,
            "depart": depart,
            "dernier_animateur": dernier,
        },
        status=statut,
    )


@login_required
@require_POST
def quitter(request, slug):
    collectif = collectif_ou_404(slug)
    membre = _ma_participation(request, collectif)
    depart = _formulaire_depart(membre, request.POST)
    if depart.is_valid():
        try:
            membres.quitter(
                collectif, par=request.user, successeur=depart.cleaned_data["successeur"]
            )
        except services.EtatIncompatible as erreur:
            depart.add_error("successeur", str(erreur))
        except services.TransitionInterdite as erreur:
            return refus(request, erreur)
        else:
            messages.success(request, f"Vous avez quitté le collectif {cite(collectif.nom)}.")
            return redirect("collectifs:mes_collectifs")
    initial = {
        "college": membre.college,
        "fonction": membre.fonction,
        "nom_public": membre.nom_public,
    }
    return _page_participation(
        request, collectif, membre, ParticipationForm(initial=initial), depart, statut=409
    )


@login_required
@require_http_methods(["GET", "POST"])
def lier_ma_fiche(request, pk):
    """The author's side of « collectif lié »: choose among the collectifs they belong
    to, or remove the link."""
    fiche = get_object_or_404(Fiche.objects.select_related("collectif"), pk=pk)
    if fiche.auteur_id != request.user.pk:
        return refus(
            request,
            services.TransitionInterdite("Seul l’auteur d’une fiche peut la lier à un collectif."),
        )
    mes_collectifs = Collectif.objects.filter(
        membres__utilisateur=request.user, membres__statut=Membre.Statut.ACCEPTE
    ).order_by("nom")
    form = ChoixCollectifForm(
        request.POST if "lier" in request.POST else None, collectifs=mes_collectifs
    )
    if request.method == "POST":
        try:
            if "delier" in request.POST:
                services.delier_fiche(fiche, par=request.user)
                messages.success(
                    request, f"La fiche {cite(fiche.titre)} n’est plus liée à un collectif."
                )
                return redirect("collectifs:mes_collectifs")
            if form.is_valid():
                collectif = form.cleaned_data["collectif"]
                services.lier_fiche(fiche, collectif, par=request.user)
                messages.success(
                    request,
                    f"La fiche {cite(fiche.titre)} est portée par le collectif "
                    f"{cite(collectif.nom)}.",
                )
                return redirect("collectifs:mes_collectifs")
        except services.TransitionInterdite as erreur:
            return refus(request, erreur)
    return render(
        request,
        "collectifs/lier_ma_fiche.html",
        {
            "titre": titre("Lier la fiche à un collectif", erreur=form.is_bound and form.errors),
            "fiche": fiche,
            "form": form,
            "aucun_collectif": not mes_collectifs.exists(),
        },
    )
