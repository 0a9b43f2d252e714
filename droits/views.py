"""The pages of people's rights ("Mon compte": address, password, export, deletion)
and of the national administrators' role management (docs/domaine.md §20)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from comptes.models import Utilisateur
from droits import adresse, conservation, export, roles, suppression
from droits.forms import AdresseForm, MotDePasseForm, RechercheForm, RoleForm, SuppressionForm
from droits.models import JournalRole


def donnees_personnelles(request):
    return render(
        request,
        "droits/donnees_personnelles.html",
        {"titre": "Données personnelles", "regles": conservation.REGLES},
    )


@login_required
def exporter(request):
    reponse = HttpResponse(export.en_json(request.user), content_type="application/json")
    nom = f"mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


@login_required
@require_http_methods(["GET", "POST"])
def changer_adresse(request):
    form = AdresseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            adresse.demander(request.user, form.cleaned_data["email"])
        except adresse.AdresseDejaPrise as erreur:
            form.add_error("email", str(erreur))
        else:
            messages.success(
                request,
                "Un lien de confirmation a été envoyé à votre nouvelle adresse. "
                "Votre adresse change quand vous l’ouvrez.",
            )
            return redirect("comptes:mon_compte")
    return render(
        request, "droits/adresse.html", {"titre": "Changer d’adresse e-mail", "form": form}
    )


@require_http_methods(["GET", "POST"])
def confirmer_adresse(request, jeton):
    try:
        donnees = adresse.lire(jeton)
        if request.method == "POST":
            adresse.confirmer(jeton)
            messages.success(request, "Votre adresse e-mail a été changée.")
            return redirect(
                "comptes:mon_compte" if request.user.is_authenticated else "comptes:connexion"
            )
    except adresse.LienInvalide as erreur:
        return render(
            request,
            "droits/lien_invalide.html",
            {"titre": "Lien de confirmation invalide", "message": str(erreur)},
            status=400,
        )
    return render(
        request,
        "droits/confirmer_adresse.html",
        {"titre": "Confirmer la nouvelle adresse", "nouvelle": donnees["nouvelle"]},
    )


class MotDePasseView(auth_views.PasswordChangeView):
    template_name = "droits/mot_de_passe.html"
    form_class = MotDePasseForm
    success_url = reverse_lazy("comptes:mon_compte")
    extra_context = {"titre": "Changer de mot de passe"}

    def form_valid(self, form):
        messages.success(self.request, "Votre mot de passe a été changé.")
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def supprimer(request):
    personne = request.user
    collegues = suppression.collegues(personne)
    form = SuppressionForm(request.POST or None, personne=personne, collegues=collegues)
    if request.method == "POST" and form.is_valid():
        suppression.supprimer(personne, transfert_a=form.cleaned_data.get("transfert_a"))
        logout(request)
        return redirect("droits:compte_supprime")
    return render(
        request,
        "droits/supprimer.html",
        {
            "titre": "Supprimer mon compte",
            "form": form,
            "brouillons": suppression.brouillons(personne),
            "publiees": suppression.fiches_qui_restent(personne),
            "anonyme": suppression.ANONYME,
        },
    )


def compte_supprime(request):
    return render(request, "droits/compte_supprime.html", {"titre": "Compte supprimé"})


@login_required
@require_http_methods(["GET", "POST"])
def transfert(request, jeton):
    try:
        ancien = suppression.lire_transfert(jeton, request.user)
        if request.method == "POST":
            nombre = suppression.accepter_transfert(jeton, request.user)
            messages.success(request, f"Vous êtes désormais l’auteur de {nombre} fiche(s).")
            return redirect("pratiques:mes_fiches")
    except suppression.TransfertInvalide as erreur:
        return render(
            request,
            "droits/lien_invalide.html",
            {"titre": "Lien de transfert invalide", "message": str(erreur)},
            status=400,
        )
    fiches = suppression.fiches_qui_restent(ancien)
    return render(
        request, "droits/transfert.html", {"titre": "Reprendre des fiches", "fiches": fiches}
    )


def admin_national_requis(vue):
    @wraps(vue)
    @login_required
    def verifiee(request, *args, **kwargs):
        if not request.user.est_admin_national:
            raise PermissionDenied("Seuls les administrateurs nationaux gèrent les rôles.")
        return vue(request, *args, **kwargs)

    return verifiee


def _journal(entrees):
    for entree in entrees:
        entree.avant_affiche = roles.libelle(entree.avant)
        entree.apres_affiche = roles.libelle(entree.apres)
    return entrees


@admin_national_requis
def gestion_roles(request):
    form = RechercheForm(request.GET or None)
    personnes = Utilisateur.objects.exclude(role=Utilisateur.Role.CONTRIBUTEUR)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if q:
        personnes = Utilisateur.objects.filter(
            Q(email__icontains=q) | Q(nom__icontains=q) | Q(prenom__icontains=q)
        )
    personnes = personnes.select_related("organisation").prefetch_related("departements")
    return render(
        request,
        "droits/roles.html",
        {
            "titre": "Gérer les rôles",
            "form": form,
            "q": q,
            "personnes": personnes.order_by("role", "email")[:200],
            "journal": _journal(JournalRole.objects.select_related("acteur", "personne")[:50]),
        },
    )


@admin_national_requis
@require_http_methods(["GET", "POST"])
def role(request, pk):
    personne = get_object_or_404(Utilisateur, pk=pk)
    form = RoleForm(
        request.POST or None,
        initial={
            "role": personne.role,
            "departements": personne.departements.all(),
            "organisation": personne.organisation,
            "gere_les_cles": personne.gere_les_cles,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            entree = roles.changer(par=request.user, personne=personne, **form.cleaned_data)
        except roles.RoleRefuse as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(
                request, "Le rôle a été changé." if entree else "Aucun changement à enregistrer."
            )
            return redirect("droits:role", pk=personne.pk)
    return render(
        request,
        "droits/role.html",
        {
            "titre": f"Rôle de {personne}",
            "personne": personne,
            "form": form,
            "journal": _journal(
                JournalRole.objects.filter(personne=personne).select_related("acteur")
            ),
        },
    )
