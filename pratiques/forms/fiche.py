"""The fiche editor's main form: every field of the content dict of pratiques.contenu
but the rows (pratiques.forms.lignes), in the sections of the page.

Nothing is required for a draft: the fields needed to submit
(contenu.REQUIS_POUR_SOUMETTRE) are checked by services.soumettre, marked here so that
the others read "(facultatif)", and shown as errors by SaisieFiche.signaler_manquants.
"""

from dataclasses import dataclass

from django import forms
from dsfr.forms import DsfrBaseForm

from pratiques import contenu as contenus
from pratiques.forms.champs import (
    DateSoupleField,
    avec_vide,
    champ_cases,
    champ_radios,
    champ_texte,
    choix_vocabulaire,
    date_saisie,
)
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
)
from territoires.forms import SEPARATEUR, TerritoiresField

# The fields with fixed choices (TextChoices), kept in the content dict as their code
# ("" when none is chosen).
CHOIX_UNIQUES = ("echelle", "budget", "methode_evaluation", "statut_action")


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


class FicheForm(DsfrBaseForm):
    """Every field of the content dict except the rows (partners, links, sources)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    # identity
    titre = champ_texte(
        "Titre",
        max_length=200,
        help_text="Ce que fait l’action, en 200 caractères au plus : par exemple « Des "
        "parents qui animent un café des familles ».",
    )
    resume = champ_texte(
        "Résumé",
        max_length=600,
        lignes=4,
        help_text="600 caractères au plus, sans mise en forme : c’est ce qu’affichent les "
        "résultats de recherche.",
    )
    # classification
    thematiques = champ_cases("Thématiques", "Une ou plusieurs.")
    formes_intervention = champ_cases("Formes d’intervention collective", "Une ou plusieurs.")
    publics = champ_cases(
        "Publics", "Si l’action s’adresse à tous, choisissez « Tous les habitants »."
    )
    niveau_participation = champ_radios(
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
    echelle = champ_radios("Échelle de l’action", Echelle.choices)
    quartier = champ_texte(
        "Quartier",
        max_length=200,
        help_text="Si l’action se déroule dans un quartier : son nom.",
    )
    # context and content
    contexte = champ_texte(
        "Contexte et diagnostic de départ",
        lignes=5,
        help_text="Le besoin de départ, et avec qui ce diagnostic a été partagé.",
    )
    objectifs = champ_texte("Objectifs", lignes=4)
    description = champ_texte(
        "Description et déroulement",
        lignes=8,
        help_text="Les étapes de l’action, dans l’ordre. Décrivez une démarche, jamais la "
        "situation d’une personne.",
    )
    porteur_nom = champ_texte(
        "Porteur de l’action",
        max_length=200,
        help_text="La structure qui porte l’action, par exemple « Centre social de Fives ».",
    )
    porteur_type = forms.ChoiceField(label="Type de porteur", required=False)
    # means
    moyens_humains = champ_texte(
        "Moyens humains",
        lignes=3,
        help_text="Qui s’y consacre, et combien de temps : professionnels, bénévoles, habitants.",
    )
    moyens_financiers = champ_texte("Moyens financiers", lignes=3)
    budget = champ_radios("Ordre de grandeur du budget annuel", avec_vide(Budget.choices))
    financeurs = champ_texte(
        "Financeurs",
        max_length=500,
        help_text="Par exemple : CAF du Nord, commune de Lille, fonds propres.",
    )
    moyens_materiels = champ_texte("Moyens matériels", lignes=3)
    impacts_organisationnels = champ_texte(
        "Impacts organisationnels",
        lignes=3,
        help_text="Ce que l’action a changé dans l’organisation des services et des partenaires.",
    )
    # lessons
    leviers = champ_texte("Leviers et conditions de réussite", lignes=4)
    freins = champ_texte("Freins et difficultés rencontrées", lignes=4)
    resultats = champ_texte("Résultats et évaluation", lignes=4)
    methode_evaluation = champ_radios("Méthode d’évaluation", avec_vide(MethodeEvaluation.choices))
    # reproducibility
    reproduire_prerequis = champ_texte(
        "Prérequis",
        lignes=4,
        help_text="Ce qu’il faut réunir avant de commencer : partenaires, moyens, "
        "légitimité, temps.",
    )
    reproduire_premieres_etapes = champ_texte("Premières étapes", lignes=4)
    reproduire_ecueils = champ_texte("Écueils à éviter", lignes=4)
    # origin
    origine = champ_texte("Qui est à l’origine de l’action ?", lignes=3)
    beneficiaires = champ_texte("Qui en bénéficie, et comment ?", lignes=3)
    personnage_principal = champ_texte("Qui en est le « personnage principal » ?", lignes=3)
    # time
    statut_action = champ_radios("Statut de l’action", StatutAction.choices)
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
    duree_rythme = champ_texte(
        "Durée et rythme",
        max_length=300,
        help_text="Par exemple : « une rencontre par semaine pendant l’année scolaire ».",
    )
    # contact (the e-mail address is never shown: a form relays messages)
    contact_structure = champ_texte("Structure à contacter", max_length=200)
    contact_role = champ_texte(
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
    commentaires = champ_texte("Commentaires", lignes=3)

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
        self.fields["niveau_participation"].choices = avec_vide(
            choix_vocabulaire(NiveauParticipation, codes.get("niveau_participation", ()))
        )
        self.fields["porteur_type"].choices = avec_vide(
            types_structure or [], "Choisissez un type de structure"
        )
        for nom, champ in self.fields.items():
            champ.requis_pour_soumettre = nom in contenus.REQUIS_POUR_SOUMETTRE
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
