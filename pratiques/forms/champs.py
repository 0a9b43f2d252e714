"""Building blocks of the fiche editor's fields: vocabulary choices, optional text,
checkboxes and radios, and the date typed as precisely as the source says it."""

import re
from datetime import date

from django import forms
from django.db.models import Q

from pratiques.models import PrecisionDate


class LibelleAvecAide:
    """A choice label with a hint, rendered by the DSFR option templates."""

    def __init__(self, label, help_text):
        self.label = label
        self.help_text = help_text

    def __str__(self):
        return str(self.label)


def choix_vocabulaire(modele, codes_courants=(), *, avec_definitions=False):
    """Active values of a vocabulary, in their order; a value no longer active stays
    offered to the fiches that already use it, so that editing never drops it."""
    valeurs = modele.objects.filter(Q(actif=True) | Q(code__in=list(codes_courants)))
    return [
        (
            v.code,
            LibelleAvecAide(v.libelle, v.definition)
            if avec_definitions and v.definition
            else v.libelle,
        )
        for v in valeurs.order_by("ordre", "libelle")
    ]


def champ_texte(label, *, max_length=None, lignes=None, **kwargs):
    widget = forms.Textarea(attrs={"rows": lignes}) if lignes else forms.TextInput
    return forms.CharField(
        label=label, max_length=max_length, required=False, widget=widget, **kwargs
    )


def champ_cases(label, help_text):
    """Checkboxes; FicheForm sets their choices (a vocabulary)."""
    return forms.MultipleChoiceField(
        label=label, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


def champ_radios(label, choices=(), **kwargs):
    return forms.ChoiceField(
        label=label, required=False, choices=choices, widget=forms.RadioSelect, **kwargs
    )


_DATE_JOUR = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_MOIS = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})")
_DATE_ANNEE = re.compile(r"\d{4}")


class DateSoupleField(forms.CharField):
    """A date typed as JJ/MM/AAAA, MM/AAAA or AAAA: sources say "septembre 2019" or
    "2006" as often as a day. Cleans to (date, precision) or None."""

    message = "Saisissez une date au format JJ/MM/AAAA, MM/AAAA ou AAAA, par exemple 09/2019."

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        texte = super().to_python(value).strip()
        if not texte:
            return None
        try:
            if trouve := _DATE_JOUR.fullmatch(texte):
                jour, mois, annee = (int(g) for g in trouve.groups())
                return date(annee, mois, jour), PrecisionDate.JOUR.value
            if trouve := _DATE_ISO.fullmatch(texte):
                annee, mois, jour = (int(g) for g in trouve.groups())
                return date(annee, mois, jour), PrecisionDate.JOUR.value
            if trouve := _DATE_MOIS.fullmatch(texte):
                mois, annee = (int(g) for g in trouve.groups())
                return date(annee, mois, 1), PrecisionDate.MOIS.value
            if _DATE_ANNEE.fullmatch(texte):
                return date(int(texte), 1, 1), PrecisionDate.ANNEE.value
        except ValueError:
            raise forms.ValidationError(
                "Cette date n’existe pas. " + self.message, code="invalide"
            ) from None
        raise forms.ValidationError(self.message, code="invalide")

    def validate(self, value):
        if value and not 1900 <= value[0].year <= 2100:
            raise forms.ValidationError("Saisissez une année entre 1900 et 2100.", code="annee")


def date_saisie(iso: str | None, precision: str) -> str:
    """How a stored date is shown in the form, as precise as it was typed."""
    if not iso:
        return ""
    valeur = date.fromisoformat(iso)
    approximative = precision == PrecisionDate.APPROXIMATIVE
    if precision == PrecisionDate.ANNEE or (
        approximative and valeur.month == 1 and valeur.day == 1
    ):
        return f"{valeur.year}"
    if precision == PrecisionDate.MOIS or (approximative and valeur.day == 1):
        return f"{valeur:%m/%Y}"
    return f"{valeur:%d/%m/%Y}"


def avec_vide(choix, libelle="Non précisé"):
    return [("", libelle), *choix]
