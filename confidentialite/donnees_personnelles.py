"""Likely personal data in the free text of a fiche.

(Over 500 lines: one detector whose every rule carries the trade-off it makes.)

A fiche describes an approach, never a person's situation (docs/domaine.md §10). This module
finds what looks like personal data about the people accompanied — e-mail addresses,
phone numbers, social-security numbers (NIR), IBANs, dates of birth, "civility +
surname" patterns, and (confidentialite.personnes) street addresses, "first name +
age" and "first name + surname in a sentence about a person's situation" — so that
the author sees it before submitting and the moderator before publishing (publication
of a flagged fiche needs an explicit confirmation).

It is a *warning* read by humans, not a filter: recall matters, but every false
positive costs a moderator's confirmation and teaches people to ignore the warning,
so patterns that are common in ordinary social-work prose (budgets, years, postal and
INSEE codes, SIREN, "M. le maire", "l'action est née en 2015") are deliberately left
out. Each rule below documents that trade-off.

Plain Python and `re` only (no Django import), regexes compiled once at import, no
nested unbounded quantifiers: a 20,000-character text is scanned in about 15 ms (two thirds
of it in the sentence scan for situation markers of confidentialite.personnes).
Most patterns start with a plain character and check what precedes it with a
lookbehind placed *after* it, so that the regex engine can jump from candidate to
candidate instead of evaluating a lookbehind at every position.

Offsets: the text is normalised one character for one character before matching
(non-breaking and thin spaces become plain spaces, non-breaking hyphens and en dashes
"-", typographic apostrophes "'"), so the offsets found in the normalised text are
valid in the original one, and `extrait` is always the original slice.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from confidentialite.personnes import (
    detecter_adresses,
    detecter_noms_situations,
    detecter_prenoms_ages,
)

__all__ = [
    "CHAMPS_CONTACT",
    "TYPES",
    "Signalement",
    "detecter",
    "detecter_dans_texte",
    "surligner",
]

TYPES = {
    "email": "Adresse e-mail",
    "telephone": "Numéro de téléphone",
    "nir": "Numéro de sécurité sociale (NIR)",
    "iban": "IBAN",
    "date_naissance": "Date de naissance",
    "civilite_nom": "Civilité suivie d’un nom",
    "adresse": "Adresse postale",
    "prenom_age": "Prénom et âge d’une personne",
    "nom_situation": "Nom d’une personne et sa situation",
}

# The contact block: a professional who agreed to be contacted. Its e-mail is never
# shown (a form relays messages), so it is not personal data *about the people
# accompanied* and is not scanned.
CHAMPS_CONTACT = frozenset({"contact_structure", "contact_role", "contact_email"})

# When two findings overlap, the more specific one wins (an IBAN contains digit runs
# that could look like a phone number; a NIR could too).
_PRIORITE = {
    "iban": 0,
    "nir": 1,
    "email": 2,
    "telephone": 3,
    "date_naissance": 4,
    "adresse": 5,
    "civilite_nom": 6,
    "prenom_age": 7,
    "nom_situation": 8,
}


@dataclass(frozen=True)
class Signalement:
    champ: str  # field name, e.g. "description" or "partenaires[1].role"
    type: str  # a key of TYPES
    extrait: str  # the matched text, as written
    debut: int  # offset of the match in the field text
    fin: int

    @property
    def libelle(self) -> str:
        return TYPES[self.type]


# --------------------------------------------------------------------------------------
# Normalisation (1 char -> 1 char, so offsets are kept)
# --------------------------------------------------------------------------------------

_REMPLACEMENTS = (
    ("\u00a0", " "),  # no-break space (French typography before ":" and in numbers)
    ("\u202f", " "),  # narrow no-break space (French thousands separator)
    ("\u2007", " "),  # figure space
    ("\u2009", " "),  # thin space
    ("\u200a", " "),  # hair space
    ("\t", " "),
    ("\u2010", "-"),  # hyphen
    ("\u2011", "-"),  # non-breaking hyphen
    ("\u2012", "-"),  # figure dash
    ("\u2013", "-"),  # en dash
    ("\u2019", "'"),  # typographic apostrophe (d’Ormesson, l’ATD)
)


def _normaliser(texte: str) -> str:
    # One character for one character, so offsets are kept. str.replace only when
    # needed: ~100x faster than str.translate with a mapping on a long text.
    for avant, apres in _REMPLACEMENTS:
        if avant in texte:
            texte = texte.replace(avant, apres)
    return texte


# --------------------------------------------------------------------------------------
# E-mail addresses
# --------------------------------------------------------------------------------------

# Any address in free text is reported, including an organisation's generic address:
# the contact block is the place for it. The local part starts after a non-address
# character (so the regex only tries once per word: linear time). The domain needs at
# least one dot and an alphabetic TLD. Obfuscated forms ("jean [at] asso.fr") are not
# detected (accepted false negative).
_EMAIL = re.compile(
    r"(?<![\w.+%-])[\w.+%-]+@(?:[\w-]+\.)+[A-Za-z]{2,24}(?![\w-])",
)

# --------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------

# National format: 0 + non-zero digit + 8 digits, either run together ("0612345678") or
# in pairs with ONE separator used consistently ("06 12 34 56 78", "06.12.34.56.78",
# "06-12-34-56-78"). Requiring the same separator everywhere keeps dates followed by a
# time ("01.02.2023 14h") out. Ten digits starting with 0 also keep postal codes
# (59000), INSEE codes (59350), years (2011-2014), SIREN (9 digits) and amounts
# ("150 000 €") out. Not detected (accepted): odd groupings ("0612 34 56 78"), numéros
# verts written "0 800 123 456" (an organisation's number anyway).
_TELEPHONE_NATIONAL = r"[1-9](?:(?P<sep>[ .-])\d\d(?:(?P=sep)\d\d){3}|\d{8})"
# International format for France: +33 or 0033, optional "(0)", then the 9 national
# digits with any spaces, dots or dashes ("+33 6 12 34 56 78", "+33 (0)6 12 34 56 78").
_TELEPHONE_FRANCE = r"33 ?(?:\(0\) ?)?[1-9](?:[ .-]?\d){8}"
# Overseas France (Réunion/Mayotte, Saint-Pierre, Guadeloupe, Guyane, Martinique,
# Wallis, Nouvelle-Calédonie, Polynésie) and the neighbours a fiche may mention
# (Belgium, Switzerland, Luxembourg, Monaco): 8 to 10 digits after the country code.
# Only listed codes: "+12 000 000 €" style growth figures must not match.
_TELEPHONE_AUTRES = (
    r"(?:262|269|508|590|594|596|681|687|689|32|41|352|377) ?(?:\(0\) ?)?\d(?:[ .-]?\d){7,9}"
)
# Not glued to a preceding digit (or "+"), nor followed by one.
_TELEPHONE = re.compile(
    rf"0(?<!\d0){_TELEPHONE_NATIONAL}(?!\d)"
    rf"|\+(?<![\w+]\+) ?(?:{_TELEPHONE_FRANCE}|{_TELEPHONE_AUTRES})(?!\d)"
    rf"|00(?<!\d00) ?(?:{_TELEPHONE_FRANCE}|{_TELEPHONE_AUTRES})(?!\d)"
)

# --------------------------------------------------------------------------------------
# Social-security numbers (NIR)
# --------------------------------------------------------------------------------------

# sex (1, 2; 3, 4, 7, 8 for temporary numbers) + year (2) + month (2) + département
# (2 digits, or 2A/2B for Corsica) + commune (3) + order (3) [+ key (2)], with an
# optional single space or dot between any two characters (people group it in many
# ways: "1 85 03 75 123 456 78", "185037512345678", "1 85 03 2A 123 456 78").
# Each repetition consumes exactly one digit: no catastrophic backtracking.
# Not glued to other digits on either side ("2014 2016 2018 2020", SIRET) — a NIR
# followed by another number ("… 456 78 3 enfants") is missed (accepted).
_NIR = re.compile(
    r"(?P<corps>[1-478](?<!\w.)(?<!\d[ .].)"  # sex, not glued to a word or a number
    r"(?:[ .]?\d){4}"  # year, month
    r"[ .]?(?:2[ .]?[ABab]|\d[ .]?\d)"  # département
    r"(?:[ .]?\d){6})"  # commune, order
    r"(?:[ .]?(?P<cle>\d\d))?"
    r"(?!\w)(?![ .]?\d)"
)

# --------------------------------------------------------------------------------------
# IBAN
# --------------------------------------------------------------------------------------

# ISO 13616 lengths of the registered countries (and the French overseas territories,
# which use the French format). An IBAN is only reported when its country is known,
# its length is exactly that country's and its mod-97 check holds: a random
# "two letters + two digits + letters" sequence has ~1% chance to pass mod-97, the
# country/length constraint removes nearly all of those. Not detected (accepted):
# IBAN-like numbers of countries outside the registry (e.g. Morocco, Senegal).
_LONGUEURS_IBAN = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
    "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    # French overseas territories: French BBAN, 27 characters.
    "BL": 27, "GF": 27, "GP": 27, "MF": 27, "MQ": 27, "NC": 27, "PF": 27, "PM": 27,
    "RE": 27, "TF": 27, "WF": 27, "YT": 27,
}  # fmt: skip

# Country + check digits, then up to 32 alphanumerics each optionally preceded by one
# space (groups of 4 on paper, RIB-style 5/5/11/2 groupings, or none). The match may
# run over the end of the IBAN into a following short word; the exact length of the
# country is then cut from it (see _detecter_ibans). Case-insensitive: people do type
# "fr76 …"; the checks above keep precision.
_IBAN = re.compile(
    r"[A-Za-z](?<![A-Za-z0-9].)[A-Za-z]\d\d(?: ?[A-Za-z0-9]){10,32}",
)

# --------------------------------------------------------------------------------------
# Dates of birth
# --------------------------------------------------------------------------------------

# Only dates introduced by a birth cue are reported: a fiche is full of dates (start,
# end, meetings) and ages ("âgé de 14 ans") are not dates of birth.
#
# Two kinds of cue:
# - person cues, unambiguous: "né(e)", "né·e", "date de naissance", "année de
#   naissance", "DDN", "born", "date of birth", "DOB". Any date precision is reported:
#   day ("12/03/1985"), month ("mars 1985"), year ("en 1985").
# - plain cues: "né", "née", "nés", "nées" (also typed without accent) and "naissance".
#   Only a full date (day, month, year) is reported: "l'action est née en 2015 d'un
#   constat partagé" is frequent in fiches and must not be flagged. Accepted false
#   negative: "un jeune né en 2005" (a year alone identifies little; a full date does).
# (Written first letter first, then case-insensitive: see the module docstring.)
_INDICE_NAISSANCE = re.compile(
    r"[NnDdAaJjLlBb](?<!\w.)(?:"
    r"(?<=[Nn])(?:"
    r"(?P<personne>(?i:[ée] ?\( ?e ?\)s?"  # né(e), né (e), né(e)s
    r"|[ée][·.-]e(?:[·.-]?s)?))"  # né·e, né.e, né-e, né·es
    r"|(?i:[ée]e?s?|aissance))"  # né, née, nés, nées (ne, nee…), naissance
    r"|(?P<personne2>"
    r"(?<=[DdAaJj])(?i:(?:ate|nn[ée]e|our)(?: et lieu)? de naissance|ate of birth)"
    r"|(?<=[Ll])(?i:ieu et date de naissance)"
    r"|(?<=[Dd])(?i:\.?d\.?n\.?|ob)"  # DDN, D.D.N., DOB
    r"|(?<=[Bb])(?i:orn|irth ?date))"
    r")(?!\w)"
)

_MOIS = (
    r"(?:janv(?:ier|\.)?|f[ée]v(?:rier|r\.?|\.)?|mars|avr(?:il|\.)?|mai|juin"
    r"|juil(?:let|\.)?|ao[uû]t|sept(?:embre|\.)?|oct(?:obre|\.)?|nov(?:embre|\.)?"
    r"|d[ée]c(?:embre|\.)?"
    r"|january|february|march|april|may|june|july|august|september|october"
    r"|november|december)"
)
_JOUR = r"(?:0?[1-9]|[12]\d|3[01])"
_ANNEE = r"(?:19|20)\d\d"
# Day-precision dates: 12/03/1985, 12-03-85, 12.03.1985, 1985-03-12, 1er mars 1985,
# 3 mars 1985, March 3, 1985.
_DATE_JOUR = (
    rf"{_JOUR} ?(?P<s>[/.-]) ?(?:0?[1-9]|1[0-2]) ?(?P=s) ?(?:{_ANNEE}|\d\d)(?!\d)"
    rf"|{_ANNEE}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)"
    rf"|(?:1er|1ᵉʳ|{_JOUR}) +{_MOIS} +{_ANNEE}(?!\d)"
    rf"|{_MOIS} +{_JOUR}(?:st|nd|rd|th)?,? +{_ANNEE}(?!\d)"
)
# Month and year-only precisions, for person cues.
_DATE_MOIS = rf"{_MOIS} +{_ANNEE}(?!\d)|(?:0?[1-9]|1[0-2]) ?[/.-] ?{_ANNEE}(?!\d)"
_DATE_ANNEE = rf"{_ANNEE}(?!\d)"

# What may stand between the cue and the date: a colon or dash ("Date de naissance :
# …"), a birthplace ("née à Saint-Denis (93) le …", "né au Maroc le …"), "le", "en",
# "on", "in". A birthplace starts with a capital letter (so "l'association est née à
# la suite de … le 12 mars 2020" is not read as a birthplace) and has at most four
# words of letters only, separated by spaces, hyphens or apostrophes: each part
# consumes different characters, so backtracking stays bounded.
_LIEU_NAISSANCE = (
    r"(?:à|a|au|aux|en|in) +(?-i:[A-ZÀ-ÖØ-Þ])[^\W\d_]*(?:[ '-]+[^\W\d_]+){0,3}"
    r" *(?:\(\d{2,3}\) *)?,? *"
)
_PONT = rf"\s*(?:[:-]\s*)?(?:{_LIEU_NAISSANCE})?(?:(?:le|en|on|in) +|l')?"
_SUITE_PERSONNE = re.compile(rf"{_PONT}(?:{_DATE_JOUR}|{_DATE_MOIS}|{_DATE_ANNEE})", re.IGNORECASE)
_SUITE_SIMPLE = re.compile(rf"{_PONT}(?:{_DATE_JOUR})", re.IGNORECASE)

# --------------------------------------------------------------------------------------
# Civility + surname
# --------------------------------------------------------------------------------------

# A civility title followed by at least one space and a capitalised word (surname,
# first name or initial). Short forms are case-sensitive ("M." is always a title in
# French; "M" without a dot is not taken: "la M.J.C." or an initial). "M.Dupont"
# without a space is missed (accepted: it also keeps acronyms out). English "Ms" is not
# a title here ("Ms Excel" is more frequent in fiches than "Ms Smith"); "Dr", "Pr"
# name professionals, not the people accompanied, and are not titles here either.
_CIVILITE = re.compile(
    r"(?P<titre>"
    r"M(?<![\w.]M)(?:\.|M\.|rs?\.?|mes?\.?|lles?\.?|elle\.?|ME\.?|LLE\.?"
    r"|adame|onsieur|ademoiselle|esdames|essieurs|ADAME|ONSIEUR)"
    r"|m(?<![\w.]m)(?:adame|onsieur|ademoiselle)"
    r") +"
)
# A name token: letters, possibly joined by hyphens or apostrophes (Dupont-Martin,
# d'Ormesson, O'Neill). Unambiguous, so linear.
_MOT = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def _ensemble(mots: str) -> frozenset[str]:
    return frozenset(mots.split())


# Lower-case particles inside a surname: "M. de La Fontaine", "M. van der Berg".
_PARTICULES = _ensemble(
    "de du des d la le les van von der den ten ter ben bin ibn el al di da del della dos das do y"
)
# A function title after the civility (and an optional article): "Monsieur le Préfet",
# "Madame La Directrice", "M. Maire" are functions, not persons to protect.
_FONCTION = re.compile(
    r"(?:vice-|sous-)?(?:"
    r"maire|adjointe?|pr[ée]f[eè]te?|pr[ée]sidente?|directeur|directrice|d[ée]put[ée]e?"
    r"|s[ée]nat(?:eur|rice)|ministre|conseill[eè]re?|d[ée]l[ée]gu[ée]e?|juge|procureure?"
    r"|recteur|rectrice|inspect(?:eur|rice)|commissaire|chef(?:fe)?|responsable"
    r"|coordinat(?:eur|rice)|secr[ée]taire|tr[ée]sori[eè]re?|proviseure?|principale?"
    r"|professeure?|docteure?|ma[iî]tre|avocate?|notaire|cur[ée]|abb[ée]|pasteure?"
    r"|rabbin|imam|g[ée]n[ée]rale?|colonel|capitaine|commandante?|lieutenante?"
    r"|[ée]lue?|administrat(?:eur|rice)|r[ée]f[ée]rente?|charg[ée]e?|gouverneure?"
    r")s?",
    re.IGNORECASE,
)
# Capitalised words that cannot be a name right after a title (the title then ends a
# sentence, "… de M. Nous avons …"), plus the conventional anonymisation placeholders
# ("Mme X", "M. Y.": already anonymised, flagging them would only add noise).
_PAS_UN_NOM = _ensemble(
    "Il Elle Ils Elles Nous Vous On Un Une Des Ce Cet Cette Ces Et Mais Ou Donc Or Car "
    "En Dans Pour Par Sur Avec Au Aux Depuis Après Avant Puis Ainsi Son Sa Ses Leur "
    "Leurs Notre Nos Votre Vos Mon Mes Tout Tous Toute Toutes Si Quand Lorsque "
    "Comme Ici Cela Ceci Qui Que Quoi Ne À Madame Monsieur Mademoiselle Mme Mlle "
    "Messieurs Mesdames Tout-le-monde X Y Z XX XXX"
)
_ARTICLES = frozenset({"Le", "La", "Les", "LE", "LA", "LES"})
# A civility right after these words names a place or an institution after a
# historical figure ("rue Madame de Sévigné", "collège Madame de Staël"), not a person
# accompanied. "Melle" is also a town (Deux-Sèvres): "à Melle", "de Melle".
_LIEUX = _ensemble(
    "rue avenue av boulevard bd place allée impasse quai chemin square cours route "
    "école ecole collège college lycée lycee résidence residence espace centre salle "
    "maison fondation prix parc jardin gymnase stade médiathèque mediatheque "
    "bibliothèque bibliotheque crèche creche"
)
_MAX_MOTS_NOM = 6


def _est_capitalise(mot: str) -> bool:
    if mot[:1].isupper():
        return True
    # d'Ormesson, d'Alembert: a lower-case particle glued to a capitalised name.
    return len(mot) > 2 and mot[0] in "dl" and mot[1] == "'" and mot[2].isupper()


def _detecter_civilites(texte: str):
    for m in _CIVILITE.finditer(texte):
        fin = _nom_apres_civilite(texte, m.end())
        if fin is None:
            continue
        precedent = _mot_precedent(texte, m.start())
        if precedent in _LIEUX:
            continue
        if m.group("titre") == "Melle" and precedent in {"à", "a", "de", "d"}:
            continue
        yield "civilite_nom", m.start(), fin


def _mot_precedent(texte: str, debut: int) -> str:
    """The word before `debut`, lower-cased, without punctuation or elided article
    ("(rue" -> "rue", "l'école" -> "école", "d'" -> "d")."""
    mots = texte[max(0, debut - 30) : debut].split()
    if not mots:
        return ""
    return mots[-1].strip(".,;:'(«»\"[").rsplit("'", 1)[-1].lower()


def _nom_apres_civilite(texte: str, pos: int) -> int | None:
    """End of the name following a civility title at `pos`, or None if what follows
    is not a name (a function title, an article, a lower-case word, a placeholder)."""
    fin = None  # end of the last capitalised token taken
    premier = True
    for _ in range(_MAX_MOTS_NOM):
        mot_m = _MOT.match(texte, pos)
        if not mot_m:
            break
        mot = mot_m.group()
        bout = mot_m.end()
        if premier:
            if mot in {"le", "la", "les"} or mot.startswith("l'"):
                # "M. le maire", "Madame la Présidente", "Monsieur le Préfet",
                # "Madame l'adjointe".
                return None
            if _FONCTION.fullmatch(mot.removeprefix("L'")):
                return None  # "Madame Présidente", "Monsieur L'Adjoint"
            if mot in _ARTICLES:
                suivant = _MOT.match(texte, bout + 1) if texte[bout : bout + 1] == " " else None
                if not suivant or _FONCTION.fullmatch(suivant.group()):
                    return None  # "Monsieur Le Préfet"
                if not _est_capitalise(suivant.group()):
                    return None  # "M. Les habitants …": the title ended a sentence
                # otherwise a surname particle: "M. Le Goff", "Mme La Rocca"
            elif mot in _PAS_UN_NOM:
                return None
            premier = False
        if _est_capitalise(mot):
            if len(mot) == 1 and texte[bout : bout + 1] == ".":
                return bout + 1  # an initial ends the name: "Mme D.", "Mme Fatima B."
            fin = bout
        elif mot.lower() not in _PARTICULES or mot != mot.lower():
            break  # a lower-case word: the name (if any) is over
        # a particle is only kept if a capitalised word follows it
        if texte[bout : bout + 1] != " ":
            break
        pos = bout + 1
    return fin


# --------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------


def _detecter_emails(texte: str):
    if "@" not in texte:
        return  # most texts: skip the scan
    for m in _EMAIL.finditer(texte):
        yield "email", m.start(), m.end()


def _detecter_telephones(texte: str):
    for m in _TELEPHONE.finditer(texte):
        yield "telephone", m.start(), m.end()


def _mois_valide(mois: int) -> bool:
    # 01-12; 20 and above are used for people whose month of birth is unknown.
    return 1 <= mois <= 12 or mois >= 20


def _detecter_nirs(texte: str):
    for m in _NIR.finditer(texte):
        corps = re.sub(r"[ .]", "", m.group("corps")).upper()
        departement = corps[5:7]
        if not _mois_valide(int(corps[3:5])) or departement == "00":
            continue
        cle = m.group("cle")
        if cle is None:
            # Without a key, only a well-formed 13-digit number: commune and order
            # numbers are never 000.
            if corps[7:10] == "000" or corps[10:13] == "000":
                continue
            yield "nir", m.start(), m.end("corps")
            continue
        # Corsica: 2A counts as 19, 2B as 18 in the key computation.
        corse = {"2A": "19", "2B": "18"}.get(departement)
        numerique = corps[:5] + corse + corps[7:] if corse else corps
        if 97 - int(numerique) % 97 == int(cle):
            yield "nir", m.start(), m.end()


def _iban_valide(iban: str) -> bool:
    # ISO 13616: move the first four characters to the end, letters become 10..35,
    # the resulting number mod 97 must be 1.
    deplace = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in deplace)) % 97 == 1


def _detecter_ibans(texte: str):
    pos = 0
    while True:
        m = _IBAN.search(texte, pos)
        if not m:
            return
        pos = m.start() + 1
        pays = m.group()[:2].upper()
        longueur = _LONGUEURS_IBAN.get(pays)
        if longueur is None:
            continue
        # Cut exactly `longueur` alphanumerics from the match (it may have run over).
        compte = 0
        fin = None
        for i in range(m.start(), m.end()):
            if texte[i] != " ":
                compte += 1
                if compte == longueur:
                    fin = i + 1
                    break
        if fin is None or (fin < len(texte) and texte[fin].isalnum()):
            continue
        iban = texte[m.start() : fin].replace(" ", "").upper()
        if _iban_valide(iban):
            yield "iban", m.start(), fin
            pos = fin


def _detecter_dates_naissance(texte: str):
    for m in _INDICE_NAISSANCE.finditer(texte):
        personne = m.group("personne") or m.group("personne2")
        suite = _SUITE_PERSONNE if personne else _SUITE_SIMPLE
        date = suite.match(texte, m.end())
        if date:
            yield "date_naissance", m.start(), date.end()


_DETECTEURS = (
    _detecter_ibans,
    _detecter_nirs,
    _detecter_emails,
    _detecter_telephones,
    _detecter_dates_naissance,
    _detecter_civilites,
    detecter_adresses,
    detecter_prenoms_ages,
    detecter_noms_situations,
)


def detecter_dans_texte(texte: str, champ: str = "") -> list[Signalement]:
    """Likely personal data in one text, sorted by position, without overlaps (when
    two findings overlap, the more specific type wins: IBAN, NIR, e-mail, phone, date
    of birth, civility)."""
    if not texte:
        return []
    normalise = _normaliser(texte)
    candidats = [
        (type_, debut, fin)
        for detecteur in _DETECTEURS
        for type_, debut, fin in detecteur(normalise)
    ]
    candidats.sort(key=lambda c: (_PRIORITE[c[0]], c[1], -c[2]))
    # Kept findings never overlap, so sorted by start they are sorted by end too: a
    # candidate only needs checking against its two neighbours (n log n overall).
    debuts: list[int] = []
    retenus: list[tuple[int, int, str]] = []
    for type_, debut, fin in candidats:
        i = bisect.bisect_left(debuts, debut)
        if i > 0 and retenus[i - 1][1] > debut:
            continue
        if i < len(retenus) and retenus[i][0] < fin:
            continue
        debuts.insert(i, debut)
        retenus.insert(i, (debut, fin, type_))
    return [
        Signalement(champ=champ, type=type_, extrait=texte[debut:fin], debut=debut, fin=fin)
        for debut, fin, type_ in retenus
    ]


def _textes(valeur: object, chemin: str):
    """(path, text) for every string inside a value: str, list/tuple, dict, nested."""
    if isinstance(valeur, str):
        yield chemin, valeur
    elif isinstance(valeur, Mapping):
        for cle, sous_valeur in valeur.items():
            yield from _textes(sous_valeur, f"{chemin}.{cle}")
    elif isinstance(valeur, list | tuple):
        for i, sous_valeur in enumerate(valeur):
            yield from _textes(sous_valeur, f"{chemin}[{i}]")
    # numbers, dates, None, booleans: nothing to scan


def detecter(
    contenu: Mapping[str, object], champs_exclus: Iterable[str] = CHAMPS_CONTACT
) -> list[Signalement]:
    """Likely personal data in the content of a fiche (field name -> value).

    Every string is scanned, including inside lists and dicts; nested findings are
    reported as "partenaires[1].role". A field is skipped when its top-level name or
    its full path is in `champs_exclus` (by default the contact block). Results are
    sorted by (champ, debut), without duplicates.
    """
    exclus = set(champs_exclus)
    resultats: set[Signalement] = set()
    for nom, valeur in contenu.items():
        if nom in exclus:
            continue
        for chemin, texte in _textes(valeur, str(nom)):
            if chemin not in exclus:
                resultats.update(detecter_dans_texte(texte, chemin))
    return sorted(resultats, key=lambda s: (s.champ, s.debut, s.fin, s.type))


def surligner(texte: str, signalements: Iterable[Signalement]) -> str:
    """`texte` HTML-escaped, each finding wrapped in <mark>…</mark>.

    Only findings whose offsets still designate their `extrait` in `texte` are marked
    (so passing the findings of another field, or of an older version of the text, is
    harmless); overlapping findings are marked once. The result contains no markup
    other than <mark> and can be passed to mark_safe.
    """
    texte = texte or ""
    morceaux: list[str] = []
    curseur = 0
    for s in sorted(signalements, key=lambda s: (s.debut, -s.fin)):
        if s.debut < curseur or s.fin <= s.debut or texte[s.debut : s.fin] != s.extrait:
            continue
        morceaux.append(html.escape(texte[curseur : s.debut]))
        morceaux.append(f"<mark>{html.escape(s.extrait)}</mark>")
        curseur = s.fin
    morceaux.append(html.escape(texte[curseur:]))
    return "".join(morceaux)
