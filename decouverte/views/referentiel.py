"""The référentiel: a public page presenting each vocabulary of the search facets
(formes d'intervention collective, niveaux de participation, thématiques, publics)
with its definitions and references, each value linking to its published fiches with
their number (the counts the triggers keep: one statement, pratiques.recherche.moteur).
The search page's filters link here, next to each vocabulary."""

from dataclasses import dataclass, field

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from decouverte.views.outils import url_recherche
from pratiques.recherche import moteur
from pratiques.recherche.facettes import FACETTES, FacetteVocabulaire

# The order of the page: how a practice is done first, then what it is about.
ORDRE = ["forme", "participation", "thematique", "public"]
INTRODUCTIONS = {
    "forme": "Les manières de conduire une action collective, du travail social de groupe "
    "au développement social local.",
    "participation": "La place des personnes concernées dans l’action, de l’information "
    "à la codécision.",
    "thematique": "Les domaines de l’action sociale dont une pratique relève.",
    "public": "Les personnes auxquelles la pratique s’adresse ou avec qui elle se conduit.",
}


@dataclass
class Entree:
    code: str
    libelle: str
    definition: str
    references: list
    nombre: int
    url: str


@dataclass
class Vocabulaire:
    nom: str
    libelle: str
    introduction: str
    entrees: list[Entree] = field(default_factory=list)


def vocabulaires() -> list[Vocabulaire]:
    comptes = moteur.compter(moteur.index_publie()).facettes
    par_nom = {f.nom: f for f in FACETTES if isinstance(f, FacetteVocabulaire)}
    resultat = []
    for nom in [n for n in ORDRE if n in par_nom] + [n for n in par_nom if n not in ORDRE]:
        facette = par_nom[nom]
        nombres = {valeur.pk: n for valeur, n in comptes[nom].valeurs}
        vocabulaire = Vocabulaire(nom, facette.libelle, INTRODUCTIONS.get(nom, ""))
        for valeur in facette.vocabulaire.objects.filter(actif=True):
            vocabulaire.entrees.append(
                Entree(
                    valeur.code,
                    valeur.libelle,
                    valeur.definition,
                    [r for r in valeur.references or [] if r],
                    nombres.get(valeur.pk, 0),
                    url_recherche([(nom, valeur.code)]),
                )
            )
        resultat.append(vocabulaire)
    return resultat


@require_safe
def referentiel(request):
    return render(
        request,
        "decouverte/referentiel.html",
        {
            "titre": "Le référentiel des pratiques",
            "description_page": "Les formes d’intervention collective, les niveaux de "
            "participation, les thématiques et les publics qui décrivent les pratiques "
            "inspirantes, avec leurs définitions et leurs sources.",
            "url_canonique": settings.SITE_URL + reverse("decouverte:referentiel"),
            "vocabulaires": vocabulaires(),
        },
    )
