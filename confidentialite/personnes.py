"""Rules that find a person accompanied by their name, age or address.

Used by confidentialite.donnees_personnelles (which normalises the text, merges the
findings and resolves overlaps); each function takes the normalised text and yields
(type, start, end).

- prenom_age: a first name of the list (data/prenoms.txt), optionally with a surname
  or an initial, followed by an age: "Kevin, 14 ans", "Lina (7 ans)", "Kevin M.,
  âgé de 14 ans", "Inès a 16 ans". Not when the years are a duration ("Marie, 20 ans
  d'expérience", "Victor Hugo, 200 ans après") or after "en", "au", "sur", "vers"
  (a place).
- nom_situation: "Prénom Nom" (capitalised or upper-case surname, or an initial) in a
  sentence that speaks of a person's situation (au RSA, bénéficiaire, suivi par, placé,
  hospitalisé, sans domicile, enceinte, expulsé, dettes…), unless the name is
  introduced or followed by a professional role ("Marie Dupont, conseillère ESF",
  "l'animatrice Anne Leroy", "animé par Julien Moreau", "selon Robert Castel"), or
  follows an institution or place keyword ("centre social Jean Macé", "collège Victor
  Hugo", "rue Jean Jaurès", "loi", "prix"). A first name alone ("Fatima, mère isolée")
  is missed (accepted: without age or surname it identifies little on its own).
- adresse: a street number and a street type followed by a name ("12 rue des Lilas",
  "3 bis, avenue Jean Jaurès"). A street without a number ("rue de la République")
  is prose, not flagged; an organisation's own address is flagged too (it belongs in
  the contact block).

Linear: one pass with compiled regexes, set look-ups for the first names, sentences
split once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

FICHIER_PRENOMS = Path(__file__).resolve().parent / "data" / "prenoms.txt"


def plier(mot: str) -> str:
    """Lower case without accents: "Kévin" -> "kevin", "Maëlle" -> "maelle"."""
    decompose = unicodedata.normalize("NFD", mot.lower())
    return "".join(c for c in decompose if not unicodedata.combining(c))


@cache
def prenoms() -> frozenset[str]:
    """The first names of data/prenoms.txt, folded (see `plier`)."""
    lignes = FICHIER_PRENOMS.read_text(encoding="utf-8").splitlines()
    return frozenset(plier(ligne.strip()) for ligne in lignes if ligne.strip()[:1] not in "#")


def _ensemble(mots: str) -> frozenset[str]:
    return frozenset(plier(mot) for mot in mots.split())


# A capitalised word (possibly hyphenated: Jean-Pierre, Saint-Denis), not glued to a
# preceding letter, digit, apostrophe or hyphen.
_CAPITALISE = re.compile(r"(?<![\w'-])[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:-[A-ZÀ-ÖØ-Þ][^\W\d_]*)*")
# What may follow a first name as a surname: a capitalised or upper-case word, or an
# initial with its dot ("Kevin M.").
_NOM = re.compile(r" (?:[A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:['-][^\W\d_]+)*)")

_NOMBRES = (
    r"\d{1,3}|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize"
    r"|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf|vingt"
)
_SUITE_AGE = re.compile(
    r"(?:\s?,\s?(?:[âa]g[ée]e?\s+de\s+)?|\s?\(\s?|\s+(?:[âa]g[ée]e?\s+de|a|avait)\s+)"
    rf"(?:{_NOMBRES})\s?ans(?![\w'])"
    r"(?!\s*(?:d'|de\s|plus\b|apr[eè]s|auparavant|durant|pendant))",
    re.IGNORECASE,
)

# Prepositions of place: "en Florence", "vers Nancy" name a place, not a person.
_PAS_UN_PRENOM_AVANT = _ensemble("en au aux sur vers")

# A word right before the name that makes it an institution, a place, a law, a prize.
_INSTITUTIONS = _ensemble(
    "rue avenue av boulevard bd place allée impasse quai chemin square cours route "
    "école collège lycée résidence espace centre social sociale salle maison fondation "
    "prix parc jardin gymnase stade médiathèque bibliothèque crèche loi cité foyer "
    "hôpital clinique ehpad association institut université faculté pôle groupe "
    "scolaire quartier promenade pont gare station métro tram port théâtre musée "
    "saint sainte st ste programme plan dispositif décret circulaire rapport "
    # adjectives of an institution's kind: "lycée professionnel Louise Michel"
    "professionnel professionnelle hospitalier municipal municipale communal communale "
    "intercommunal départemental culturel culturelle sportif sportive solidaire "
    "médico-social spécialisé spécialisée maternelle élémentaire primaire"
)
# A word right before the name that introduces a professional, an author, a speaker.
_INTRODUCTEURS = _ensemble("par selon apres")  # "d'après" is read as "après"

_ROLE = (
    r"(?:directeur|directrice|animat(?:eur|rice)|conseill[eè]re?|[ée]ducat(?:eur|rice)"
    r"|assistante?s?\s+sociale?s?|travailleu(?:r|se|rs)\s+sociau?(?:x|le|l)"
    r"|coordinat(?:eur|rice)|charg[ée]e?|responsable|r[ée]f[ée]rente?|psychologue"
    r"|m[ée]diat(?:eur|rice)|infirmi[eè]re?|m[ée]decin|sociologue|chercheu(?:r|se)"
    r"|auteure?|autrice|[ée]crivain|pr[ée]sidente?|maire|adjointe?|[ée]lue?|b[ée]n[ée]vole"
    r"|intervenante?|format(?:eur|rice)|professeure?|enseignante?|CESF|ESF|juriste"
    r"|avocate?|cheffe?|d[ée]l[ée]gu[ée]e?|fondat(?:eur|rice)|secr[ée]taire"
    r"|tr[ée]sori[eè]re?|principale?|proviseure?|agente?|pu[ée]ricultrice|sage-femme"
    r"|orthophoniste|ergoth[ée]rapeute|monit(?:eur|rice)|stagiaire|salari[ée]e?"
    r"|professionnelle?|mandataire|TISF|ministre|d[ée]put[ée]e?|s[ée]nat(?:eur|rice)"
    r"|philosophe|historien(?:ne)?|[ée]conomiste|photographe|artiste|illustrat(?:eur|rice)"
    r"|architecte|urbaniste|journaliste|cofondat(?:eur|rice)|animatrices|animateurs)s?"
)
_ROLE_APRES = re.compile(
    r"\s*(?:,|\(|:|-)?\s*(?:(?:est|était|notre|votre|leur|la|le|l'|une?|ancienne?"
    r"|et\s+[A-ZÀ-ÖØ-Þ][^\W\d_]*\s+[A-ZÀ-ÖØ-Þ][^\W\d_]*\s*,?)\s*){0,3}" + _ROLE + r"(?![\w])",
    re.IGNORECASE,
)
_ROLE_AVANT = re.compile(_ROLE + r"[^\w.]{0,3}(?:[\w'-]+[\s,]+){0,6}$", re.IGNORECASE)

# Markers of a person's situation (social, health, judicial, family).
_SITUATION = re.compile(
    r"(?<![\w])(?:RSA|AAH|ASS|CSS|RQTH|MDPH|ASE|AEMO|SDF|CHRS"
    r"|(?i:b[ée]n[ée]ficiaire|allocataire|suivie?s?\s+(?:par|depuis|en|au|à|pour)"
    r"|plac[ée]e?s?\b|hospitalis[ée]|sans\s+domicile|sans[- ]abri|enceinte|incarc[ée]r"
    r"|d[ée]tenue?\b|sortie?\s+de\s+prison|expuls|handicap|d[ée]press|addict|alcool"
    r"|toxicoman|malade|maladie|diab[eè]te|cancer|ch[ôo]mage|demandeu(?:r|se)\s+d'"
    r"|surendett|curatelle|tutelle|aide\s+sociale\s+[àa]\s+l'enfance|h[ée]berg[ée]"
    r"|s[ée]par[ée]e?\s+de|divorc[ée]|veu(?:f|ve)\b|isol[ée]e?\b|sans[- ]papiers"
    r"|titre\s+de\s+s[ée]jour|r[ée]fugi[ée]|d[ée]scolaris|scolaris|d[ée]croch"
    r"|violences?|victime|endett|dettes?\b|impay[ée]|insalubre|vit\s+seule?"
    r"|vit\s+(?:avec|chez|dans|[àa])|habite|souffre|atteinte?\s+d|diagnostiqu"
    r"|traitement|m[èe]re\s+de|p[èe]re\s+de|en\s+situation\s+de|sous\s+main\s+de\s+justice"
    r"|condamn[ée]|juge\s+des\s+enfants|famille\s+d'accueil|sans\s+ressources"
    r"|fin\s+de\s+droits|garde\s+[àa]\s+vue|d[ée]c[ée]d[ée]|orphelin|grossesse"
    r"|licenci[ée]|sans\s+emploi|au\s+ch[ôo]mage|en\s+foyer|mineure?\s+non"
    r"|sa\s+fille|son\s+fils|ses\s+enfants|son\s+mari|sa\s+femme|son\s+compagnon"
    r"|sa\s+compagne))"
)

# Sentences: split after . ! ? followed by a space and a capital or a quote, and at
# line breaks. Abbreviations such as "M. Dupont" cut a sentence in two (accepted: the
# civility rule covers them).
_FIN_PHRASE = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«\"(])|\n+")


def _phrases(texte: str):
    debut = 0
    for m in _FIN_PHRASE.finditer(texte):
        yield debut, m.start()
        debut = m.end()
    yield debut, len(texte)


def _mot_avant(texte: str, debut: int) -> str:
    mots = texte[max(0, debut - 40) : debut].split()
    if not mots:
        return ""
    return plier(mots[-1].strip(".,;:'(«»\"[").rsplit("'", 1)[-1])


def detecter_prenoms_ages(texte: str):
    noms = prenoms()
    for m in _CAPITALISE.finditer(texte):
        if plier(m.group()) not in noms or _mot_avant(texte, m.start()) in _PAS_UN_PRENOM_AVANT:
            continue
        fin = m.end()
        nom = _NOM.match(texte, fin)
        age = _SUITE_AGE.match(texte, nom.end()) if nom else None
        if age is None:
            age = _SUITE_AGE.match(texte, fin)
        if age:
            fin = age.end() + (texte[age.end() : age.end() + 1] == ")")  # "Lina (7 ans)"
            yield "prenom_age", m.start(), fin


def _est_professionnel(texte: str, debut: int, fin: int) -> bool:
    if _mot_avant(texte, debut) in _INSTITUTIONS | _INTRODUCTEURS:
        return True
    if _ROLE_AVANT.search(texte[max(0, debut - 60) : debut]):
        return True
    return bool(_ROLE_APRES.match(texte, fin))


def detecter_noms_situations(texte: str):
    noms = prenoms()
    for debut_phrase, fin_phrase in _phrases(texte):
        if not _SITUATION.search(texte, debut_phrase, fin_phrase):
            continue
        for m in _CAPITALISE.finditer(texte, debut_phrase, fin_phrase):
            if plier(m.group()) not in noms:
                continue
            nom = _NOM.match(texte, m.end(), fin_phrase)
            if not nom or plier(nom.group().strip(" .")) in _INSTITUTIONS:
                continue
            if _est_professionnel(texte, m.start(), nom.end()):
                continue
            yield "nom_situation", m.start(), nom.end()


_ADRESSE = re.compile(
    r"(?<![\w,.])\d{1,4}(?:\s?(?:bis|ter|[A-Da-d])(?![\w]))?,?\s+"
    r"(?i:rue|avenue|av\.|boulevard|bd|all[ée]e|impasse|place|chemin|route|quai|cours"
    r"|square|r[ée]sidence|cit[ée]|lotissement|passage|sentier|villa|hameau|faubourg)\s+"
    r"(?:(?:de\s+la|de\s+l'|des|du|de|d'|la|le|les|l')\s*)?"
    r"[A-ZÀ-ÖØ-Þ0-9][\w'-]*(?:\s[A-ZÀ-ÖØ-Þ][\w'-]*){0,3}"
)


def detecter_adresses(texte: str):
    for m in _ADRESSE.finditer(texte):
        yield "adresse", m.start(), m.end()
