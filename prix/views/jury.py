"""A jury's pages: the candidatures to score (each juror sees only their own scores
until the jury closes, docs/domaine.md §16.2), the scoring page with the grid and the
conflict declaration, the composition (invitations), and the president's closing,
tie-break and publication. Every action is checked again by prix.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from prix import regles, services
from prix.forms import (
    ConflitForm,
    DepartageForm,
    InvitationForm,
    NotationForm,
    PublicationForm,
)
from prix.models import Candidature, Critere, Note
from prix.regles import Refus
from prix.views.outils import jury_ou_404, refus, titre


def _acces(request, annee, pk):
    """(jury, the person's MembreJury or None, whether they compose it), or a refusal."""
    jury = jury_ou_404(annee, pk)
    membre = regles.membre_de(jury, request.user)
    organisateur = regles.peut_organiser(request.user, jury)
    if membre is None and not organisateur:
        raise Refus("Réservé aux membres du jury et à ceux qui le composent.")
    return jury, membre, organisateur


def _lignes(jury, membre):
    """The candidatures with what this person may see of their scores."""
    visibles = regles.notes_visibles(jury)
    candidatures = list(
        jury.candidatures.select_related("fiche__auteur__organisation", "departement").order_by(
            "rang", "fiche__titre"
        )
    )
    notes = Note.objects.filter(candidature__jury=jury).select_related("critere", "membre")
    if not visibles:
        # Secret until closing: only one's own, and nothing for the others.
        notes = notes.filter(membre=membre) if membre else notes.none()
    par_candidature: dict[int, list[Note]] = {}
    for note in notes.order_by("membre__nom", "critere__ordre"):
        par_candidature.setdefault(note.candidature_id, []).append(note)
    nb_criteres = Critere.objects.filter(edition=jury.edition_id).count()
    declares = dict(membre.conflits.values_list("candidature_id", "motif")) if membre else {}
    lignes = []
    for candidature in candidatures:
        les_notes = par_candidature.get(candidature.pk, [])
        lignes.append(
            {
                "candidature": candidature,
                "notes": les_notes,
                "conflit": regles.conflit(membre, candidature, declares) if membre else None,
                "complete": membre is not None
                and sum(n.membre_id == membre.pk for n in les_notes) == nb_criteres,
            }
        )
    return lignes


@login_required
@require_http_methods(["GET", "HEAD"])
def jury(request, annee, pk):
    try:
        jury, membre, organisateur = _acces(request, annee, pk)
    except Refus as e:
        return refus(request, e)
    return _page_jury(request, jury, membre, organisateur)


def _page_jury(request, jury, membre, organisateur, *, statut=200, **formulaires):
    president = membre is not None and membre.president
    egalites = services.egalites(jury) if jury.clos_le else []
    contexte = {
        "titre": titre(str(jury), erreur=statut == 400),
        "jury": jury,
        "edition": jury.edition,
        "membre": membre,
        "president": president,
        "organisateur": organisateur,
        "membres": jury.membres.all(),
        "lignes": _lignes(jury, membre),
        "visibles": regles.notes_visibles(jury),
        "ouvert": _ouvert(jury),
        "egalites": egalites,
        "form_invitation": formulaires.get("invitation") or InvitationForm(),
        "form_departage": formulaires.get("departage") or DepartageForm(egalites=egalites),
        "form_publication": formulaires.get("publication") or PublicationForm(),
    }
    return render(request, "prix/jury.html", contexte, status=statut)


def _ouvert(jury) -> bool:
    try:
        regles.exiger_jury_ouvert(jury)
    except Refus:
        return False
    return True


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def noter(request, annee, pk, candidature):
    try:
        jury, membre, _ = _acces(request, annee, pk)
        if membre is None:
            raise Refus("Seuls les membres du jury notent les candidatures.")
    except Refus as e:
        return refus(request, e)
    candidature = get_object_or_404(
        Candidature.objects.select_related("fiche__auteur__organisation"),
        pk=candidature,
        jury=jury,
    )
    criteres = Critere.objects.filter(edition=jury.edition_id)
    mes_notes = {
        n.critere_id: n for n in Note.objects.filter(membre=membre, candidature=candidature)
    }
    form = NotationForm(
        request.POST if request.method == "POST" else None, criteres=criteres, notes=mes_notes
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.noter(membre, candidature, form.notes())
        except Refus as e:
            return refus(request, e)
        messages.success(
            request, f"Vos notes pour « {candidature.fiche.titre} » sont enregistrées."
        )
        return redirect("prix:jury", annee=annee, pk=jury.pk)
    erreur = form.is_bound and bool(form.errors)
    return render(
        request,
        "prix/noter.html",
        {
            "titre": titre(f"Noter « {candidature.fiche.titre} »", erreur=erreur),
            "jury": jury,
            "edition": jury.edition,
            "candidature": candidature,
            "form": form,
            "form_conflit": ConflitForm(),
            "conflit": regles.conflit(membre, candidature),
            "ouvert": _ouvert(jury),
        },
        status=400 if erreur else 200,
    )


@login_required
@require_POST
def declarer_conflit(request, annee, pk, candidature):
    try:
        jury, membre, _ = _acces(request, annee, pk)
        if membre is None:
            raise Refus("Seuls les membres du jury déclarent un conflit d’intérêts.")
        candidature = get_object_or_404(Candidature, pk=candidature, jury=jury)
        form = ConflitForm(request.POST)
        if not form.is_valid():
            raise Refus("Dites en quelques mots la nature du conflit d’intérêts.", 409)
        services.declarer_conflit(membre, candidature, form.cleaned_data["motif"])
    except Refus as e:
        return refus(request, e)
    messages.success(
        request, "Votre conflit d’intérêts est enregistré : vous ne noterez pas cette candidature."
    )
    return redirect("prix:jury", annee=annee, pk=jury.pk)


@login_required
@require_POST
def inviter(request, annee, pk):
    try:
        jury, membre, organisateur = _acces(request, annee, pk)
    except Refus as e:
        return refus(request, e)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.inviter(jury, par=request.user, **form.cleaned_data)
        except Refus as e:
            return refus(request, e)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
            return redirect("prix:jury", annee=annee, pk=jury.pk)
    return _page_jury(request, jury, membre, organisateur, statut=400, invitation=form)


@login_required
@require_POST
def clore(request, annee, pk):
    jury = jury_ou_404(annee, pk)
    try:
        egalites = services.clore(jury, par=request.user)
    except Refus as e:
        return refus(request, e)
    message = "Le jury est clos : les notes sont visibles et le classement établi."
    if egalites:
        message += " Des candidatures sont à égalité : départagez-les avant de publier."
    messages.success(request, message)
    return redirect("prix:jury", annee=annee, pk=jury.pk)


@login_required
@require_POST
def departager(request, annee, pk):
    try:
        jury, membre, organisateur = _acces(request, annee, pk)
        regles.exiger_president(jury, request.user)
    except Refus as e:
        return refus(request, e)
    form = DepartageForm(request.POST, egalites=services.egalites(jury))
    if form.is_valid():
        try:
            services.departager(jury, par=request.user, ordre=form.ordre())
        except Refus as e:
            return refus(request, e)
        messages.success(request, "Les égalités sont départagées.")
        return redirect("prix:jury", annee=annee, pk=jury.pk)
    return _page_jury(request, jury, membre, organisateur, statut=400, departage=form)


@login_required
@require_POST
def publier(request, annee, pk):
    try:
        jury, membre, organisateur = _acces(request, annee, pk)
        regles.exiger_president(jury, request.user)
    except Refus as e:
        return refus(request, e)
    form = PublicationForm(request.POST)
    if form.is_valid():
        try:
            services.publier(jury, par=request.user, motifs=form.cleaned_data["motifs"])
        except Refus as e:
            return refus(request, e)
        messages.success(request, "Le palmarès est publié.")
        return redirect("prix:edition", annee=annee)
    return _page_jury(request, jury, membre, organisateur, statut=400, publication=form)
