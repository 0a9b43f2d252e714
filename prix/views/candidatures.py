"""Proposing a fiche: its author applies, its département's modérateurs nominate it
(the same page; prix.services decides which), and the modérateurs' page listing their
départements' published fiches and juries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pratiques.models import Fiche
from prix import regles, services
from prix.forms import CandidatureForm
from prix.models import Candidature, Jury, Niveau
from prix.regles import Refus
from prix.views.outils import edition_ou_404, refus, titre
from territoires.models import Territoire


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidater(request, annee, slug):
    edition = edition_ou_404(annee)
    fiche = get_object_or_404(
        Fiche.objects.publiees().select_related("departement_moderation"), slug=slug
    )
    nomination = regles.peut_nominer(request.user, fiche)
    if not (nomination or regles.peut_candidater(request.user, fiche)):
        return refus(
            request,
            Refus(
                "Seuls l’auteur de la fiche et les modérateurs de son "
                "département peuvent la proposer au prix."
            ),
        )
    form = CandidatureForm(request.POST if request.method == "POST" else None)
    erreur = False
    if request.method == "POST" and form.is_valid():
        try:
            services.proposer(
                edition, fiche, par=request.user, declaration=form.cleaned_data["declaration"]
            )
        except Refus as e:
            if e.statut != 400:
                return refus(request, e)
            form.add_error("declaration", e.message)
        else:
            messages.success(request, f"« {fiche.titre} » concourt au prix {edition.annee}.")
            return redirect("prix:edition", annee=edition.annee)
    erreur = form.is_bound and bool(form.errors)
    verbe = "Nominer" if nomination else "Candidater"
    return render(
        request,
        "prix/candidater.html",
        {
            "titre": titre(f"{verbe} au prix {edition.annee}", erreur=erreur),
            "edition": edition,
            "fiche": fiche,
            "form": form,
            "nomination": nomination,
            "ouvert": regles.phase_courante(edition) == regles.NOMINATIONS,
        },
        status=400 if erreur else 200,
    )


def _departements(utilisateur, edition):
    """A modérateur's départements; for a national administrator, those taking part."""
    if utilisateur.est_admin_national:
        return Territoire.objects.filter(niveau="departement", jurys_du_prix__edition=edition)
    return utilisateur.departements.all()


@login_required
@require_http_methods(["GET", "HEAD"])
def nominations(request, annee):
    """The modérateurs' page: their départements' jury (open it), and the published
    fiches they can nominate."""
    edition = edition_ou_404(annee)
    utilisateur = request.user
    if not (utilisateur.est_moderateur or utilisateur.est_admin_national):
        return refus(request, Refus("Réservé aux modérateurs et aux administrateurs nationaux."))
    departements = list(_departements(utilisateur, edition).order_by("code").distinct())
    jurys = {j.departement_id: j for j in Jury.objects.filter(edition=edition)}
    candidates = set(
        Candidature.objects.filter(edition=edition, niveau=Niveau.DEPARTEMENTAL).values_list(
            "fiche_id", flat=True
        )
    )
    par_departement = [
        {
            "departement": dep,
            "jury": jurys.get(dep.pk),
            "fiches": [
                (f, f.pk in candidates)
                for f in Fiche.objects.publiees()
                .filter(departement_moderation=dep)
                .order_by("titre")[:200]
            ],
        }
        for dep in departements
    ]
    return render(
        request,
        "prix/nominations.html",
        {
            "titre": f"Nominations au prix {edition.annee}",
            "edition": edition,
            "departements": par_departement,
            "ouvert": regles.phase_courante(edition) == regles.NOMINATIONS,
            "jury_national": jurys.get(None),
            "admin": utilisateur.est_admin_national,
        },
    )


@login_required
@require_POST
def ouvrir_jury(request, annee):
    edition = edition_ou_404(annee)
    code = request.POST.get("departement", "")
    departement = None
    if code:
        departement = Territoire.objects.filter(niveau="departement", code=code).first()
        if departement is None:
            return refus(request, Refus("Département inconnu.", 409))
    try:
        jury = services.ouvrir_jury(edition, par=request.user, departement=departement)
    except Refus as e:
        return refus(request, e)
    except ValidationError as e:  # a second jury for the same département
        return refus(request, Refus(" ".join(e.messages), 409))
    return redirect("prix:jury", annee=edition.annee, pk=jury.pk)
