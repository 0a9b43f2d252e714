from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from dsfr.forms import DsfrBaseForm

from comptes.models import Organisation, Utilisateur
from droits import suppression
from territoires.models import Territoire


class AdresseForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Nouvelle adresse e-mail",
        help_text="Format attendu : nom@domaine.fr. Un lien de confirmation y sera envoyé.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MotDePasseForm(DsfrBaseForm, PasswordChangeForm):
    """Django's password change (labels: Django's French ones), in the DSFR style."""


class SuppressionForm(DsfrBaseForm):
    """The second step of the deletion: the person types their address and password."""

    email = forms.EmailField(label="Votre adresse e-mail", help_text="Pour confirmer.")
    mot_de_passe = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    transfert_a = forms.ModelChoiceField(
        label="Proposer mes fiches publiées à un·e collègue (facultatif)",
        help_text="Elle ou il reçoit un lien pour les accepter ; sinon elles restent publiées "
        "sans votre nom.",
        queryset=Utilisateur.objects.none(),
        required=False,
    )

    def __init__(self, *args, personne, collegues, **kwargs):
        super().__init__(*args, **kwargs)
        self.personne = personne
        if collegues.exists():
            self.fields["transfert_a"].queryset = collegues
        else:
            del self.fields["transfert_a"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email != self.personne.email:
            raise forms.ValidationError("Ce n’est pas l’adresse de votre compte.")
        return email

    def clean(self):
        if suppression.dernier_admin_national(self.personne):
            raise forms.ValidationError(
                "Vous êtes le dernier administrateur national : confiez ce rôle à une autre "
                "personne avant de supprimer votre compte."
            )
        return super().clean()

    def clean_mot_de_passe(self):
        if not self.personne.check_password(self.cleaned_data["mot_de_passe"]):
            raise forms.ValidationError("Mot de passe incorrect.")
        return self.cleaned_data["mot_de_passe"]


class RechercheForm(DsfrBaseForm):
    q = forms.CharField(label="Chercher une personne (adresse ou nom)", required=False)


class RoleForm(DsfrBaseForm):
    role = forms.ChoiceField(label="Rôle", choices=Utilisateur.Role.choices)
    departements = forms.ModelMultipleChoiceField(
        label="Départements modérés (pour un modérateur)",
        queryset=Territoire.objects.filter(niveau="departement").order_by("code"),
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label="Organisation (pour un partenaire)",
        queryset=Organisation.objects.all(),
        required=False,
    )
    gere_les_cles = forms.BooleanField(
        label="Gère les clés d’API de son organisation", required=False
    )
