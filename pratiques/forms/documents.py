"""The form that attaches a document to a fiche (checked by pratiques.pieces_jointes)."""

from django import forms
from dsfr.forms import DsfrBaseForm


class DocumentForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier",
        help_text="PDF, PNG, JPEG ou WebP, 10 Mo au maximum.",
        widget=forms.FileInput(
            attrs={
                "class": "fr-upload",
                "accept": "application/pdf,image/png,image/jpeg,image/webp",
            }
        ),
        error_messages={
            "required": "Choisissez un fichier à joindre.",
            "empty": "Le fichier envoyé est vide.",
        },
    )
    titre = forms.CharField(
        label="Titre du document",
        max_length=200,
        required=False,
        help_text="Par exemple : « Affiche du café des familles ».",
    )
    texte_alternatif = forms.CharField(
        label="Texte alternatif",
        max_length=300,
        required=False,
        help_text="Obligatoire pour une image : décrivez ce qu’elle montre, pour les "
        "personnes qui ne la voient pas.",
    )
