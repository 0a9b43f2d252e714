from datetime import datetime, time

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from comptes.models import Organisation, Utilisateur
from partenaires.models import Portee


class NouvelleCleForm(DsfrBaseForm):
    nom = forms.CharField(
        label="Nom de la clé",
        max_length=50,
        help_text="Pour la reconnaître\u00a0: l’outil ou le serveur qui l’utilise "
        "(50 caractères au plus).",
    )
    portees = forms.MultipleChoiceField(
        label="Droits",
        choices=Portee.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Portee.LECTURE],
        help_text="Lecture\u00a0: lire l’API avec une limite plus haute. Import\u00a0: "
        "importer des fiches par /api/v1/imports/. Webhooks\u00a0: à venir.",
        error_messages={"required": "Choisissez au moins un droit."},
    )
    expire_le = forms.DateField(
        label="Date d’expiration",
        required=False,
        help_text="Facultative. Format attendu\u00a0: JJ/MM/AAAA. La clé cesse de "
        "fonctionner à la fin de ce jour.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_expire_le(self):
        jour = self.cleaned_data.get("expire_le")
        if jour is None:
            return None
        if jour <= timezone.localdate():
            raise forms.ValidationError("Choisissez une date postérieure à aujourd’hui.")
        return timezone.make_aware(datetime.combine(jour, time.max))


class OrganisationForm(DsfrBaseForm, forms.ModelForm):
    site_web = forms.URLField(
        label="Site web",
        required=False,
        assume_scheme="https",
        help_text="Facultatif. Format attendu\u00a0: https://www.exemple.fr",
    )

    class Meta:
        model = Organisation
        fields = ["nom", "type", "site_web", "de_confiance"]
        labels = {"nom": "Nom", "site_web": "Site web", "de_confiance": "Organisation de confiance"}
        help_texts = {
            "site_web": "Facultatif. Format attendu\u00a0: https://www.exemple.fr",
            "de_confiance": "Ses imports de fiches seront publiés sans passer par la modération.",
        }


class GestionnairesForm(DsfrBaseForm):
    gestionnaires = forms.ModelMultipleChoiceField(
        label="Qui gère les clés d’API",
        queryset=Utilisateur.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        membres = organisation.membres.filter(role=Utilisateur.Role.PARTENAIRE).order_by("email")
        self.fields["gestionnaires"].queryset = membres
        self.fields["gestionnaires"].label_from_instance = lambda m: (
            f"{m.nom_complet} ({m.email})" if m.nom_complet else m.email
        )
        self.initial.setdefault("gestionnaires", [m.pk for m in membres if m.gere_les_cles])


class RattacherForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse e-mail du compte",
        help_text="Un compte existant\u00a0; il devient partenaire de cette organisation et "
        "gère ses clés. Format attendu\u00a0: nom@domaine.fr",
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        compte = Utilisateur.objects.filter(email__iexact=email).first()
        if compte is None:
            raise forms.ValidationError(
                "Aucun compte n’utilise cette adresse\u00a0: la personne doit d’abord créer "
                "son compte."
            )
        if compte.est_admin_national or compte.est_moderateur:
            raise forms.ValidationError(
                f"Ce compte est {compte.get_role_display().lower()}\u00a0: il ne peut pas "
                "devenir partenaire d’ici."
            )
        return email
