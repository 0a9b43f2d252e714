"""The prize's forms: they validate and shape, the services write."""

from django import forms
from django.contrib.auth import password_validation
from dsfr.forms import DsfrBaseForm

from prix.models import NOTE_MAX, Edition

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EditionForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Edition
        fields = [
            "annee",
            "nominations_le",
            "jury_departemental_le",
            "resultats_departementaux_le",
            "tour_national_le",
            "annonce_le",
            "mois_printemps_debut",
            "mois_printemps_fin",
            "nb_laureats_departementaux",
            "nb_laureats_nationaux",
            "presentation",
        ]
        widgets = {nom: DATE for nom in fields if nom.endswith(("_le", "_debut", "_fin"))}


class CritereForm(DsfrBaseForm):
    libelle = forms.CharField(label="Libellé", max_length=200, required=False)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    poids = forms.IntegerField(
        label="Poids (1 à 10)", min_value=1, max_value=10, initial=1, required=False
    )


CriteresFormSet = forms.formset_factory(CritereForm, extra=4, max_num=12)


def criteres_saisis(formset) -> list[dict]:
    return [
        {
            "libelle": f.cleaned_data["libelle"],
            "description": f.cleaned_data["description"],
            "poids": f.cleaned_data.get("poids") or 1,
        }
        for f in formset.forms
        if f.cleaned_data.get("libelle")
    ]


class CandidatureForm(DsfrBaseForm):
    declaration = forms.CharField(
        label="Ce qui fait la réussite de la démarche",
        help_text="Quelques lignes pour le jury (obligatoire pour l’auteur, facultatif pour "
        "une nomination par les modérateurs).",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NotationForm(DsfrBaseForm):
    """One score and one comment per criterion of the grid."""

    def __init__(self, *args, criteres, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        notes = notes or {}
        self.criteres = list(criteres)
        for critere in self.criteres:
            note = notes.get(critere.pk)
            self.fields[f"note_{critere.pk}"] = forms.IntegerField(
                label=f"{critere.libelle} (coefficient {critere.poids})",
                help_text=f"{critere.description} Note de 0 à {NOTE_MAX}.".strip(),
                min_value=0,
                max_value=NOTE_MAX,
                initial=note.valeur if note else None,
            )
            self.fields[f"commentaire_{critere.pk}"] = forms.CharField(
                label=f"Commentaire sur « {critere.libelle} »",
                required=False,
                max_length=2000,
                initial=note.commentaire if note else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def notes(self) -> dict:
        return {
            c.pk: (self.cleaned_data[f"note_{c.pk}"], self.cleaned_data[f"commentaire_{c.pk}"])
            for c in self.criteres
        }


class ConflitForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Nature du conflit d’intérêts",
        help_text="Par exemple : « J’ai accompagné ce projet », « mon association en est "
        "partenaire ».",
        max_length=300,
    )


class InvitationForm(DsfrBaseForm):
    nom = forms.CharField(label="Nom et prénom", max_length=200)
    email = forms.EmailField(label="Adresse e-mail", help_text="Format attendu : nom@domaine.fr")
    president = forms.BooleanField(label="Préside le jury", required=False)


class DepartageForm(DsfrBaseForm):
    """A position for each tied candidature (1 = first of its group)."""

    def __init__(self, *args, egalites, **kwargs):
        super().__init__(*args, **kwargs)
        self.egalites = egalites
        for groupe in egalites:
            for candidature in groupe:
                self.fields[f"position_{candidature.pk}"] = forms.IntegerField(
                    label=f"Position de « {candidature.fiche.titre} » parmi les "
                    f"{len(groupe)} candidatures classées {candidature.rang}e",
                    min_value=1,
                    max_value=len(groupe),
                )

    def clean(self):
        donnees = super().clean()
        for groupe in self.egalites:
            positions = [donnees.get(f"position_{c.pk}") for c in groupe]
            if None not in positions and len(set(positions)) != len(positions):
                raise forms.ValidationError(
                    "Chaque candidature à égalité prend une position différente."
                )
        return donnees

    def ordre(self) -> list[int]:
        return [
            c.pk
            for groupe in self.egalites
            for c in sorted(groupe, key=lambda c: self.cleaned_data[f"position_{c.pk}"])
        ]


class PublicationForm(DsfrBaseForm):
    motifs = forms.CharField(
        label="Les mots du jury",
        help_text="Ce qui a motivé ses choix ; publié avec le palmarès.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CompteJureForm(DsfrBaseForm):
    """Creating an account from an invitation: the signed link proves the address."""

    prenom = forms.CharField(label="Prénom", max_length=150, required=False)
    nom = forms.CharField(label="Nom", max_length=150, required=False)
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text="12 caractères au minimum, ni trop courant ni uniquement des chiffres.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, utilisateur, **kwargs):
        super().__init__(*args, **kwargs)
        self.utilisateur = utilisateur

    def clean(self):
        donnees = super().clean()
        un, deux = donnees.get("password1"), donnees.get("password2")
        if un and deux and un != deux:
            self.add_error("password2", "Les deux mots de passe diffèrent.")
        elif un:
            self.utilisateur.prenom = donnees.get("prenom", "")
            self.utilisateur.nom = donnees.get("nom", "")
            try:
                password_validation.validate_password(un, self.utilisateur)
            except forms.ValidationError as erreur:
                self.add_error("password1", erreur)
        return donnees
