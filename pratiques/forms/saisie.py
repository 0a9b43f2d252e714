"""The fiche editor as one form: FicheForm and the three row formsets, bound or not,
so that views only bind, validate, and ask for the content dict."""

from dataclasses import dataclass

from django.http import QueryDict

from pratiques import contenu as contenus
from pratiques.forms.champs import choix_vocabulaire
from pratiques.forms.fiche import SECTIONS, FicheForm
from pratiques.forms.gabarits import ancre_champ, gabarit_champ
from pratiques.forms.lignes import FORMSETS, LIGNES_SUPPLEMENTAIRES
from pratiques.models import TypeStructure


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
        return cls(_donnees_du_contenu(contenu, version), codes_courants=_codes(contenu))

    @classmethod
    def pour_une_section(cls, contenu: dict, section, data):
        """Bound to a saved content in which the fields of one section (a step of
        pratiques.etapes: `champs`, `lignes`, `cles`) are replaced by what was posted:
        a step's page posts only its own fields, and only they are validated."""
        donnees = _donnees_du_contenu(contenu, None)
        for nom in list(donnees):
            if nom in section.champs or nom.split("-")[0] in section.lignes:
                del donnees[nom]
        for nom in data:
            if nom in section.champs or nom.split("-")[0] in section.lignes or nom == "version":
                donnees.setlist(nom, data.getlist(nom))
        saisie = cls.depuis_requete(donnees)
        saisie.section = section
        return saisie

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
        plus = SaisieFiche(initial=initial, lignes=lignes, codes_courants=codes)
        plus.section = self.section
        return plus

    # --- validation ---------------------------------------------------------------

    section = None  # when bound for one section: only its fields are validated and saved

    def is_valid(self) -> bool:
        resultats = [self.form.is_valid()] + [fs.is_valid() for fs in self.formsets.values()]
        if self.section is None:
            return all(resultats)
        return not self.erreurs()

    def contenu_mis_a_jour(self, enregistre: dict) -> dict:
        """A saved content with the keys of this form's section replaced by what was
        typed (call after is_valid)."""
        cles = self.section.cles
        saisi = self.contenu()
        return contenus.normaliser({**enregistre, **{cle: saisi[cle] for cle in cles}})

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

    def signaler_manquants(self, champs: list[str]) -> None:
        """Show the fields contenu.champs_manquants names as errors next to them."""
        for champ in champs:
            if champ in self.form.fields:
                self.form.add_error(champ, "Ce champ est nécessaire pour soumettre la fiche.")
            else:
                self.form.add_error(
                    None, f"Complétez « {contenus.libelle(champ)} » pour soumettre la fiche."
                )

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
        for section in self._sections():
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

    def _sections(self):
        return SECTIONS if self.section is None else (self.section,)

    def sections(self):
        """The sections with, for each field, its bound field and the template to use."""
        for section in self._sections():
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


def _donnees_du_contenu(contenu: dict, version: int | None) -> QueryDict:
    """What the browser would post for a saved content."""
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
    return donnees


def _codes(contenu: dict) -> dict:
    return {
        "thematiques": contenu.get("thematiques") or [],
        "formes_intervention": contenu.get("formes_intervention") or [],
        "publics": contenu.get("publics") or [],
        "niveau_participation": [contenu.get("niveau_participation")],
        "porteur_type": [contenu.get("porteur_type")]
        + [p.get("type") for p in contenu.get("partenaires") or []],
    }
