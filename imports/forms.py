from django import forms
from dsfr.forms import DsfrBaseForm

from imports import services


class EnvoiForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier à importer",
        help_text="Formats acceptés\u00a0: .csv (UTF-8, séparateur «\u00a0;\u00a0» ou "
        "«\u00a0,\u00a0»), .xlsx, .json, selon le schéma d’import. 20\u00a0Mo et "
        "20\u00a0000 lignes au plus.",
        error_messages={
            "required": "Choisissez le fichier à importer.",
            "empty": "Le fichier est vide.",
        },
    )
    simulation = forms.BooleanField(
        label="Simulation d’abord",
        required=False,
        initial=True,
        help_text="Vérifier le fichier et voir ce qui serait créé, modifié ou rejeté, sans rien "
        "écrire\u00a0; vous lancerez ensuite l’import depuis la page de résultats.",
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        try:
            services.verifier_fichier(fichier)
        except services.ImportRefuse as refus:
            raise forms.ValidationError(str(refus)) from refus
        return fichier
