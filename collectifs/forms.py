"""Forms of the collectifs pages (DSFR). They only parse what people type; the rules
(who may, in which state, the composition, the quota) are the services'."""

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from collectifs.models import (
    College,
    Financement,
    Forme,
    MiseADisposition,
    Motif,
    RapportAnnuel,
    TiersAccompagnant,
)
from pratiques.forms.contact import ContactForm
from territoires.forms import TerritoireField, TerritoiresField
from territoires.models import Niveau

AIDE_NOM_PUBLIC = (
    "Sinon, seul votre collège est compté sur la page publique du collectif\u00a0; les "
    "animateurs voient toujours votre nom."
)


def _college(label="Votre collège"):
    return forms.ChoiceField(
        label=label,
        choices=College.choices,
        widget=forms.RadioSelect,
        help_text="Chaque membre appartient à un collège, selon ce qu’il représente dans "
        "le collectif.",
    )


class CollectifForm(DsfrBaseForm):
    nom = forms.CharField(label="Nom du collectif", max_length=200)
    description = forms.CharField(
        label="Description",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce que fait le collectif, pour qui, avec qui. Ne donnez aucune "
        "information sur une personne accompagnée.",
    )
    territoires = TerritoiresField(label="Territoires d’action")
    date_creation = forms.DateField(
        label="Date de création",
        required=False,
        help_text="Format attendu\u00a0: JJ/MM/AAAA, par exemple 15/09/2021.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    forme = forms.ChoiceField(label="Forme", choices=Forme.choices, widget=forms.RadioSelect)
    gouvernance = forms.CharField(
        label="Gouvernance",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Comment le collectif prend ses décisions (assemblée, comité, "
        "consensus…) et à quel rythme il se réunit.",
    )

    def clean_date_creation(self):
        valeur = self.cleaned_data["date_creation"]
        if valeur and valeur > timezone.localdate():
            raise forms.ValidationError("La date de création ne peut pas être dans le futur.")
        return valeur


class ParticipationForm(DsfrBaseForm):
    college = _college()
    fonction = forms.CharField(
        label="Votre fonction ou structure",
        max_length=200,
        required=False,
        help_text="Par exemple «\u00a0adjointe au maire\u00a0», «\u00a0CAF du Nord\u00a0», "
        "«\u00a0association des locataires\u00a0».",
    )
    nom_public = forms.BooleanField(
        label="Afficher mon nom sur la page publique du collectif",
        required=False,
        help_text=AIDE_NOM_PUBLIC,
    )


class DeclarationForm(CollectifForm, ParticipationForm):
    """Declaring a collectif: its description, and the declarer's own membership."""

    field_order = [*CollectifForm.base_fields, *ParticipationForm.base_fields]


class AdhesionForm(ParticipationForm):
    message = forms.CharField(
        label="Message aux animateurs",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Pourquoi vous souhaitez rejoindre le collectif.",
    )


class DepartForm(DsfrBaseForm):
    """Leaving; the last animateur names a successor among the other members."""

    successeur = forms.ModelChoiceField(
        label="Membre qui animera le collectif après vous",
        queryset=None,
        required=False,
        empty_label="Choisir un membre",
    )

    def __init__(self, *args, autres_membres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successeur"].queryset = autres_membres
        self.fields["successeur"].label_from_instance = lambda m: (
            f"{m.nom_affiche} ({m.get_college_display()})"
        )


class FinancementForm(forms.ModelForm, DsfrBaseForm):
    class Meta:
        model = Financement
        fields = ["financeur", "montant", "annee_debut", "annee_fin"]

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("annee_debut"), donnees.get("annee_fin")
        if debut and fin and fin < debut:
            self.add_error("annee_fin", "La dernière année ne peut pas précéder la première.")
        return donnees


class MiseADispositionForm(forms.ModelForm, DsfrBaseForm):
    class Meta:
        model = MiseADisposition
        fields = ["organisation", "part_de_temps", "duree_mois", "role"]
        help_texts = {
            "part_de_temps": "De 1 à 100, par exemple 20 pour un jour par semaine.",
            "role": "Ce que fait ce professionnel pour le collectif.",
        }

    def clean_part_de_temps(self):
        valeur = self.cleaned_data["part_de_temps"]
        if not 1 <= valeur <= 100:
            raise forms.ValidationError("Indiquez une part de temps entre 1 et 100 %.")
        return valeur


class TiersAccompagnantForm(forms.ModelForm, DsfrBaseForm):
    class Meta:
        model = TiersAccompagnant
        fields = ["nom", "type", "demarche"]
        widgets = {"type": forms.RadioSelect, "demarche": forms.Textarea(attrs={"rows": 4})}


class RapportForm(forms.ModelForm, DsfrBaseForm):
    annee = forms.TypedChoiceField(label="Année", coerce=int)

    class Meta:
        model = RapportAnnuel
        fields = [
            "annee", "activites", "participants_elus", "participants_professionnels",
            "participants_associations", "participants_habitants", "enseignements",
        ]  # fmt: skip
        widgets = {
            "activites": forms.Textarea(attrs={"rows": 6}),
            "enseignements": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        annee = timezone.localdate().year
        self.fields["annee"].choices = [(a, str(a)) for a in range(annee, annee - 6, -1)]
        for college in ("elus", "professionnels", "associations", "habitants"):
            self.fields[
                f"participants_{college}"
            ].label = f"Participants\u00a0: {self.fields[f'participants_{college}'].label}"


class CandidatureForm(DsfrBaseForm):
    message = forms.CharField(
        label="Message au département",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que le département doit savoir pour examiner la demande.",
    )


class DecisionForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        widget=forms.RadioSelect,
        choices=[
            ("reconnaitre", "Reconnaître le collectif pour trois ans"),
            ("demander_modifications", "Demander des modifications"),
            ("refuser", "Refuser la reconnaissance"),
        ],
    )
    montant = forms.IntegerField(
        label="Montant attribué pour trois ans (en euros)",
        min_value=0,
        required=False,
        help_text="Pris sur l’enveloppe de l’année. Obligatoire pour reconnaître.",
    )
    motif = forms.ChoiceField(
        label="Motif", choices=[("", "Choisir un motif"), *Motif.choices], required=False
    )
    message = forms.CharField(
        label="Message aux animateurs",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Obligatoire pour demander des modifications ou refuser.",
    )

    def clean(self):
        donnees = super().clean()
        decision = donnees.get("decision")
        if decision == "reconnaitre" and donnees.get("montant") is None:
            self.add_error("montant", "Indiquez le montant attribué (0 si aucun).")
        if decision in ("demander_modifications", "refuser"):
            if not donnees.get("motif"):
                self.add_error("motif", "Choisissez un motif.")
            if not (donnees.get("message") or "").strip():
                self.add_error("message", "Expliquez votre décision aux animateurs.")
        return donnees


class QuotaForm(DsfrBaseForm):
    departement = TerritoireField(
        label="Département",
        niveaux=[Niveau.DEPARTEMENT],
        required=False,
        help_text="Nom ou code du département, par exemple «\u00a0Nord\u00a0» ou 59. "
        "Vide\u00a0: le quota national (collectifs de plusieurs départements).",
    )
    annee = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    nombre_max = forms.IntegerField(
        label="Nombre maximal de reconnaissances", min_value=0, max_value=1000
    )
    enveloppe = forms.IntegerField(label="Enveloppe totale (en euros)", min_value=0)


class LienFicheForm(DsfrBaseForm):
    fiche = forms.ModelChoiceField(label="Fiche", queryset=None, empty_label="Choisir une fiche")

    def __init__(self, *args, fiches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiche"].queryset = fiches


class ChoixCollectifForm(DsfrBaseForm):
    collectif = forms.ModelChoiceField(
        label="Collectif", queryset=None, empty_label="Choisir un collectif"
    )

    def __init__(self, *args, collectifs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectif"].queryset = collectifs


class ContactCollectifForm(ContactForm):
    """The fiche's contact form (honeypot and signed timestamp), for a collectif. Its
    token is signed for `-pk`, so that a token of a fiche never serves a collectif."""

    def __init__(self, *args, collectif_id: int, **kwargs):
        super().__init__(*args, fiche_id=-collectif_id, **kwargs)
        self.fields["email"].help_text = (
            "Format attendu\u00a0: nom@domaine.fr. Les animateurs vous répondront à cette "
            "adresse\u00a0; les leurs ne vous sont pas communiquées."
        )
