"""Form fields to choose territories, reused by every form that needs one.

Without JavaScript the field is a text input: a reference ("commune:59350"), a label
("Lille (commune 59350)"), a code, a postal code or a name is resolved on the server;
when several territories match, the error lists them. static/js/territoires.js turns
the input into an accessible combobox (WAI-ARIA 1.2) fed by the JSON endpoint.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from dsfr.forms import DsfrBaseForm

from territoires.models import Territoire

SEPARATEUR = ";"


class TerritoireWidget(forms.TextInput):
    class Media:
        css = {"all": ["css/territoires.css"]}
        js = ["js/territoires.js"]

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", **(attrs or {})},
        )

    def get_context(self, name, value, attrs):
        contexte = super().get_context(name, value, attrs)
        contexte["widget"]["attrs"]["data-territoires-url"] = reverse("territoires:autocompletion")
        return contexte


class TerritoiresWidget(TerritoireWidget):
    """Several territories: one text input, labels separated by semicolons."""

    def get_context(self, name, value, attrs):
        contexte = super().get_context(name, value, attrs)
        contexte["widget"]["attrs"]["data-territoires-multiple"] = "true"
        return contexte


def resoudre(texte: str, niveaux=()) -> Territoire:
    """The active territory `texte` designates, or a ValidationError in French."""
    candidats = Territoire.objects.actifs().de_niveau(*niveaux).resoudre(texte)
    if len(candidats) == 1:
        return candidats[0]
    if not candidats:
        raise ValidationError(
            "Aucun territoire ne correspond à «\u00a0%(texte)s\u00a0». Saisissez un nom, un code "
            "INSEE, un code postal ou choisissez dans la liste.",
            code="introuvable",
            params={"texte": texte},
        )
    raise ValidationError(
        "Plusieurs territoires correspondent à «\u00a0%(texte)s\u00a0»\u00a0: %(candidats)s. "
        "Précisez votre choix, par exemple en recopiant l’un de ces libellés.",
        code="ambigu",
        params={"texte": texte, "candidats": "\u00a0; ".join(t.libelle for t in candidats[:5])},
    )


def _libelles(valeur) -> str:
    """Initial values (instances, primary keys, lists of them) as the text shown."""
    valeurs = valeur if isinstance(valeur, list | tuple | set) else [valeur]
    if all(isinstance(v, str) for v in valeurs):
        return f" {SEPARATEUR} ".join(valeurs)
    territoires = [v for v in valeurs if isinstance(v, Territoire)]
    ids = [v for v in valeurs if isinstance(v, int)]
    territoires += list(Territoire.objects.filter(pk__in=ids))
    return f" {SEPARATEUR} ".join(t.libelle for t in territoires)


def _identifiants(valeur) -> set:
    valeurs = valeur if isinstance(valeur, list | tuple | set) else [valeur]
    return {v.pk if isinstance(v, Territoire) else v for v in valeurs if v not in (None, "")}


class TerritoireField(forms.Field):
    """One territory; `niveaux` restricts the levels offered and accepted."""

    widget = TerritoireWidget

    def __init__(self, *, niveaux=(), **kwargs):
        self.niveaux = tuple(niveaux)
        kwargs.setdefault(
            "help_text",
            "Nom, code INSEE, SIREN ou code postal, par exemple «\u00a0Lille\u00a0» ou 59350.",
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.niveaux:
            attrs["data-territoires-niveaux"] = ",".join(self.niveaux)
        return attrs

    def prepare_value(self, value):
        return _libelles(value) if value not in (None, "", []) else ""

    def has_changed(self, initial, data):
        try:
            nouveau = self.to_python(data)
        except ValidationError:
            return True
        return _identifiants(initial) != _identifiants(nouveau)

    def to_python(self, value):
        if isinstance(value, Territoire):
            return value
        texte = (value or "").strip()
        return resoudre(texte, self.niveaux) if texte else None


class TerritoiresField(TerritoireField):
    """Several territories, separated by semicolons in the text."""

    widget = TerritoiresWidget

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Noms, codes INSEE, SIREN ou codes postaux, séparés par des points-virgules, par "
            "exemple «\u00a0Lille\u00a0; Nord\u00a0».",
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, list | tuple):
            value = f" {SEPARATEUR} ".join(
                v.libelle if isinstance(v, Territoire) else v for v in value
            )
        territoires, erreurs = [], []
        for texte in (value or "").split(SEPARATEUR):
            if not texte.strip():
                continue
            try:
                territoire = resoudre(texte.strip(), self.niveaux)
            except ValidationError as erreur:
                erreurs.append(erreur)
                continue
            if territoire not in territoires:
                territoires.append(territoire)
        if erreurs:
            raise ValidationError(erreurs)
        return territoires

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class TrouverTerritoireForm(DsfrBaseForm):
    territoire = TerritoireField(label="Territoire")
