from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView

from comptes import services
from comptes.forms import (
    ConnexionForm,
    InscriptionForm,
    MotDePasseOublieForm,
    NouveauMotDePasseForm,
)
from core.views import PageView


class InscriptionView(FormView):
    template_name = "comptes/inscription.html"
    form_class = InscriptionForm
    success_url = reverse_lazy("comptes:inscription_envoyee")
    extra_context = {"titre": "Créer un compte"}

    def form_valid(self, form):
        services.inscrire(
            email=form.cleaned_data["email"],
            mot_de_passe=form.cleaned_data["mot_de_passe"],
            prenom=form.cleaned_data["prenom"],
            nom=form.cleaned_data["nom"],
        )
        return super().form_valid(form)


def confirmation(request, jeton):
    try:
        services.confirmer_email(jeton)
    except services.LienInvalide as erreur:
        return render(
            request,
            "comptes/confirmation_invalide.html",
            {"titre": "Lien de confirmation invalide", "message": str(erreur)},
            status=400,
        )
    messages.success(request, "Votre adresse e-mail est confirmée. Vous pouvez vous connecter.")
    return redirect("comptes:connexion")


class ConnexionView(auth_views.LoginView):
    template_name = "comptes/connexion.html"
    form_class = ConnexionForm
    redirect_authenticated_user = True
    extra_context = {"titre": "Se connecter"}


class DeconnexionView(auth_views.LogoutView):
    pass


class MotDePasseOublieView(auth_views.PasswordResetView):
    template_name = "comptes/mot_de_passe_oublie.html"
    form_class = MotDePasseOublieForm
    email_template_name = "comptes/emails/reinitialisation.txt"
    subject_template_name = "comptes/emails/reinitialisation_sujet.txt"
    success_url = reverse_lazy("comptes:mot_de_passe_oublie_envoye")
    extra_context = {"titre": "Mot de passe oublié"}


class ReinitialisationView(auth_views.PasswordResetConfirmView):
    template_name = "comptes/reinitialisation.html"
    form_class = NouveauMotDePasseForm
    success_url = reverse_lazy("comptes:reinitialisation_terminee")
    extra_context = {"titre": "Choisir un nouveau mot de passe"}


class MonCompteView(LoginRequiredMixin, TemplateView):
    template_name = "comptes/mon_compte.html"
    extra_context = {"titre": "Mon compte"}


def page(template, titre):
    return PageView.as_view(template_name=f"comptes/{template}.html", titre=titre)
