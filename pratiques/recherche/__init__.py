"""Search over published fiches, by job:

- facettes: each facet declared once (parameter, labels, column, vocabulary, counting);
- moteur: the engine (full text, facet counts and a page of results in one statement,
  relevance ranking over bounded candidates, planner settings);
- extraits: what a list of fiches shows (labels, highlighted excerpts);
- proches: the pratiques like a given fiche;
- declencheurs: the database triggers that keep the search index and its counts.

The engine's entry points are also importable from here (`from pratiques import
recherche; recherche.proches(fiche)`).
"""

from pratiques.recherche.extraits import a_afficher
from pratiques.recherche.moteur import (
    CANDIDATS,
    compter,
    comptes_depuis,
    index_publie,
    ordonner,
    plus_recentes,
    reglages_de_recherche,
    resultats,
    sql_des_comptes,
)
from pratiques.recherche.proches import proches

__all__ = [
    "CANDIDATS",
    "a_afficher",
    "compter",
    "comptes_depuis",
    "index_publie",
    "ordonner",
    "plus_recentes",
    "proches",
    "reglages_de_recherche",
    "resultats",
    "sql_des_comptes",
]
