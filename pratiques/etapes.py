"""The fiche editor as a guided path: one step per section of the form
(pratiques.forms.fiche.SECTIONS), then a last step that reviews the whole fiche and
submits it. Declared once here; the stepper ("Étape 3 sur 12"), the previous and next
titles, the links of the review to the step holding a missing field, the fields a step
validates and saves, and the step where a draft is resumed all derive from ETAPES.
"""

from dataclasses import dataclass

from django import forms

from pratiques import contenu as contenus
from pratiques.forms.fiche import SECTIONS, FicheForm
from pratiques.forms.lignes import FORMSETS
from pratiques.models import Fiche


@dataclass(frozen=True)
class Etape:
    slug: str
    titre: str
    champs: tuple[str, ...] = ()  # fields of FicheForm
    lignes: tuple[str, ...] = ()  # formset prefixes
    introduction: str = ""
    recapitulatif: bool = False

    @property
    def cles(self) -> tuple[str, ...]:
        """The keys of the content dict this step writes (a date carries its precision,
        the "approximative" box writes that precision too)."""
        cles = []
        for champ in self.champs:
            if champ in contenus.DATES:
                cles += [champ, f"{champ}_precision"]
            elif not champ.endswith("_approximative"):
                cles.append(champ)
        return (*cles, *self.lignes)

    @property
    def numero(self) -> int:
        return ETAPES.index(self) + 1

    @property
    def precedente(self) -> "Etape | None":
        return ETAPES[self.numero - 2] if self.numero > 1 else None

    @property
    def suivante(self) -> "Etape | None":
        return ETAPES[self.numero] if self.numero < len(ETAPES) else None

    def requis(self) -> tuple[str, ...]:
        return tuple(c for c in self.cles if c in contenus.REQUIS_POUR_SOUMETTRE)


RECAPITULATIF = Etape("verifier", "Vérifier et soumettre", recapitulatif=True)
ETAPES = (
    *(Etape(s.ancre, s.titre, s.champs, s.lignes, s.introduction) for s in SECTIONS),
    RECAPITULATIF,
)
PREMIERE = ETAPES[0]
PAR_SLUG = {etape.slug: etape for etape in ETAPES}
NOMBRE = len(ETAPES)


def etape_de(slug: str | None) -> Etape | None:
    return PAR_SLUG.get(slug or "")


def etape_de_la_cle(cle: str) -> Etape:
    """The step that edits a key of the content dict (the review for an unknown one)."""
    return next((e for e in ETAPES if cle in e.cles), RECAPITULATIF)


def libelle_de_la_cle(cle: str) -> str:
    if cle in FicheForm.base_fields:
        return str(FicheForm.base_fields[cle].label)
    if cle in FORMSETS:
        return FORMSETS[cle].titre
    return contenus.libelle(cle)


def ancre_de_la_cle(cle: str) -> str:
    """The id of the input of a key on its step page (a group's first option)."""
    champ = FicheForm.base_fields.get(cle)
    if champ is not None and isinstance(
        champ.widget, forms.CheckboxSelectMultiple | forms.RadioSelect
    ):
        return f"id_{cle}_0"
    if cle in FORMSETS:
        return f"lignes-{cle}"
    return f"id_{cle}"


def _rempli(valeur) -> bool:
    return bool(valeur) if not isinstance(valeur, str) else bool(valeur.strip())


@dataclass(frozen=True)
class EtatEtape:
    """What the review says of a step: which required fields are still empty, and
    whether anything is written in it."""

    etape: Etape
    manquants: tuple[str, ...]
    remplie: bool

    @property
    def a_completer(self) -> bool:
        return bool(self.manquants)


def etats(contenu: dict) -> list[EtatEtape]:
    """Every step but the review, with what the submission still needs in it
    (contenu.champs_manquants, the one rule)."""
    manquants = set(contenus.champs_manquants(contenu))
    return [
        EtatEtape(
            etape,
            tuple(c for c in etape.requis() if c in manquants),
            any(_rempli(contenu.get(cle)) for cle in etape.cles),
        )
        for etape in ETAPES
        if not etape.recapitulatif
    ]


def etape_de_reprise(derniere: str | None) -> Etape:
    """Where a draft is resumed: the step its author was going to when they last
    saved (Fiche.derniere_etape), the first one otherwise."""
    return etape_de(derniere) or PREMIERE


def retenir(fiche: Fiche, etape: Etape) -> None:
    """Remember the step a draft is resumed at (no new version: it is not content)."""
    Fiche.objects.filter(pk=fiche.pk).update(derniere_etape=etape.slug)
    fiche.derniere_etape = etape.slug
