"""The animateurs' pages: the collectif's description and recognition, its members
and join requests, its means (funding, secondments, accompanying third party), its
yearly reports and the fiches it carries. Every action is checked again by the
services; the recognition actions offered are those collectifs.cycle allows."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from collectifs import cycle, membres, moyens, services
from collectifs.forms import (
    CandidatureForm,
    CollectifForm,
    FinancementForm,
    LienFicheForm,
    MiseADispositionForm,
    RapportForm,
    TiersAccompagnantForm,
)
from collectifs.models import Membre, RapportAnnuel
from collectifs.views.membres import CHAMPS_COLLECTIF
from collectifs.views.outils import (
    cite,
    contexte_collectif,
    journal,
    refus,
    reserve_aux_animateurs,
    titre,
)
from pratiques.models import Etat, Fiche


def _page(request, gabarit, collectif, nom_page, *, erreur=False, statut=200, **contexte):
    contexte = {
        **contexte_collectif(collectif, tous_les_noms=True),
        "titre": titre(f"{nom_page} — {collectif.nom}", erreur=erreur),
        "titre_page": nom_page,
        **contexte,
    }
    return render(request, f"collectifs/gestion/{gabarit}.html", contexte, status=statut)


def _initial(collectif) -> dict:
    return {
        "nom": collectif.nom,
        "description": collectif.description,
        "territoires": list(collectif.territoires.all()),
        "date_creation": collectif.date_creation,
        "forme": collectif.forme,
        "gouvernance": collectif.gouvernance,
    }


@reserve_aux_animateurs
@require_http_methods(["GET", "POST"])
def gerer(request, collectif):
    form = CollectifForm(request.POST or None, initial=_initial(collectif))
    if request.method == "POST" and form.is_valid():
        services.modifier(
            collectif,
            par=request.user,
            donnees={champ: form.cleaned_data[champ] for champ in CHAMPS_COLLECTIF},
        )
        messages.success(request, "Les informations du collectif sont enregistrées.")
        return redirect("collectifs:gerer", collectif.slug)
    return _page_gerer(request, collectif, form, CandidatureForm())


def _page_gerer(request, collectif, form, candidature, *, statut=200):
    actions = [
        {"transition": t, "empechements": t.empechements(collectif)}
        for t in cycle.possibles(collectif.etat, cycle.Acteur.ANIMATEUR)
    ]
    return _page(
        request,
        "gerer",
        collectif,
        "Gérer le collectif",
        erreur=any(f.is_bound and f.errors for f in (form, candidature)),
        statut=statut,
        form=form,
        candidature=candidature,
        actions=actions,
        evenements=journal(collectif),
        media=form.media,
    )


@reserve_aux_animateurs
@require_POST
def candidater(request, collectif):
    candidature = CandidatureForm(request.POST)
    if candidature.is_valid():
        try:
            services.candidater(
                collectif, par=request.user, message=candidature.cleaned_data["message"]
            )
        except services.EtatIncompatible as erreur:
            candidature.add_error(None, str(erreur))
        else:
            messages.success(
                request,
                "La demande est transmise au département, qui l’examinera. Vous serez "
                "informé de sa décision par e-mail.",
            )
            return redirect("collectifs:gerer", collectif.slug)
    form = CollectifForm(initial=_initial(collectif))
    return _page_gerer(request, collectif, form, candidature, statut=409)


# --- Members ---------------------------------------------------------------------------

ACTIONS_MEMBRES = {
    "accepter": (lambda m, par: membres.accepter(m, par=par), "La demande est acceptée."),
    "decliner": (lambda m, par: membres.decliner(m, par=par), "La demande est déclinée."),
    "retirer": (lambda m, par: membres.retirer(m, par=par), "Le membre est retiré du collectif."),
    "animateur": (
        lambda m, par: membres.changer_role(m, par=par, role=Membre.Role.ANIMATEUR),
        "Ce membre anime désormais le collectif.",
    ),
    "membre": (
        lambda m, par: membres.changer_role(m, par=par, role=Membre.Role.MEMBRE),
        "Ce membre n’anime plus le collectif.",
    ),
}


@reserve_aux_animateurs
@require_http_methods(["GET"])
def liste_membres(request, collectif):
    tous = collectif.membres.select_related("utilisateur").order_by("college", "demande_le")
    return _page(
        request,
        "membres",
        collectif,
        "Membres",
        demandes=[m for m in tous if m.statut == Membre.Statut.EN_ATTENTE],
        acceptes=[m for m in tous if m.statut == Membre.Statut.ACCEPTE],
    )


@reserve_aux_animateurs
@require_POST
def action_membre(request, collectif, pk, action):
    if action not in ACTIONS_MEMBRES:
        return redirect("collectifs:membres", collectif.slug)
    membre = get_object_or_404(Membre, collectif=collectif, pk=pk)
    faire, succes = ACTIONS_MEMBRES[action]
    try:
        faire(membre, request.user)
    except services.TransitionInterdite as erreur:
        return refus(request, erreur)
    messages.success(request, succes)
    return redirect("collectifs:membres", collectif.slug)


# --- Means -----------------------------------------------------------------------------

FORMULAIRES_MOYENS = {
    "financement": FinancementForm,
    "mise_a_disposition": MiseADispositionForm,
    "tiers": TiersAccompagnantForm,
}


@reserve_aux_animateurs
@require_http_methods(["GET", "POST"])
def page_moyens(request, collectif):
    tiers = getattr(collectif, "tiers_accompagnant", None)
    envoye = request.POST.get("formulaire") if request.method == "POST" else None
    forms = {
        nom: classe(
            request.POST if nom == envoye else None,
            prefix=nom,
            **({"instance": tiers} if nom == "tiers" else {}),
        )
        for nom, classe in FORMULAIRES_MOYENS.items()
    }
    if envoye in forms and forms[envoye].is_valid():
        donnees = forms[envoye].cleaned_data
        if envoye == "tiers":
            moyens.definir_tiers_accompagnant(collectif, par=request.user, donnees=donnees)
        else:
            moyens.ajouter(collectif, envoye, par=request.user, donnees=donnees)
        messages.success(request, "C’est enregistré.")
        return redirect("collectifs:moyens", collectif.slug)
    return _page(
        request,
        "moyens",
        collectif,
        "Moyens",
        erreur=envoye in forms,
        forms=forms,
        financements=collectif.financements.all(),
        mises_a_disposition=collectif.mises_a_disposition.all(),
        tiers=tiers,
    )


@reserve_aux_animateurs
@require_POST
def supprimer_moyen(request, collectif, genre, pk):
    if genre != "tiers" and genre not in moyens.MODELES:
        raise Http404("Cette ligne n’existe pas.")
    try:
        if genre == "tiers":
            moyens.definir_tiers_accompagnant(collectif, par=request.user, donnees=None)
        else:
            moyens.supprimer(collectif, genre, pk, par=request.user)
    except services.TransitionInterdite as erreur:
        return refus(request, erreur)
    messages.success(request, "C’est supprimé.")
    return redirect("collectifs:moyens", collectif.slug)


# --- Yearly reports ----------------------------------------------------------------------


@reserve_aux_animateurs
@require_http_methods(["GET", "POST"])
def rapports(request, collectif):
    form = RapportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        annee = donnees.pop("annee")
        try:
            services.deposer_rapport(collectif, par=request.user, annee=annee, donnees=donnees)
        except services.EtatIncompatible as erreur:
            form.add_error("annee", str(erreur))
        else:
            messages.success(request, f"Le rapport {annee} est transmis au département.")
            return redirect("collectifs:rapports", collectif.slug)
    return _page(
        request,
        "rapports",
        collectif,
        "Rapports annuels",
        erreur=form.is_bound and bool(form.errors),
        form=form,
        rapports=RapportAnnuel.objects.filter(collectif=collectif),
    )


# --- Fiches ----------------------------------------------------------------------------


@reserve_aux_animateurs
@require_http_methods(["GET", "POST"])
def fiches(request, collectif):
    """« Lier une de mes fiches »: the animateur's own fiches (the author links)."""
    mes_fiches = Fiche.objects.de(request.user).exclude(collectif=collectif).order_by("titre")
    form = LienFicheForm(request.POST if "lier" in request.POST else None, fiches=mes_fiches)
    if request.method == "POST":
        try:
            if "delier" in request.POST:
                pk = request.POST["delier"]
                fiche = get_object_or_404(Fiche, collectif=collectif, pk=pk if pk.isdigit() else 0)
                services.delier_fiche(fiche, par=request.user)
                messages.success(
                    request, f"La fiche {cite(fiche.titre)} n’est plus liée au collectif."
                )
                return redirect("collectifs:fiches", collectif.slug)
            if form.is_valid():
                fiche = services.lier_fiche(form.cleaned_data["fiche"], collectif, par=request.user)
                messages.success(request, f"La fiche {cite(fiche.titre)} est liée au collectif.")
                return redirect("collectifs:fiches", collectif.slug)
        except services.TransitionInterdite as erreur:
            return refus(request, erreur)
    return _page(
        request,
        "fiches",
        collectif,
        "Fiches portées",
        erreur=form.is_bound and bool(form.errors),
        form=form,
        # Others' drafts stay private to their authors.
        liees=Fiche.objects.filter(collectif=collectif)
        .filter(Q(etat=Etat.PUBLIEE) | Q(auteur=request.user))
        .select_related("auteur")
        .order_by("titre"),
        aucune_fiche=not mes_fiches.exists(),
    )
