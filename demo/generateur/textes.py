"""French text from sentence templates: slots drawn on demand, articles contracted."""

import re

_CONTRACTIONS = [
    (re.compile(r"\b([dD])e les\b"), r"\1es"),
    (re.compile(r"\b([dD])e le\b"), r"\1u"),
    (re.compile(r"\b([àÀ]) les\b"), "aux"),
    (re.compile(r"\b([àÀ]) le\b"), "au"),
    (re.compile(r"\bde Les\b"), "des"),
    (re.compile(r"\bde Le\b"), "du"),
    (re.compile(r"\bà Les\b"), "aux"),
    (re.compile(r"\bà Le\b"), "au"),
    (re.compile(r"\b([dD]|qu|QU)[eE] (?=[aeiouyéèêâîôhAEIOUYÉÈÊÂÎÔ])"), r"\1’"),
]
_ARTICLE = re.compile(r"^(un |une |des |le |la |les |l’)")


def contracter(texte: str) -> str:
    """ "de le lien" → "du lien", "à les parents" → "aux parents", "de Arras" → "d’Arras"."""
    for motif, remplacement in _CONTRACTIONS:
        texte = motif.sub(remplacement, texte)
    return texte


def sans_article(groupe: str) -> str:
    return _ARTICLE.sub("", groupe, count=1)


def majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


class Emplacements(dict):
    """Template slots, each drawn when a template uses it."""

    def __init__(self, rng, tirages):
        super().__init__()
        self.rng, self.tirages = rng, tirages

    def __missing__(self, cle):
        return self.tirages[cle](self.rng)


def remplir(rng, modeles, emplacements, longueur) -> str:
    """Sentences from `modeles` (each once before any repeats) up to about `longueur`."""
    cible = int(longueur * rng.uniform(0.8, 1.2))
    ordre = rng.sample(modeles, len(modeles))
    phrases, taille = [], 0
    while taille < cible:
        phrase = majuscule(contracter(ordre[len(phrases) % len(ordre)].format_map(emplacements)))
        phrases.append(phrase)
        taille += len(phrase)
    return "".join(phrases).strip()
