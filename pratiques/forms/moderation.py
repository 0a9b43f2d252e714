"""Forms of the moderation pages: the decision on a submitted fiche, and archiving."""

from django import forms
from dsfr.forms import DsfrBaseForm

from pratiques.cycle import DECISIONS, TRANSITIONS
from pratiques.models import Motif


class Decision:
    """A decision is the name of its transition in pratiques.cycle, which gives its
    label and whether it needs a reason code and a message."""

    PUBLIER = "publier"
    DEMANDER_MODIFICATIONS = "demander_modifications"
    REFUSER = "refuser"
    CHOIX = [(nom, TRANSITIONS[nom].libelle) for nom in DECISIONS]
    AVEC_MOTIF = tuple(nom for nom in DECISIONS if TRANSITIONS[nom].motif_requis)


LIBELLE_CONFIRMATION = "Je confirme la publication malgré les données personnelles signalées"


class DecisionForm(DsfrBaseForm):
    """Publish, ask for changes or refuse. A reason code and a message are required for
    the last two; when likely personal data was flagged, publishing needs the explicit
    confirmation checkbox (the field only exists then)."""

    decision = forms.ChoiceField(
        label="Votre décision",
        choices=Decision.CHOIX,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une décision."},
    )
    motif = forms.ChoiceField(
        label="Motif",
        choices=[("", "Choisir un motif"), *Motif.choices],
        required=False,
        help_text="Obligatoire pour demander des modifications ou refuser.",
    )
    message = forms.CharField(
        label="Message à l’auteur",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        help_text="Obligatoire pour demander des modifications ou refuser\u00a0: expliquez ce "
        "qu’il faut changer. Facultatif pour une publication. L’auteur le reçoit par "
        "courriel et il est conservé dans l’historique de la fiche.",
    )
    confirmation = forms.BooleanField(label=LIBELLE_CONFIRMATION, required=False)

    def __init__(self, *args, signalements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.signalements = list(signalements)
        if not self.signalements:
            del self.fields["confirmation"]

    def demande_confirmation(self) -> bool:
        return "confirmation" in self.fields

    def clean(self):
        donnees = super().clean()
        decision = donnees.get("decision")
        if decision in Decision.AVEC_MOTIF:
            if not donnees.get("motif"):
                self.add_error(
                    "motif", "Choisissez un motif pour demander des modifications ou refuser."
                )
            if not (donnees.get("message") or "").strip():
                self.add_error(
                    "message",
                    "Expliquez votre décision à l’auteur\u00a0: ce message lui est envoyé.",
                )
        if (
            decision == Decision.PUBLIER
            and self.demande_confirmation()
            and not donnees.get("confirmation")
        ):
            self.add_error("confirmation", MESSAGE_CONFIRMATION_MANQUANTE)
        return donnees


MESSAGE_CONFIRMATION_MANQUANTE = (
    "Des données personnelles probables sont signalées\u00a0: cochez cette case pour confirmer "
    "la publication après les avoir vérifiées, ou demandez des modifications à l’auteur."
)


class ArchivageForm(DsfrBaseForm):
    message = forms.CharField(
        label="Message à l’auteur",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="Facultatif\u00a0: pourquoi la fiche est retirée du site.",
    )
