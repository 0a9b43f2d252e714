"""Published versions of a fiche (docs/domaine.md §8.1): every publication keeps what
the fiche then showed, so that nothing an author wrote is ever lost.

A version's `contenu` is a snapshot: {"champs": <pratiques.contenu.extraire()>,
"libelles": {champ: {code: libellé}}}, the labels of the vocabulary values, choices,
territories and partner types it uses, as they were at publication. An old version
thus reads as it was even after a label changes or a vocabulary value is retired.

`instantane` reads only model fields and relations (and a territory's `reference`),
so the data migration that creates the first versions (0020) runs it on historical
models too.
"""

from datetime import date

from pratiques import contenu as contenus
from pratiques.models import Etat, Fiche, VersionPubliee

# Never shown outside the author's and moderators' pages (pratiques.models.Fiche).
PRIVES = frozenset({"contact_email"})
CHAMPS_PUBLICS = [champ for champ in contenus.TOUS_LES_CHAMPS if champ not in PRIVES]


def _reference(territoire) -> str:
    return f"{territoire.niveau}:{territoire.code}"


def instantane(fiche) -> dict:
    """The snapshot of a saved fiche's current content, labels included."""
    champs = contenus.extraire(fiche)
    libelles = {
        champ: {v.code: v.libelle for v in getattr(fiche, champ).all()}
        for champ in contenus.VOCABULAIRE_MULTIPLE
    }
    for champ in contenus.VOCABULAIRE_UNIQUE:
        objet = getattr(fiche, champ)
        libelles[champ] = {objet.code: objet.libelle} if objet else {}
    for champ, choix in contenus.CHOIX.items():
        valeur = champs[champ]
        libelles[champ] = {valeur: choix(valeur).label} if valeur in choix.values else {}
    libelles["territoires"] = {
        _reference(t): f"{t.nom} ({t.code})" for t in fiche.territoires.all()
    }
    libelles["partenaires"] = {
        p.type.code: p.type.libelle for p in fiche.partenaires.all() if p.type
    }
    return {"champs": champs, "libelles": libelles}


def enregistrer(fiche: Fiche, *, par=None, auteur=None, quand=None) -> VersionPubliee:
    """A new version with the fiche's current content. The caller holds the fiche's
    lock (pratiques.services.publier), so numbers follow each other without gaps."""
    derniere = fiche.versions_publiees.order_by("-numero").values_list("numero", flat=True)
    return VersionPubliee.objects.create(
        fiche=fiche,
        numero=(derniere.first() or 0) + 1,
        contenu=instantane(fiche),
        publiee_le=quand or fiche.modifiee_le,
        publiee_par=par,
        auteur=auteur,
    )


def enregistrer_si_change(fiche: Fiche, *, par=None, auteur=None) -> VersionPubliee | None:
    """For a published fiche written by an import: a version only if its content is
    not already the latest one (a repeated import adds nothing)."""
    if fiche.etat != Etat.PUBLIEE:
        return None
    derniere = fiche.versions_publiees.order_by("-numero").first()
    if derniere is not None and derniere.contenu == instantane(fiche):
        return None
    return enregistrer(fiche, par=par, auteur=auteur)


def publiques(slug: str):
    """The versions of the published fiche with this slug: none for a fiche that is
    not (or no longer) published — a withdrawn fiche shows nothing of its past."""
    return VersionPubliee.objects.filter(fiche__slug=slug, fiche__etat=Etat.PUBLIEE)


def champs_publics(contenu: dict) -> dict:
    """A snapshot's fields as the public sees them: without the contact address."""
    return {champ: contenu["champs"].get(champ) for champ in CHAMPS_PUBLICS}


def lignes(contenu: dict, *, public: bool = True) -> list[dict]:
    """A snapshot as (label, readable value) rows, in form order, empty fields left out:
    what a version's page shows."""
    champs = CHAMPS_PUBLICS if public else contenus.TOUS_LES_CHAMPS
    resultat = []
    for champ in champs:
        valeur = lisible(contenu, champ)
        if valeur:
            resultat.append(
                {
                    "champ": champ,
                    "libelle": contenus.libelle(champ),
                    "valeur": valeur,
                    "liste": isinstance(valeur, list),
                }
            )
    return resultat


def lisible(contenu: dict, champ: str):
    """One field of a snapshot for people: a text, or a list of texts for the fields
    holding several values; codes are replaced by the labels the snapshot keeps."""
    valeur = contenu["champs"].get(champ)
    libelles = contenu.get("libelles", {}).get(champ, {})
    if champ in contenus.VOCABULAIRE_MULTIPLE or champ == "territoires":
        return [libelles.get(code, code) for code in valeur or []]
    if champ == "partenaires":
        return [_partenaire(p, libelles) for p in valeur or []]
    if champ in contenus.LISTES_LIBRES:
        return [" — ".join(v for v in element.values() if v) for element in valeur or []]
    if valeur is None:
        return ""
    if champ in contenus.DATES:
        return date.fromisoformat(valeur).strftime("%d/%m/%Y")
    return libelles.get(valeur, valeur) if isinstance(valeur, str) else str(valeur)


def _partenaire(partenaire: dict, libelles: dict) -> str:
    texte = partenaire.get("nom") or ""
    if partenaire.get("type"):
        texte += f" ({libelles.get(partenaire['type'], partenaire['type'])})"
    if partenaire.get("role"):
        texte += f" — {partenaire['role']}"
    return texte
