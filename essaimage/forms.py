"""Forms of the essaimage pages (DSFR). They parse what people type; the rules (who
may, in which state, personal data) are the services'."""

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from essaimage.cycle import TRANSITIONS
from territoires.forms import TerritoireField

AIDE_TEXTE = "Ne donnez aucune information sur une personne accompagnée."
LIBELLE_RELU = (
    "J’ai relu ces passages\u00a0: ils ne contiennent aucune information sur une personne "
    "accompagnée."
)
MESSAGE_RELU = (
    "Des données personnelles probables ont été détectées\u00a0: relisez les passages "
    "signalés, corrigez-les ou cochez cette case pour confirmer."
)


def _texte(label, *, requis=False, aide=AIDE_TEXTE):
    return forms.CharField(
        label=label,
        required=requis,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=aide,
    )


class MoisField(forms.DateField):
    """A month and a year ("2024-09", or "09/2024" where the browser has no month
    picker), stored as the first of the month."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%m/%Y"]
    default_error_messages = {
        "invalid": "Indiquez un mois et une année, par exemple 2024-09 (ou 09/2024)."
    }


class RepriseForm(DsfrBaseForm):
    territoire = TerritoireField(
        label="Où l’avez-vous mise en place\u00a0?",
        help_text="Commune, intercommunalité ou département\u00a0: nom, code INSEE ou code "
        "postal, par exemple «\u00a0Lille\u00a0» ou 59350.",
    )
    depuis = MoisField(
        label="Depuis quand\u00a0?",
        help_text="Le mois et l’année du début, par exemple 2024-09.",
    )
    garde = _texte("Ce que vous avez gardé", requis=True)
    adapte = _texte("Ce que vous avez adapté (facultatif)")
    leviers = _texte("Ce qui a aidé (facultatif)")
    freins = _texte("Ce qui a freiné (facultatif)")
    premiers_resultats = _texte("Vos premiers résultats (facultatif)")
    contact_autorise = forms.BooleanField(
        label="J’accepte que l’auteur de la fiche d’origine me contacte",
        required=False,
        help_text="Il recevra alors votre adresse e-mail, jamais affichée publiquement.",
    )
    donnees_personnelles_relues = forms.BooleanField(label=LIBELLE_RELU, required=False)

    def __init__(self, *args, signalements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.signalements = list(signalements)
        if not self.signalements:
            del self.fields["donnees_personnelles_relues"]

    def signalements_affiches(self) -> list[dict]:
        return [
            {
                "type": s.libelle,
                "champ": self.fields[s.champ].label,
                "ancre": self[s.champ].auto_id,
                "extrait": s.extrait,
            }
            for s in self.signalements
        ]

    def clean_depuis(self):
        depuis = self.cleaned_data["depuis"]
        if depuis > timezone.localdate():
            raise forms.ValidationError("Ce mois n’est pas encore arrivé.")
        if depuis.year < 1945:
            raise forms.ValidationError("Indiquez une année à partir de 1945.")
        return depuis

    def signaler(self):
        """The detector found something not yet acknowledged: say so on the checkbox."""
        self.add_error("donnees_personnelles_relues", MESSAGE_RELU)


class DecisionRepriseForm(DsfrBaseForm):
    """Publish, decline or withdraw a reprise; a message to its author is required to
    decline or withdraw; publishing flagged texts needs the confirmation."""

    decision = forms.ChoiceField(
        label="Votre décision",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une décision."},
    )
    motif = forms.CharField(
        label="Message à l’auteur de la reprise",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour refuser ou retirer\u00a0: il le reçoit par courriel.",
    )
    confirmation = forms.BooleanField(
        label="Je confirme la publication malgré les données personnelles signalées",
        required=False,
    )

    def __init__(self, *args, possibles=(), signalements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(t.nom, t.libelle) for t in possibles]
        self.signalements = list(signalements)
        if not self.signalements or "publier" not in {t.nom for t in possibles}:
            del self.fields["confirmation"]

    def clean(self):
        donnees = super().clean()
        decision = donnees.get("decision")
        if decision and TRANSITIONS[decision].motif_requis and not donnees.get("motif", "").strip():
            self.add_error("motif", "Expliquez votre décision à l’auteur de la reprise.")
        if (
            decision == "publier"
            and "confirmation" in self.fields
            and not donnees.get("confirmation")
        ):
            self.add_error(
                "confirmation",
                "Confirmez la publication malgré les données personnelles signalées, ou refusez.",
            )
        return donnees
