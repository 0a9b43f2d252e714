"""Forms of the fiche pages.

`FicheForm` edits the content dict of pratiques.contenu (every field of a fiche but the
rows), the three row formsets edit partners, links and sources; `SaisieFiche` bundles
them so that views only bind, validate and ask for the content dict. Nothing here is
required for a draft: the fields needed to submit are checked by services.soumettre
and shown as errors next to each field (`SaisieFiche.signaler_manquants`).
"""

import re
import time
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core import signing
from django.db.models import Q
from django.http import QueryDict
from dsfr.forms import DsfrBaseForm

from pratiques import contenu as contenus
from pratiques.models import (
    Budget,
    Echelle,
    FormeIntervention,
    MethodeEvaluation,
    NiveauParticipation,
    PrecisionDate,
    Public,
    StatutAction,
    Thematique,
    TypeStructure,
)
from territoires.forms import SEPARATEUR, TerritoiresField

# The fields services.champs_manquants asks for before submission. Only used to mark
# the other fields "(facultatif)"; the rule itself stays in services.
REQUIS_POUR_SOUMETTRE = frozenset(
    {"titre", "resume", "thematiques", "formes_intervention", "territoires", "echelle",
     "description", "statut_action"}
)  # fmt: skip

# The fields with fixed choices (TextChoices), kept in the content dict as their code
# ("" when none is chosen).
CHOIX_UNIQUES = ("echelle", "budget", "methode_evaluation", "statut_action")

LIGNES_SUPPLEMENTAIRES = 3
LIGNES_MAX = 100


@dataclass(frozen=True)
class Section:
    ancre: str
    titre: str
    champs: tuple[str, ...]
    lignes: tuple[str, ...] = ()  # formset prefixes shown at the end of the section
    introduction: str = ""


SECTIONS = (
    Section("identite", "Identité", ("titre", "resume")),
    Section(
        "classement",
        "Classement",
        ("thematiques", "formes_intervention", "publics", "niveau_participation"),
    ),
    Section("lieu", "Lieu", ("territoires", "echelle", "quartier")),
    Section("contenu", "Contexte et contenu", ("contexte", "objectifs", "description")),
    Section(
        "porteur",
        "Porteur et partenaires",
        ("porteur_nom", "porteur_type"),
        lignes=("partenaires",),
    ),
    Section(
        "moyens",
        "Moyens",
        (
            "moyens_humains",
            "moyens_financiers",
            "budget",
            "financeurs",
            "moyens_materiels",
            "impacts_organisationnels",
        ),
    ),  # fmt: skip
    Section(
        "enseignements", "Enseignements", ("leviers", "freins", "resultats", "methode_evaluation")
    ),
    Section(
        "reproduire",
        "Pour reproduire la démarche",
        ("reproduire_prerequis", "reproduire_premieres_etapes", "reproduire_ecueils"),
        introduction=(
            "Le cœur de la fiche : ce qu’une autre équipe doit savoir pour construire sa "
            "propre démarche, plutôt que copier l’action."
        ),
    ),
    Section(
        "origine",
        "Origine",
        ("origine", "beneficiaires", "personnage_principal"),
        introduction="Les trois questions que le réseau de la prévention spécialisée pose "
        "à toute action collective.",
    ),
    Section(
        "calendrier",
        "Calendrier",
        (
            "statut_action",
            "date_debut",
            "date_debut_approximative",
            "date_fin",
            "date_fin_approximative",
            "duree_rythme",
        ),
    ),  # fmt: skip
    Section(
        "contact",
        "Contact et sources",
        ("contact_structure", "contact_role", "contact_email", "commentaires"),
        lignes=("liens", "sources"),
    ),
)


# --- Helpers -----------------------------------------------------------------------


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


def _texte(label, *, max_length=None, lignes=None, **kwargs):
    widget = forms.Textarea(attrs={"rows": lignes}) if lignes else forms.TextInput
    return forms.CharField(
        label=label, max_length=max_length, required=False, widget=widget, **kwargs
    )


