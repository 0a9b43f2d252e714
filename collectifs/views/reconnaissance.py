"""Pages of the recognition body (the département's modérateurs, national
administrators for collectifs spanning several départements): the queue of
applications with the year's quota, the examination screen and its decision, the
quotas, and the yearly reports to acknowledge."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collectifs import cycle, services
from collectifs.composition import composition_de
from collectifs.forms import DecisionForm, QuotaForm
from collectifs.models import Collectif, EtatReconnaissance, QuotaDepartemental, RapportAnnuel
from collectifs.views.outils import (
    cite,
    collectif_ou_404,
    contexte_collectif,
    journal,
    refus,
    titre,
)
from pratiques.views.moderation import reserve_aux_moderateurs
from territoires.models import Territoire

MESSAGE_HORS_DEPARTEMENT = (
    "Vous n’examinez pas les collectifs de ce territoire\u00a0: seuls les modérateurs de son "
    "département ou un administrateur national le peuvent, et jamais un membre du collectif."
)


def _departements(utilisateur, annee):
    """The départements whose quota this user sees: their own; for a national
    administrator those with a quota or an application this year, and the national
    body (None)."""
    if not utilisateur.est_admin_national:
        return list(utilisateur.departements.order_by("code"))
    ids = set(
        QuotaDepartemental.objects.filter(annee=annee).values_list("departement", flat=True)
    ) | set(
        Collectif.objects.filter(etat=EtatReconnaissance.CANDIDATURE).values_list(
            "departement", flat=True
        )
    )
    return [*Territoire.objects.filter(pk__in=ids - {None}).order_by("code"), None]


@reserve_aux_moderateurs
@require_GET
def file(request):
    utilisateur = request.user
    annee = timezone.localdate().year
    a_examiner = Collectif.objects.a_examiner_par(utilisateur)
    candidatures = list(
        a_examiner.filter(etat=EtatReconnaissance.CANDIDATURE)
        .exclude(membres__utilisateur=utilisateur)
        .select_related("departement")
        .prefetch_related("territoires")
        .order_by("candidature_le", "pk")
    )
    for collectif in candidatures:
        collectif.conforme = composition_de(collectif).conforme
    return render(
        request,
        "collectifs/reconnaissance/file.html",
        {
            "titre": "Reconnaissance des collectifs",
            "annee": annee,
            "quotas": [services.etat_du_quota(d, annee) for d in _departements(utilisateur, annee)],
            "candidatures": candidatures,
            "rapports": RapportAnnuel.objects.filter(
                collectif__in=a_examiner.exclude(membres__utilisateur=utilisateur),
                accuse_le__isnull=True,
            )
            .select_related("collectif")
            .order_by("depose_le"),
        },
    )


@reserve_aux_moderateurs
@require_http_methods(["GET", "POST"])
def examiner(request, slug):
    collectif = collectif_ou_404(slug)
    if not services.peut_reconnaitre(request.user, collectif):
        return refus(request, services.TransitionInterdite(MESSAGE_HORS_DEPARTEMENT))
    decisions = cycle.possibles(collectif.etat, cycle.Acteur.INSTANCE)
    form = DecisionForm(request.POST or None) if decisions else None
    if request.method == "POST":
        if form is None:
            return refus(
                request,
                services.EtatIncompatible(
                    "Ce collectif n’attend pas (ou plus) de décision\u00a0: rechargez la file."
                ),
            )
        if form.is_valid():
            try:
                _decider(collectif, request.user, form.cleaned_data)
            except services.EtatIncompatible as erreur:
                form.add_error(None, str(erreur))
            except services.TransitionInterdite as erreur:
                return refus(request, erreur)
            else:
                messages.success(request, f"La décision sur {cite(collectif.nom)} est enregistrée.")
                return redirect("collectifs:file")
    annee = timezone.localdate().year
    erreur = form is not None and form.is_bound and bool(form.errors)
    return render(
        request,
        "collectifs/reconnaissance/examiner.html",
        {
            **contexte_collectif(collectif, tous_les_noms=True),
            "titre": titre(f"Examen de {cite(collectif.nom)}", erreur=erreur),
            "form": form,
            "quota": services.etat_du_quota(collectif.departement, annee),
            "evenements": journal(collectif),
            "financements": collectif.financements.all(),
            "mises_a_disposition": collectif.mises_a_disposition.all(),
            "tiers": getattr(collectif, "tiers_accompagnant", None),
        },
        status=409 if erreur and form.non_field_errors() else 200,
    )


@transaction.atomic
def _decider(collectif, utilisateur, donnees) -> None:
    decision = donnees["decision"]
    if decision == "reconnaitre":
        services.reconnaitre(
            collectif, par=utilisateur, montant=donnees["montant"], message=donnees["message"]
        )
    elif decision == "demander_modifications":
        services.demander_modifications(
            collectif, par=utilisateur, motif=donnees["motif"], message=donnees["message"]
        )
    else:
        services.refuser(
            collectif, par=utilisateur, motif=donnees["motif"], message=donnees["message"]
        )


@reserve_aux_moderateurs
@require_http_methods(["GET", "POST"])
def quotas(request):
    utilisateur = request.user
    annee = timezone.localdate().year
    initial = {"annee": annee}
    if not utilisateur.est_admin_national and utilisateur.departements.count() == 1:
        initial["departement"] = utilisateur.departements.first()
    form = QuotaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            quota = services.fixer_quota(par=utilisateur, **form.cleaned_data)
        except services.EtatIncompatible as erreur:
            form.add_error(None, str(erreur))
        except services.TransitionInterdite as erreur:
            form.add_error("departement", str(erreur))
        else:
            lieu = quota.departement.nom if quota.departement else "l’instance nationale"
            messages.success(request, f"Le quota {quota.annee} de {lieu} est enregistré.")
            return redirect("collectifs:quotas")
    visibles = QuotaDepartemental.objects.select_related("departement").order_by(
        "-annee", "departement__code"
    )
    if not utilisateur.est_admin_national:
        visibles = visibles.filter(departement__in=utilisateur.departements.all())
    return render(
        request,
        "collectifs/reconnaissance/quotas.html",
        {
            "titre": titre("Quotas de reconnaissance", erreur=form.is_bound and form.errors),
            "form": form,
            "media": form.media,
            "quotas": [
                services.etat_du_quota(q.departement, q.annee, quota=q) for q in visibles[:100]
            ],
        },
    )


@reserve_aux_moderateurs
@require_POST
def accuser_reception(request, pk):
    rapport = get_object_or_404(RapportAnnuel.objects.select_related("collectif"), pk=pk)
    try:
        services.accuser_reception(rapport, par=request.user)
    except services.TransitionInterdite as erreur:
        return refus(request, erreur)
    messages.success(
        request, f"Réception du rapport {rapport.annee} de {cite(rapport.collectif.nom)} accusée."
    )
    return redirect("collectifs:file")
