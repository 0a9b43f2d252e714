from django import forms
from dsfr.forms import DsfrBaseForm

from webhooks.evenements import ABONNABLES


class PointForm(DsfrBaseForm):
    url = forms.URLField(
        label="Adresse du point de terminaison",
        max_length=500,
        assume_scheme="https",
        help_text="L’adresse de votre serveur qui reçoit les événements. Format "
        "attendu\u00a0: https://www.exemple.fr/webhooks",
    )
    description = forms.CharField(
        label="Description",
        max_length=200,
        required=False,
        help_text="Facultative. Pour le reconnaître (200 caractères au plus).",
    )
    evenements = forms.MultipleChoiceField(
        label="Événements",
        choices=ABONNABLES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ceux que ce point de terminaison reçoit.",
        error_messages={"required": "Choisissez au moins un événement."},
    )
