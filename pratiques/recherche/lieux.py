"""Places named in the words typed: « parentalité Pas-de-Calais », « Béthune »,
« 62400 », « 59350 ». The search page offers each as a one-click territory filter
(the `territoire` parameter: the fiches inside it and those covering it), keeping the
other words; homonyms are all offered, with their département. The words are never
dropped silently: the offer is a link, the results stay those of the words.

One query for the territories whose whole name, INSEE code or postal code is a run of
the words (the longest run that names one wins), and one more for the départements
of homonyms (territoires.models.ajouter_contexte).
"""

import re
from dataclasses import dataclass, field

from django.db.models import F, Q

from territoires.models import (
    RANG_NIVEAU,
    Niveau,
    Territoire,
    ajouter_contexte,
    normaliser_requete,
)

MOTS_AU_PLUS = 6  # the longest run of words tried as a name ("Saint-Martin-de-Ré" is one word)
PROPOSITIONS_AU_PLUS = 8
_CODE_COMMUNE = re.compile(r"\d{5}|2[AB]\d{3}", re.IGNORECASE)
_CODE_DEPARTEMENT = re.compile(r"\d{2}|2[AB]|97\d", re.IGNORECASE)
_NON_MOT = re.compile(r"""^[-"(]+|["),.;:!?]+$""")


@dataclass
class LieuxNommes:
    mots: str  # the words that name the places, as typed
    reste: str  # the other words, as typed
    territoires: list[Territoire] = field(default_factory=list)


def _segments(mots: list[str]) -> list[tuple[int, int]]:
    """Every run (start, end) of at most MOTS_AU_PLUS words, longest first."""
    longueur = len(mots)
    return [
        (debut, debut + taille)
        for taille in range(min(MOTS_AU_PLUS, longueur), 0, -1)
        for debut in range(longueur - taille + 1)
    ]


def lieux_nommes(texte: str) -> LieuxNommes | None:
    """The territories a run of the words of `texte` names exactly, or None. A run of
    fewer than three letters names a place only as a code."""
    mots = [_NON_MOT.sub("", mot) for mot in texte.split() if not mot.startswith("-")]
    mots = [mot for mot in mots if mot]
    if not mots:
        return None
    noms, codes, departements = {}, {}, {}
    for debut, fin in _segments(mots):
        morceau = " ".join(mots[debut:fin])
        nom = normaliser_requete(morceau)
        if len(nom.replace(" ", "")) >= 3:
            noms.setdefault(nom, (debut, fin))
        if fin - debut == 1 and _CODE_COMMUNE.fullmatch(morceau):
            codes.setdefault(morceau.upper(), (debut, fin))
        if len(mots) == 1 and _CODE_DEPARTEMENT.fullmatch(morceau):
            departements.setdefault(morceau.upper(), (debut, fin))
    condition = Q(nom_recherche__in=list(noms))
    if codes:
        condition |= Q(code__in=list(codes), niveau__in=[Niveau.COMMUNE, Niveau.ARRONDISSEMENT])
        condition |= Q(codes_postaux__overlap=list(codes))
    if departements:
        condition |= Q(niveau=Niveau.DEPARTEMENT, code__in=list(departements))
    trouves = list(
        Territoire.objects.actifs()
        .filter(condition)
        .only("pk", "niveau", "code", "nom", "population", "codes_postaux", "ancetres")
        .order_by(RANG_NIVEAU, F("population").desc(nulls_last=True), "nom", "code")[:50]
    )
    par_segment: dict[tuple[int, int], list[Territoire]] = {}
    for territoire in trouves:
        segments = [noms.get(normaliser_requete(territoire.nom))]
        segments += [codes.get(territoire.code)] if territoire.niveau != Niveau.DEPARTEMENT else []
        segments += [codes.get(code) for code in territoire.codes_postaux or []]
        if territoire.niveau == Niveau.DEPARTEMENT:
            segments.append(departements.get(territoire.code))
        for segment in {s for s in segments if s}:
            par_segment.setdefault(segment, []).append(territoire)
    if not par_segment:
        return None
    debut, fin = max(par_segment, key=lambda s: (s[1] - s[0], -s[0]))
    territoires = par_segment[(debut, fin)][:PROPOSITIONS_AU_PLUS]
    if len(territoires) > 1:
        ajouter_contexte(territoires)
    return LieuxNommes(
        mots=" ".join(mots[debut:fin]),
        reste=" ".join(mots[:debut] + mots[fin:]),
        territoires=territoires,
    )
