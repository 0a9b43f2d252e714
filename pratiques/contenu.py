"""The content of a fiche as a plain dict: what an author writes, what a revision
stores, what the form edits and what imports bring.

    {"titre": "…", "thematiques": ["acces_aux_droits"], "territoires": ["commune:59350"],
     "partenaires": [{"nom": "…", "type": "caf", "role": "…"}], "date_debut": "2011-01-01", …}

Vocabulary values are codes, territories are "niveau:code" references, dates ISO strings.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from pratiques.models import (
    Budget,
    Echelle,
    Fiche,
    FormeIntervention,
    MethodeEvaluation,
    NiveauParticipation,
    Partenaire,
    PrecisionDate,
    Public,
    StatutAction,
    Thematique,
    TypeStructure,
)
from territoires.models import Territoire, analyser_reference

TEXTES = [
    "titre", "resume", "quartier", "contexte", "objectifs", "description", "porteur_nom",
    "moyens_humains", "moyens_financiers", "financeurs", "moyens_materiels",
    "impacts_organisationnels", "leviers", "freins", "resultats", "reproduire_prerequis",
    "reproduire_premieres_etapes", "reproduire_ecueils", "origine", "beneficiaires",
    "personnage_principal", "duree_rythme", "contact_structure", "contact_role",
    "contact_email", "commentaires",
]  # fmt: skip
CHOIX = {
    "echelle": Echelle,
    "budget": Budget,
    "methode_evaluation": MethodeEvaluation,
    "statut_action": StatutAction,
    "date_debut_precision": PrecisionDate,
    "date_fin_precision": PrecisionDate,
}
DATES = ["date_debut", "date_fin"]
VOCABULAIRE_UNIQUE = {"niveau_participation": NiveauParticipation, "porteur_type": TypeStructure}
VOCABULAIRE_MULTIPLE = {
    "thematiques": Thematique,
    "formes_intervention": FormeIntervention,
    "publics": Public,
}
# The denormalised id arrays the search filters on (pratiques.models.Fiche).
INDEX_VOCABULAIRE = {
    "thematiques": "thematiques_ids",
    "formes_intervention": "formes_ids",
    "publics": "publics_ids",
}
LISTES_LIBRES = {"liens": ["url", "titre"], "sources": ["document", "reference"]}
CHAMPS_SIMPLES = {*TEXTES, *CHOIX, *DATES}
TOUS_LES_CHAMPS = [
    *TEXTES, *CHOIX, *DATES, *VOCABULAIRE_UNIQUE, *VOCABULAIRE_MULTIPLE,
    "territoires", "partenaires", *LISTES_LIBRES,
]  # fmt: skip
# What a fiche needs before it can be submitted: services.soumettre refuses it
# otherwise, the form shows the missing ones and marks the others "(facultatif)". A
# draft may leave anything empty.
REQUIS_POUR_SOUMETTRE = (
    "titre", "resume", "thematiques", "formes_intervention", "territoires", "echelle",
    "description", "statut_action",
)  # fmt: skip


def champs_manquants(contenu: dict) -> list[str]:
    """The fields of REQUIS_POUR_SOUMETTRE still empty in a content dict."""
    return [champ for champ in REQUIS_POUR_SOUMETTRE if not contenu.get(champ)]


def vide() -> dict:
    """The content of a new, empty fiche."""
    contenu = dict.fromkeys(TEXTES + list(CHOIX), "")
    contenu.update(dict.fromkeys(DATES + list(VOCABULAIRE_UNIQUE)))
    contenu.update({champ: [] for champ in [*VOCABULAIRE_MULTIPLE, "territoires", "partenaires"]})
    contenu.update({champ: [] for champ in LISTES_LIBRES})
    return contenu


def normaliser(contenu: dict) -> dict:
    """A complete content dict with the expected types; unknown keys are dropped."""
    propre = vide()
    for champ in TEXTES + list(CHOIX):
        propre[champ] = str(contenu.get(champ) or "").strip()
    for champ in DATES:
        valeur = contenu.get(champ)
        propre[champ] = valeur.isoformat() if isinstance(valeur, date) else (valeur or None)
    for champ in VOCABULAIRE_UNIQUE:
        propre[champ] = contenu.get(champ) or None
    for champ in [*VOCABULAIRE_MULTIPLE, "territoires"]:
        propre[champ] = list(dict.fromkeys(contenu.get(champ) or []))
    propre["partenaires"] = [
        {
            "nom": str(p.get("nom") or "").strip(),
            "type": p.get("type") or None,
            "role": str(p.get("role") or "").strip(),
        }
        for p in contenu.get("partenaires") or []
        if str(p.get("nom") or "").strip()
    ]
    for champ, cles in LISTES_LIBRES.items():
        propre[champ] = [
            {cle: str(element.get(cle) or "").strip() for cle in cles}
            for element in contenu.get(champ) or []
            if any(str(element.get(cle) or "").strip() for cle in cles)
        ]
    return propre


def extraire(fiche: Fiche) -> dict:
    """The content of a saved fiche. Uses prefetched relations when present."""
    contenu = {champ: getattr(fiche, champ) for champ in TEXTES + list(CHOIX)}
    for champ in DATES:
        valeur = getattr(fiche, champ)
        contenu[champ] = valeur.isoformat() if valeur else None
    for champ in VOCABULAIRE_UNIQUE:
        objet = getattr(fiche, champ)
        contenu[champ] = objet.code if objet else None
    for champ in VOCABULAIRE_MULTIPLE:
        contenu[champ] = sorted(v.code for v in getattr(fiche, champ).all())
    contenu["territoires"] = sorted(t.reference for t in fiche.territoires.all())
    contenu["partenaires"] = [
        {"nom": p.nom, "type": p.type.code if p.type else None, "role": p.role}
        for p in fiche.partenaires.all()
    ]
    for champ in LISTES_LIBRES:
        contenu[champ] = list(getattr(fiche, champ))
    return contenu


def _par_code(modele, codes) -> dict[str, models.Model]:
    return {objet.code: objet for objet in modele.objects.filter(code__in=codes)}


def territoires_references(references) -> list[Territoire]:
    """The territories of "niveau:code" references, in order; unknown ones are dropped."""
    paires = []
    for reference in references:
        try:
            paires.append(analyser_reference(reference))
        except ValueError:
            continue
    if not paires:
        return []
    condition = Q()
    for niveau, code in paires:
        condition |= Q(niveau=niveau, code=code)
    trouves = {t.reference: t for t in Territoire.objects.filter(condition)}
    return [trouves[f"{n}:{c}"] for n, c in paires if f"{n}:{c}" in trouves]


def _verifier_valeurs(fiche: Fiche) -> None:
    """Lengths and choices are the model's: an invalid value is a ValidationError with a
    French message per field, never a database error. Emptiness is allowed (drafts):
    what a submission needs is champs_manquants."""
    try:
        fiche.clean_fields(
            exclude=[f.name for f in Fiche._meta.fields if f.name not in CHAMPS_SIMPLES]
        )
    except ValidationError as erreur:
        restantes = {
            champ: [e for e in erreurs if e.code not in ("blank", "null")]
            for champ, erreurs in erreur.error_dict.items()
        }
        restantes = {champ: erreurs for champ, erreurs in restantes.items() if erreurs}
        if restantes:
            raise ValidationError(restantes) from erreur


def _poser_champs_simples(fiche: Fiche, contenu: dict) -> None:
    for champ in TEXTES + list(CHOIX):
        setattr(fiche, champ, contenu[champ])
    for champ in DATES:
        try:
            valeur = date.fromisoformat(contenu[champ]) if contenu[champ] else None
        except (TypeError, ValueError) as erreur:
            raise ValidationError({champ: "Date invalide (attendu : AAAA-MM-JJ)."}) from erreur
        setattr(fiche, champ, valeur)
    _verifier_valeurs(fiche)


def verifier(contenu: dict) -> None:
    """Raise ValidationError (French, per field) if a normalised content dict holds a
    value the fiche cannot store; nothing is written."""
    _poser_champs_simples(Fiche(), contenu)


def englobants(territoires) -> list[int]:
    """Fiche.territoires_englobants: its territories and every one containing them."""
    return sorted({t.pk for t in territoires} | {a for t in territoires for a in t.ancetres})


def appliquer(fiche: Fiche, contenu: dict) -> None:
    """Write a (normalised, validated) content dict onto a fiche and its relations.
    The fiche must already be saved; the caller saves scalar fields afterwards."""
    _poser_champs_simples(fiche, contenu)
    codes_types = {p["type"] for p in contenu["partenaires"] if p["type"]}
    if contenu["porteur_type"]:
        codes_types.add(contenu["porteur_type"])
    types = _par_code(TypeStructure, codes_types)
    fiche.porteur_type = types.get(contenu["porteur_type"])
    niveau = contenu["niveau_participation"]
    fiche.niveau_participation = NiveauParticipation.objects.get(code=niveau) if niveau else None
    for champ, modele in VOCABULAIRE_MULTIPLE.items():
        valeurs = list(_par_code(modele, contenu[champ]).values())
        getattr(fiche, champ).set(valeurs)
        setattr(fiche, INDEX_VOCABULAIRE[champ], sorted(v.pk for v in valeurs))
    territoires = territoires_references(contenu["territoires"])
    fiche.territoires.set(territoires)
    fiche.territoires_ids = sorted(t.pk for t in territoires)
    fiche.territoires_englobants = englobants(territoires)
    fiche.partenaires_noms = "\n".join(p["nom"] for p in contenu["partenaires"])
    fiche.partenaires.all().delete()
    Partenaire.objects.bulk_create(
        Partenaire(fiche=fiche, nom=p["nom"], type=types.get(p["type"]), role=p["role"], ordre=rang)
        for rang, p in enumerate(contenu["partenaires"])
    )
    for champ in LISTES_LIBRES:
        setattr(fiche, champ, contenu[champ])


def preparer_en_lot(paires: list[tuple[Fiche, dict]]) -> list[list[Territoire]]:
    """appliquer() for many new, unsaved fiches (a partner's import): sets their fields
    and derived columns, reading each vocabulary and the territories once; returns
    each fiche's territories. The caller inserts the fiches, then `relations_en_lot`."""
    types = _par_code(
        TypeStructure,
        {c["porteur_type"] for _, c in paires}
        | {p["type"] for _, c in paires for p in c["partenaires"]},
    )
    niveaux = _par_code(NiveauParticipation, {c["niveau_participation"] for _, c in paires})
    valeurs = {
        champ: _par_code(modele, {code for _, c in paires for code in c[champ]})
        for champ, modele in VOCABULAIRE_MULTIPLE.items()
    }
    trouves = {
        t.reference: t
        for t in territoires_references({r for _, c in paires for r in c["territoires"]})
    }
    resultat = []
    for fiche, contenu in paires:
        _poser_champs_simples(fiche, contenu)
        fiche.porteur_type = types.get(contenu["porteur_type"])
        fiche.niveau_participation = niveaux.get(contenu["niveau_participation"])
        for champ in VOCABULAIRE_MULTIPLE:
            ids = sorted(
                valeurs[champ][code].pk for code in contenu[champ] if code in valeurs[champ]
            )
            setattr(fiche, INDEX_VOCABULAIRE[champ], ids)
        territoires = [trouves[r] for r in contenu["territoires"] if r in trouves]
        fiche.territoires_ids = sorted(t.pk for t in territoires)
        fiche.territoires_englobants = sorted(
            {t.pk for t in territoires} | {a for t in territoires for a in t.ancetres}
        )
        fiche.partenaires_noms = "\n".join(p["nom"] for p in contenu["partenaires"])
        for champ in LISTES_LIBRES:
            setattr(fiche, champ, contenu[champ])
        resultat.append(territoires)
    return resultat


def relations_en_lot(paires: list[tuple[Fiche, dict]]) -> None:
    """The relations of fiches prepared by `preparer_en_lot` and inserted since, in one
    statement per relation."""
    for champ in [*VOCABULAIRE_MULTIPLE, "territoires"]:
        relation = Fiche._meta.get_field(champ)
        lien = relation.remote_field.through
        cible = relation.m2m_reverse_field_name()
        source = relation.m2m_field_name()
        colonne = "territoires_ids" if champ == "territoires" else INDEX_VOCABULAIRE[champ]
        lien.objects.bulk_create(
            lien(**{f"{source}_id": fiche.pk, f"{cible}_id": pk})
            for fiche, _ in paires
            for pk in getattr(fiche, colonne)
        )
    types = _par_code(TypeStructure, {p["type"] for _, c in paires for p in c["partenaires"]})
    Partenaire.objects.bulk_create(
        Partenaire(fiche=fiche, nom=p["nom"], type=types.get(p["type"]), role=p["role"], ordre=rang)
        for fiche, contenu in paires
        for rang, p in enumerate(contenu["partenaires"])
    )


def libelle(champ: str) -> str:
    if champ == "partenaires":
        return "Partenaires"
    return str(Fiche._meta.get_field(champ).verbose_name).capitalize()


# Fields whose order carries no meaning: compared as sets.
SANS_ORDRE = [*VOCABULAIRE_MULTIPLE, "territoires"]


def _comparable(champ: str, valeur):
    if champ in SANS_ORDRE:
        return sorted(valeur or [])
    return valeur or None


def differences(avant: dict, apres: dict) -> list[dict]:
    """Field-by-field changes between two content dicts, in form order."""
    return [
        {
            "champ": champ,
            "libelle": libelle(champ),
            "avant": avant.get(champ),
            "apres": apres.get(champ),
        }
        for champ in TOUS_LES_CHAMPS
        if _comparable(champ, avant.get(champ)) != _comparable(champ, apres.get(champ))
    ]
