"""What the templates need to render a bound field the DSFR way: which template
(pratiques/champs/*.html), and which id the error summary links to."""

from django import forms


def gabarit_champ(bf) -> str:
    widget = bf.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "pratiques/champs/groupe.html"
    if isinstance(widget, forms.CheckboxInput):
        return "pratiques/champs/case.html"
    return "pratiques/champs/saisie.html"


def ancre_champ(bf) -> str:
    """The id to link to from the error summary: the input, or a group's first option."""
    if isinstance(bf.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return f"{bf.auto_id}_0"
    return bf.id_for_label or bf.auto_id
