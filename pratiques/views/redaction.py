"""What the editor's pages show around the form: the step (pratiques.etapes) with its
stepper and its neighbours, the likely personal data at the step that holds them, and
the review of the last step (what is complete, what the submission still needs)."""

import dataclasses
import re

from django.urls import reverse
from django.utils.safestring import mark_safe

from confidentialite.donnees_personnelles import detecter, surligner
from pratiques import contenu as contenus
from pratiques import etapes, pieces_jointes
from pratiques.forms.fiche import FicheForm
from pratiques.forms.lignes import FORMSETS
from pratiques.forms.saisie import Erreur

CONTEXTE_EXTRAIT = 60  # characters shown around a likely personal datum
MESSAGE_REQUIS = "Ce champ est nécessaire pour soumettre la fiche."

_CHEMIN = re.compile(r"(?P<champ>\w+)(?:\[(?P<rang>\d+)\](?:\.(?P<cle>\w+))?)?")


def url_etape(fiche, etape: etapes.Etape) -> str:
    return reverse("pratiques:modifier_etape", args=[fiche.pk, etape.slug])


# --- Personal data -----------------------------------------------------------------


def _valeur(contenu: dict, chemin: str) -> tuple[str, str, str, str]:
    """(text, label, anchor, content key) of a path such as "description" or
    "partenaires[1].role"."""
    trouve = _CHEMIN.fullmatch(chemin)
    if not trouve:
        return "", chemin, "formulaire-fiche", ""
    champ, rang, cle = trouve["champ"], trouve["rang"], trouve["cle"]
    if rang is None:
        formulaire = FicheForm.base_fields.get(champ)
        libelle = formulaire.label if formulaire else contenus.libelle(champ)
        return str(contenu.get(champ) or ""), libelle, f"id_{champ}", champ
    rang = int(rang)
    lignes = contenu.get(champ) or []
    ligne = lignes[rang] if rang < len(lignes) else {}
    texte = ligne.get(cle) if isinstance(ligne, dict) else ligne
    classe = FORMSETS.get(champ)
    if classe is None:
        return str(texte or ""), f"{contenus.libelle(champ)} {rang + 1}", f"id_{champ}", champ
    sous_champ = classe.form.base_fields.get(cle)
    libelle = f"{classe.libelle_ligne} {rang + 1} — {sous_champ.label if sous_champ else cle}"
    return str(texte or ""), libelle, f"id_{champ}-{rang}-{cle}", champ


def _affiche(signalement, texte: str, libelle: str, ancre: str, etape) -> dict:
    debut = max(0, signalement.debut - CONTEXTE_EXTRAIT)
    fin = min(len(texte), signalement.fin + CONTEXTE_EXTRAIT)
    decale = dataclasses.replace(
        signalement, debut=signalement.debut - debut, fin=signalement.fin - debut
    )
    extrait = surligner(texte[debut:fin], [decale])
    return {
        "type": signalement.libelle,
        "champ": libelle,
        "ancre": ancre,
        "etape": etape,
        # surligner escapes the text and adds only <mark>.
        "extrait": mark_safe(  # noqa: S308
            ("… " if debut else "") + extrait + (" …" if fin < len(texte) else "")
        ),
    }


def signalements_affiches(contenu: dict, fiche=None) -> list[dict]:
    """Each likely personal datum with its field, its step and a highlighted excerpt;
    with `fiche`, those of its documents still to be reviewed too (on the review step,
    next to the list of documents)."""
    affiches = []
    for signalement in detecter(contenu):
        texte, libelle, ancre, cle = _valeur(contenu, signalement.champ)
        affiches.append(_affiche(signalement, texte, libelle, ancre, etapes.etape_de_la_cle(cle)))
    if fiche is not None:
        textes = {
            champ: texte
            for piece in pieces_jointes.a_relire(fiche)
            for champ, texte in pieces_jointes.textes_a_verifier(piece)
        }
        for signalement in pieces_jointes.signalements(fiche):
            texte = textes[signalement.champ]
            affiches.append(
                _affiche(signalement, texte, signalement.champ, "documents", etapes.RECAPITULATIF)
            )
    return affiches


# --- The step and its review -------------------------------------------------------


def contexte_etape(fiche, etape: etapes.Etape, contenu: dict | None) -> dict:
    """The stepper, the neighbours, the list of every step with its state, and the
    personal data found in this step (all of them on the review)."""
    etats = etapes.etats(contenu) if contenu is not None else []
    documents = fiche if etape.recapitulatif and fiche is not None else None
    signalements = signalements_affiches(contenu, documents) if contenu is not None else []
    if not etape.recapitulatif:
        signalements = [s for s in signalements if s["etape"] == etape]
    for signalement in signalements:
        signalement["lien"] = (
            f"{url_etape(fiche, signalement['etape'])}#{signalement['ancre']}"
            if etape.recapitulatif
            else f"#{signalement['ancre']}"
        )
    par_slug = {etat.etape.slug: etat for etat in etats}
    liste = [
        {
            "etape": autre,
            "url": url_etape(fiche, autre) if fiche is not None else "",
            "etat": par_slug.get(autre.slug),
            "courante": autre == etape,
        }
        for autre in etapes.ETAPES
    ]
    return {
        "etape": etape,
        "nombre_etapes": etapes.NOMBRE,
        "precedente": etape.precedente,
        "suivante": etape.suivante,
        "liste_etapes": liste,
        "signalements": signalements,
        "etats": etats,
        "manquants": manquants(fiche, contenu) if etape.recapitulatif and contenu else [],
    }


def manquants(fiche, contenu: dict) -> list[dict]:
    """What the submission still needs, each linked to the field on its step."""
    return [
        {
            "cle": cle,
            "libelle": etapes.libelle_de_la_cle(cle),
            "etape": etapes.etape_de_la_cle(cle),
            "url": f"{url_etape(fiche, etapes.etape_de_la_cle(cle))}?verifier=1"
            f"#{etapes.ancre_de_la_cle(cle)}",
        }
        for cle in contenus.champs_manquants(contenu)
    ]


def erreurs_du_recapitulatif(manque: list[dict], erreur_donnees_personnelles: str) -> list:
    """The error summary of a refused submission: each missing field points to its
    line of the review (which links to its step), then the confirmation box."""
    erreurs = [Erreur(f"manque-{m['cle']}", m["libelle"], MESSAGE_REQUIS) for m in manque]
    if erreur_donnees_personnelles:
        erreurs.append(
            Erreur(
                "donnees_personnelles_relues", "Données personnelles", erreur_donnees_personnelles
            )
        )
    return erreurs
