"""The rows of a fiche: partners, links and sources, each a formset of optional rows."""

from django import forms
from dsfr.forms import DsfrBaseForm

from pratiques.forms.champs import avec_vide

LIGNES_SUPPLEMENTAIRES = 3
LIGNES_MAX = 100


class LigneForm(DsfrBaseForm):
    """One row of a formset. All fields are optional: an empty row is ignored, a row
    with anything in it needs its main field (`principal`)."""

    principal = ""
    message_principal = ""

    def est_vide(self) -> bool:
        return not any(str(self.cleaned_data.get(nom) or "").strip() for nom in self.fields)

    def clean(self):
        donnees = super().clean()
        if not self.errors and not self.est_vide() and not donnees.get(self.principal):
            self.add_error(self.principal, self.message_principal)
        return donnees


class PartenaireForm(LigneForm):
    principal = "nom"
    message_principal = "Indiquez le nom du partenaire, ou videz la ligne."

    nom = forms.CharField(label="Nom du partenaire", max_length=200, required=False)
    type = forms.ChoiceField(label="Type de structure", required=False)
    role = forms.CharField(
        label="Rôle dans l’action",
        max_length=300,
        required=False,
        help_text="Par exemple : financement, mise à disposition d’une salle, co-animation.",
    )

    def __init__(self, *args, types_structure=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = avec_vide(
            types_structure or [], "Choisissez un type de structure"
        )


class LienForm(LigneForm):
    principal = "url"
    message_principal = "Indiquez l’adresse du lien, ou videz la ligne."

    url = forms.URLField(
        label="Adresse (URL)",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Format attendu : https://www.exemple.fr/page",
        error_messages={"invalid": "Saisissez une adresse web valide, commençant par https://."},
    )
    titre = forms.CharField(label="Titre du lien", max_length=200, required=False)


class SourceForm(LigneForm):
    principal = "document"
    message_principal = "Indiquez le document source, ou videz la ligne."

    document = forms.CharField(
        label="Document",
        max_length=300,
        required=False,
        help_text="Par exemple : rapport d’activité 2023 du centre social.",
    )
    reference = forms.CharField(label="Page, lignes ou passage", max_length=200, required=False)


class LignesFormSet(forms.BaseFormSet):
    libelle_ligne = "Ligne"
    titre = ""
    aide = ""

    def lignes(self) -> list[dict]:
        return [
            {nom: form.cleaned_data.get(nom) or "" for nom in form.fields}
            for form in self.forms
            if form.cleaned_data and not form.est_vide()
        ]

    def donnees_brutes(self) -> list[dict]:
        """What was typed in each row, valid or not (to redisplay it)."""
        return [{nom: form[nom].data or "" for nom in form.fields} for form in self.forms]


def _formset(form, prefixe, libelle_ligne, titre, aide=""):
    classe = forms.formset_factory(
        form,
        formset=LignesFormSet,
        extra=LIGNES_SUPPLEMENTAIRES,
        max_num=LIGNES_MAX,
        absolute_max=LIGNES_MAX,
        validate_max=True,
    )
    classe.prefixe = prefixe
    classe.libelle_ligne = libelle_ligne
    classe.titre = titre
    classe.aide = aide
    return classe


PartenaireFormSet = _formset(
    PartenaireForm,
    "partenaires",
    "Partenaire",
    "Partenaires",
    "Les structures qui ont pris part à l’action, avec leur rôle. Laissez vides les "
    "lignes inutiles.",
)
LienFormSet = _formset(
    LienForm, "liens", "Lien", "Liens", "Pages web utiles : site du projet, article, vidéo."
)
SourceFormSet = _formset(
    SourceForm,
    "sources",
    "Source",
    "Sources",
    "Les documents d’où viennent les informations de la fiche.",
)
FORMSETS = {"partenaires": PartenaireFormSet, "liens": LienFormSet, "sources": SourceFormSet}
