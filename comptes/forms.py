from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from dsfr.forms import DsfrBaseForm

from comptes import limitation


class InscriptionForm(DsfrBaseForm):
    prenom = forms.CharField(label="Prénom", max_length=150, required=False)
    nom = forms.CharField(label="Nom", max_length=150, required=False)
    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="Format attendu : nom@domaine.fr. Un lien de confirmation y sera envoyé.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mot_de_passe = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text="12 caractères au minimum, ni trop courant ni uniquement des chiffres.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    conditions = forms.BooleanField(
        label="J’ai lu les mentions légales et je m’engage à ne publier aucune donnée "
        "personnelle sur les personnes accompagnées.",
        required=True,
    )

    def clean(self):
        donnees = super().clean()
        mot_de_passe = donnees.get("mot_de_passe")
        if mot_de_passe:
            from comptes.models import Utilisateur

            candidat = Utilisateur(
                email=donnees.get("email", ""),
                prenom=donnees.get("prenom", ""),
                nom=donnees.get("nom", ""),
            )
            try:
                password_validation.validate_password(mot_de_passe, candidat)
            except forms.ValidationError as erreur:
                self.add_error("mot_de_passe", erreur)
        return donnees


class ConnexionForm(DsfrBaseForm, AuthenticationForm):
    """Login by e-mail, refused for a while after too many failures."""

    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte n’est pas actif. Confirmez votre adresse e-mail.",
        "trop_de_tentatives": (
            "Trop de tentatives de connexion ont échoué. Réessayez dans quelques minutes "
            "ou réinitialisez votre mot de passe."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Adresse e-mail"
        # An e-mail keyboard on phones and the browser's own check; the attributes set
        # above (autocomplete="username", maxlength, the DSFR class) are kept.
        self.fields["username"].widget = forms.EmailInput(
            attrs=self.fields["username"].widget.attrs
        )
        self.fields["password"].label = "Mot de passe"

    def _ip(self) -> str:
        return (self.request.META.get("REMOTE_ADDR") if self.request else None) or "inconnue"

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        if limitation.connexion_bloquee(email, self._ip()):
            raise forms.ValidationError(
                self.error_messages["trop_de_tentatives"], code="trop_de_tentatives"
            )
        try:
            donnees = super().clean()
        except forms.ValidationError:
            limitation.enregistrer_echec(email, self._ip())
            raise
        limitation.effacer_echecs(email)
        return donnees


class MotDePasseOublieForm(DsfrBaseForm, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Adresse e-mail"
        self.fields["email"].help_text = "Format attendu : nom@domaine.fr"


class NouveauMotDePasseForm(DsfrBaseForm, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"
