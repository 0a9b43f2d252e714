"""Accepting a jury invitation from its signed link: a signed-in person links their
account; someone without an account creates one (the link proves the address); someone
with an account signs in first."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from prix import invitations, services
from prix.forms import CompteJureForm
from prix.models import MembreJury
from prix.regles import Refus
from prix.views.outils import refus, titre


def _accepter(request, membre):
    try:
        services.accepter_invitation(membre, request.user)
    except Refus as e:
        return refus(request, e)
    messages.success(request, f"Vous êtes membre du {membre.jury}.")
    return redirect("prix:jury", annee=membre.jury.edition.annee, pk=membre.jury_id)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, jeton):
    lu = invitations.lire(jeton)
    membre = (
        MembreJury.objects.select_related("jury__edition", "jury__departement")
        .filter(pk=lu["m"], email=lu["e"])
        .first()
        if lu
        else None
    )
    if membre is None:
        raise Http404("Invitation inconnue ou expirée.")
    if request.user.is_authenticated:
        if request.method == "POST":
            return _accepter(request, membre)
        return render(
            request,
            "prix/invitation.html",
            {"titre": "Invitation au jury", "membre": membre, "connecte": True},
        )
    Utilisateur = get_user_model()
    if Utilisateur.objects.filter(email__iexact=membre.email).exists():
        connexion = reverse("comptes:connexion") + "?next=" + request.path
        return render(
            request,
            "prix/invitation.html",
            {"titre": "Invitation au jury", "membre": membre, "connexion": connexion},
        )
    nouveau = Utilisateur(email=membre.email)
    form = CompteJureForm(request.POST if request.method == "POST" else None, utilisateur=nouveau)
    if request.method == "POST" and form.is_valid():
        nouveau = Utilisateur.objects.create_user(
            membre.email,
            form.cleaned_data["password1"],
            prenom=form.cleaned_data["prenom"],
            nom=form.cleaned_data["nom"],
            is_active=True,
            email_confirme_le=timezone.now(),
        )
        login(request, nouveau, backend="django.contrib.auth.backends.ModelBackend")
        return _accepter(request, membre)
    erreur = form.is_bound and bool(form.errors)
    return render(
        request,
        "prix/invitation.html",
        {"titre": titre("Invitation au jury", erreur=erreur), "membre": membre, "form": form},
        status=400 if erreur else 200,
    )