def _cases(label, help_text):
    """Checkboxes; FicheForm sets their choices (a vocabulary)."""
    return forms.MultipleChoiceField(
        label=label, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


def _radios(label, choices=(), **kwargs):
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


def _avec_vide(choix, libelle="Non précisé"):
    return [("", libelle), *choix]


# --- The fiche ---------------------------------------------------------------------


class FicheForm(DsfrBaseForm):
    """Every field of the content dict except the rows (partners, links, sources)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    # identity
    titre = _texte(
        "Titre",
        max_length=200,
        help_text="Ce que fait l’action, en 200 caractères au plus : par exemple « Des "
        "parents qui animent un café des familles ».",
    )
    resume = _texte(
        "Résumé",
        max_length=600,
        lignes=4,
        help_text="600 caractères au plus, sans mise en forme : c’est ce qu’affichent les "
        "résultats de recherche.",
    )
    # classification
    thematiques = _cases("Thématiques", "Une ou plusieurs.")
    formes_intervention = _cases("Formes d’intervention collective", "Une ou plusieurs.")
    publics = _cases("Publics", "Si l’action s’adresse à tous, choisissez « Tous les habitants ».")
    niveau_participation = _radios(
        "Niveau de participation des personnes",
        help_text="Jusqu’où les personnes concernées ont-elles pris part aux décisions ?",
    )
    # place
    territoires = TerritoiresField(
        label="Territoires d’action",
        required=False,
        help_text="Commune, intercommunalité, département, région ou pays : tapez un nom, un "
        "code INSEE ou un code postal. Séparez plusieurs territoires par un point-virgule.",
    )
    echelle = _radios("Échelle de l’action", Echelle.choices)
    quartier = _texte(
        "Quartier",
        max_length=200,
        help_text="Si l’action se déroule dans un quartier : son nom.",
    )
    # context and content
    contexte = _texte(
        "Contexte et diagnostic de départ",
        lignes=5,
        help_text="Le besoin de départ, et avec qui ce diagnostic a été partagé.",
    )
    objectifs = _texte("Objectifs", lignes=4)
    description = _texte(
        "Description et déroulement",
        lignes=8,
        help_text="Les étapes de l’action, dans l’ordre. Décrivez une démarche, jamais la "
        "situation d’une personne.",
    )
    porteur_nom = _texte(
        "Porteur de l’action",
        max_length=200,
        help_text="La structure qui porte l’action, par exemple « Centre social de Fives ».",
    )
    porteur_type = forms.ChoiceField(label="Type de porteur", required=False)
    # means
    moyens_humains = _texte(
        "Moyens humains",
        lignes=3,
        help_text="Qui s’y consacre, et combien de temps : professionnels, bénévoles, habitants.",
    )
    moyens_financiers = _texte("Moyens financiers", lignes=3)
    budget = _radios("Ordre de grandeur du budget annuel", _avec_vide(Budget.choices))
    financeurs = _texte(
        "Financeurs",
        max_length=500,
        help_text="Par exemple : CAF du Nord, commune de Lille, fonds propres.",
    )
    moyens_materiels = _texte("Moyens matériels", lignes=3)
    impacts_organisationnels = _texte(
        "Impacts organisationnels",
        lignes=3,
        help_text="Ce que l’action a changé dans l’organisation des services et des partenaires.",
    )
    # lessons
    leviers = _texte("Leviers et conditions de réussite", lignes=4)
    freins = _texte("Freins et difficultés rencontrées", lignes=4)
    resultats = _texte("Résultats et évaluation", lignes=4)
    methode_evaluation = _radios("Méthode d’évaluation", _avec_vide(MethodeEvaluation.choices))
    # reproducibility
    reproduire_prerequis = _texte(
        "Prérequis",
        lignes=4,
        help_text="Ce qu’il faut réunir avant de commencer : partenaires, moyens, "
        "légitimité, temps.",
    )
    reproduire_premieres_etapes = _texte("Premières étapes", lignes=4)
    reproduire_ecueils = _texte("Écueils à éviter", lignes=4)
    # origin
    origine = _texte("Qui est à l’origine de l’action ?", lignes=3)
    beneficiaires = _texte("Qui en bénéficie, et comment ?", lignes=3)
    personnage_principal = _texte("Qui en est le « personnage principal » ?", lignes=3)
    # time
    statut_action = _radios("Statut de l’action", StatutAction.choices)
    date_debut = DateSoupleField(
        label="Date de début",
        help_text="Format : JJ/MM/AAAA, MM/AAAA ou AAAA, par exemple 09/2019 ou 2006.",
    )
    date_debut_approximative = forms.BooleanField(
        label="La date de début est approximative",
        required=False,
        help_text="Par exemple « fin 2006 » ou « depuis une vingtaine d’années ».",
    )
    date_fin = DateSoupleField(
        label="Date de fin",
        help_text="Format : JJ/MM/AAAA, MM/AAAA ou AAAA. Laissez vide si l’action continue.",
    )
    date_fin_approximative = forms.BooleanField(
        label="La date de fin est approximative", required=False
    )
    duree_rythme = _texte(
        "Durée et rythme",
        max_length=300,
        help_text="Par exemple : « une rencontre par semaine pendant l’année scolaire ».",
    )
    # contact (the e-mail address is never shown: a form relays messages)
    contact_structure = _texte("Structure à contacter", max_length=200)
    contact_role = _texte(
        "Fonction de la personne à contacter",
        max_length=200,
        help_text="Une fonction, pas un nom : par exemple « directrice du centre social ».",
    )
    contact_email = forms.EmailField(
        label="Adresse e-mail de contact",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text="Jamais affichée : les lecteurs vous écrivent par un formulaire qui relaie "
        "leur message. Sans adresse, les messages vous sont envoyés. Format attendu : "
        "nom@domaine.fr.",
    )
    commentaires = _texte("Commentaires", lignes=3)

    def __init__(self, *args, codes_courants=None, types_structure=None, **kwargs):
        super().__init__(*args, **kwargs)
        codes = codes_courants or {}
        self.fields["thematiques"].choices = choix_vocabulaire(
            Thematique, codes.get("thematiques", ())
        )
        self.fields["formes_intervention"].choices = choix_vocabulaire(
            FormeIntervention, codes.get("formes_intervention", ()), avec_definitions=True
        )
        self.fields["publics"].choices = choix_vocabulaire(Public, codes.get("publics", ()))
        self.fields["niveau_participation"].choices = _avec_vide(
            choix_vocabulaire(NiveauParticipation, codes.get("niveau_participation", ()))
        )
        self.fields["porteur_type"].choices = _avec_vide(
            types_structure or [], "Choisissez un type de structure"
        )
        for nom, champ in self.fields.items():
            champ.requis_pour_soumettre = nom in REQUIS_POUR_SOUMETTRE
        for nom in ("thematiques", "publics"):
            self.fields[nom].widget.colonnes = True

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin[0] < debut[0]:
            self.add_error("date_fin", "La date de fin ne peut pas précéder la date de début.")
        return donnees

    # --- content dict <-> form ----------------------------------------------------

    def contenu(self) -> dict:
        """The content dict of the cleaned form (rows excluded)."""
        donnees = self.cleaned_data
        contenu = {champ: donnees.get(champ) or "" for champ in contenus.TEXTES}
        for champ in CHOIX_UNIQUES:
            contenu[champ] = donnees.get(champ) or ""
        for champ in contenus.DATES:
            valeur = donnees.get(champ)
            contenu[champ] = valeur[0].isoformat() if valeur else None
            if not valeur:
                contenu[f"{champ}_precision"] = ""
            elif donnees.get(f"{champ}_approximative"):
                contenu[f"{champ}_precision"] = PrecisionDate.APPROXIMATIVE.value
            else:
                contenu[f"{champ}_precision"] = valeur[1]
        for champ in contenus.VOCABULAIRE_UNIQUE:
            contenu[champ] = donnees.get(champ) or None
        for champ in contenus.VOCABULAIRE_MULTIPLE:
            contenu[champ] = list(donnees.get(champ) or [])
        contenu["territoires"] = [t.reference for t in donnees.get("territoires") or []]
        return contenu

    @staticmethod
    def initial_depuis(contenu: dict, version: int | None) -> dict:
        initial = {champ: contenu.get(champ) or "" for champ in contenus.TEXTES}
        for champ in CHOIX_UNIQUES:
            initial[champ] = contenu.get(champ) or ""
        for champ in contenus.DATES:
            precision = contenu.get(f"{champ}_precision") or ""
            initial[champ] = date_saisie(contenu.get(champ), precision)
            initial[f"{champ}_approximative"] = precision == PrecisionDate.APPROXIMATIVE
        for champ in contenus.VOCABULAIRE_UNIQUE:
            initial[champ] = contenu.get(champ) or ""
        for champ in contenus.VOCABULAIRE_MULTIPLE:
            initial[champ] = list(contenu.get(champ) or [])
        territoires = contenus.territoires_references(contenu.get("territoires") or [])
        initial["territoires"] = f" {SEPARATEUR} ".join(t.libelle for t in territoires)
        initial["version"] = version
        return initial


# --- Rows: partners, links, sources -----------------------------------------------


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
        self.fields["type"].choices = _avec_vide(
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


# --- The whole form ---------------------------------------------------------------


@dataclass
class Erreur:
    ancre: str
    libelle: str
    message: str


class SaisieFiche:
    """FicheForm and the three row formsets, bound or not, as one form."""

    def __init__(self, data=None, *, initial=None, lignes=None, codes_courants=None):
        types = choix_vocabulaire(TypeStructure, (codes_courants or {}).get("porteur_type", ()))
        self.form = FicheForm(
            data, initial=initial, codes_courants=codes_courants, types_structure=types
        )
        self.formsets = {
            prefixe: classe(
                data,
                initial=None if data is not None else (lignes or {}).get(prefixe) or None,
                prefix=prefixe,
                form_kwargs={"types_structure": types} if prefixe == "partenaires" else {},
            )
            for prefixe, classe in FORMSETS.items()
        }

    # --- constructors -----------------------------------------------------------

    @classmethod
    def vide(cls):
        return cls()

    @classmethod
    def depuis_contenu(cls, contenu: dict, version: int | None):
        """Unbound, showing a saved content."""
        return cls(
            initial=FicheForm.initial_depuis(contenu, version),
            lignes={prefixe: list(contenu.get(prefixe) or []) for prefixe in FORMSETS},
            codes_courants=_codes(contenu),
        )

    @classmethod
    def liee_au_contenu(cls, contenu: dict, version: int | None):
        """Bound to a saved content, so that errors can be shown next to its fields."""
        donnees = QueryDict(mutable=True)
        for nom, valeur in FicheForm.initial_depuis(contenu, version).items():
            if isinstance(valeur, list):
                donnees.setlist(nom, valeur)
            elif isinstance(valeur, bool):
                if valeur:
                    donnees[nom] = "on"
            elif valeur is not None:
                donnees[nom] = str(valeur)
        for prefixe in FORMSETS:
            lignes = list(contenu.get(prefixe) or [])
            total = len(lignes) + LIGNES_SUPPLEMENTAIRES
            donnees[f"{prefixe}-TOTAL_FORMS"] = str(total)
            donnees[f"{prefixe}-INITIAL_FORMS"] = "0"
            for rang, ligne in enumerate(lignes):
                for cle, valeur in ligne.items():
                    donnees[f"{prefixe}-{rang}-{cle}"] = valeur or ""
        return cls(donnees, codes_courants=_codes(contenu))

    @classmethod
    def depuis_requete(cls, data):
        codes = {
            "thematiques": data.getlist("thematiques"),
            "formes_intervention": data.getlist("formes_intervention"),
            "publics": data.getlist("publics"),
            "niveau_participation": data.getlist("niveau_participation"),
            "porteur_type": [data.get("porteur_type")]
            + [v for k, v in data.items() if k.startswith("partenaires-") and k.endswith("-type")],
        }
        return cls(data, codes_courants=codes)

    def avec_lignes_en_plus(self):
        """Unbound again, with what was typed, and more empty rows (no JavaScript)."""
        initial = {nom: self.form[nom].data for nom in self.form.fields}
        lignes = {prefixe: fs.donnees_brutes() for prefixe, fs in self.formsets.items()}
        codes = {
            nom: initial.get(nom) if isinstance(initial.get(nom), list) else [initial.get(nom)]
            for nom in ("thematiques", "formes_intervention", "publics", "niveau_participation")
        }
        codes["porteur_type"] = [initial.get("porteur_type")] + [
            ligne.get("type") for ligne in lignes["partenaires"]
        ]
        return SaisieFiche(initial=initial, lignes=lignes, codes_courants=codes)

    # --- validation ---------------------------------------------------------------

    def is_valid(self) -> bool:
        resultats = [self.form.is_valid()] + [fs.is_valid() for fs in self.formsets.values()]
        return all(resultats)

    def contenu(self) -> dict:
        contenu = self.form.contenu()
        for prefixe, formset in self.formsets.items():
            contenu[prefixe] = formset.lignes()
        for ligne in contenu["partenaires"]:
            ligne["type"] = ligne["type"] or None
        return contenus.normaliser(contenu)

    @property
    def version(self) -> int | None:
        return self.form.cleaned_data.get("version")

    def signaler_manquants(self, libelles: list[str]) -> None:
        """Show the fields services.champs_manquants names as errors next to them."""
        par_libelle = {contenus.libelle(champ): champ for champ in contenus.TOUS_LES_CHAMPS}
        for libelle in libelles:
            champ = par_libelle.get(libelle)
            if champ in self.form.fields:
                self.form.add_error(champ, "Ce champ est nécessaire pour soumettre la fiche.")
            else:
                self.form.add_error(None, f"Complétez « {libelle} » pour soumettre la fiche.")

    def erreurs(self) -> list[Erreur]:
        """Every error, in page order, with the anchor of its field (error summary)."""
        if not self.form.is_bound:
            return []
        erreurs = [
            Erreur("formulaire-fiche", "Formulaire", m) for m in self.form.non_field_errors()
        ]
        dans_les_sections = {nom for section in SECTIONS for nom in section.champs}
        for nom, messages in self.form.errors.items():
            if nom not in dans_les_sections and nom != "__all__":
                erreurs += [Erreur("formulaire-fiche", "Formulaire", m) for m in messages]
        for section in SECTIONS:
            for nom in section.champs:
                for message in self.form.errors.get(nom, []):
                    erreurs.append(
                        Erreur(ancre_champ(self.form[nom]), self.form[nom].label, message)
                    )
            for prefixe in section.lignes:
                formset = self.formsets[prefixe]
                for message in formset.non_form_errors():
                    erreurs.append(Erreur(f"lignes-{prefixe}", formset.titre, message))
                for rang, form in enumerate(formset.forms):
                    for nom, messages in form.errors.items():
                        bf = form[nom] if nom in form.fields else None
                        for message in messages:
                            erreurs.append(
                                Erreur(
                                    ancre_champ(bf) if bf else f"lignes-{prefixe}",
                                    f"{formset.libelle_ligne} {rang + 1} — "
                                    f"{bf.label if bf else 'ligne'}",
                                    message,
                                )
                            )
        return erreurs

    # --- rendering ------------------------------------------------------------------

    def sections(self):
        """The sections with, for each field, its bound field and the template to use."""
        for section in SECTIONS:
            yield {
                "section": section,
                "champs": [
                    {"champ": self.form[nom], "gabarit": gabarit_champ(self.form[nom])}
                    for nom in section.champs
                ],
                "formsets": [self.formsets[prefixe] for prefixe in section.lignes],
            }

    @property
    def media(self):
        return self.form.media


def _codes(contenu: dict) -> dict:
    return {
        "thematiques": contenu.get("thematiques") or [],
        "formes_intervention": contenu.get("formes_intervention") or [],
        "publics": contenu.get("publics") or [],
        "niveau_participation": [contenu.get("niveau_participation")],
        "porteur_type": [contenu.get("porteur_type")]
        + [p.get("type") for p in contenu.get("partenaires") or []],
    }


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


# --- Attachments --------------------------------------------------------------------


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


# --- Contacting the porteur ---------------------------------------------------------

SEL_CONTACT = "pratiques.contact"
DELAI_MIN_SECONDES = 3
DELAI_MAX_SECONDES = 2 * 3600


def jeton_contact(fiche_id: int, *, instant: float | None = None) -> str:
    """A signed timestamp: when the contact form was displayed, for which fiche."""
    instant = time.time() if instant is None else instant
    return signing.dumps({"fiche": fiche_id, "t": int(instant)}, salt=SEL_CONTACT)


class ContactForm(DsfrBaseForm):
    """A message relayed to the porteur. Against bots, without a third-party captcha:
    a honeypot field that people never see, and a signed timestamp that rejects
    forms sent less than 3 seconds after display or more than 2 hours after."""

    nom = forms.CharField(
        label="Votre nom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Votre adresse e-mail",
        help_text="Format attendu : nom@domaine.fr. Le porteur vous répondra à cette "
        "adresse ; la sienne ne vous est pas communiquée.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label="Votre message",
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="20 à 5 000 caractères. Ne donnez aucune information sur une personne "
        "accompagnée.",
    )
    # Honeypot: hidden from people (CSS) and from screen readers (aria-hidden on its
    # container, tabindex=-1); a bot filling every field fills it.
    site_web = forms.CharField(
        label="Ne pas remplir",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    jeton = forms.CharField(widget=forms.HiddenInput)

    MESSAGE_ROBOT = (
        "Votre message n’a pas pu être envoyé : le formulaire a été rempli trop vite ou "
        "a expiré. Vérifiez votre message, patientez quelques secondes puis envoyez-le "
        "à nouveau."
    )

    def __init__(self, *args, fiche_id: int, **kwargs):
        self.fiche_id = fiche_id
        super().__init__(*args, **kwargs)
        self.fields["jeton"].initial = jeton_contact(fiche_id)

    def clean_site_web(self):
        if self.cleaned_data.get("site_web"):
            raise forms.ValidationError(self.MESSAGE_ROBOT, code="robot")
        return ""

    def clean_jeton(self):
        try:
            contenu = signing.loads(self.cleaned_data["jeton"], salt=SEL_CONTACT)
            ecart = time.time() - int(contenu["t"])
            fiche = int(contenu["fiche"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(self.MESSAGE_ROBOT, code="jeton") from None
        if fiche != self.fiche_id or not DELAI_MIN_SECONDES <= ecart <= DELAI_MAX_SECONDES:
            raise forms.ValidationError(self.MESSAGE_ROBOT, code="jeton")
        return self.cleaned_data["jeton"]

    def est_un_robot(self) -> bool:
        return any(
            erreur.code in ("robot", "jeton")
            for nom in ("site_web", "jeton")
            for erreur in self.errors.as_data().get(nom, [])
        )
