"""Recall benchmark of search on the demo corpus (`make bench`, BENCH=rappel).

Runs in a database of its own (BENCH_RAPPEL_DATABASE_NAME, default
pratiques_bench_rappel), created, migrated and dropped here: territories imported from
the shipped snapshot, the 20 demo fiches loaded (`charger_fiches_demo`), the lexicon
of spelling suggestions rebuilt. Then each query below is searched as a person on the
search page would: the first 20 results by relevance; when there are none, the close
spelling the page suggests, then the fiches holding part of the words (the page's
offers, pratiques.recherche.impasses). A query is a hit when every demo fiche it
expects (by its identifier in demo/data/fiches_demo.json) is among those 20.

Prints the hit rate per kind of query (theme words, places, theme + place, acronyms
and synonyms, misspellings) and overall, with the misses; target ≥ 95 % overall. The
exit status is 1 on a miss of the target only with BENCH_STRICT=1.
"""

import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

from bench.outils import administrer  # noqa: E402

BASE = os.environ.get("BENCH_RAPPEL_DATABASE_NAME", "pratiques_bench_rappel")
CIBLE = 0.95
PREMIERS = 20
TETE = 3

PAS_DE_CALAIS = {"p01", "p03", "p05", "p07"}
# (kind, words typed, the demo fiches that must come among the first 20)
REQUETES = [
    ("thème", "parentalité", {"p03"}),
    ("thème", "accès aux droits", {"p11", "p27", "p35"}),
    ("thème", "isolement", {"p09"}),
    ("thème", "lien social", {"p09"}),
    ("thème", "jeunesse", {"p01", "p05", "p07", "p23"}),
    ("thème", "personnes âgées", {"p25"}),
    ("thème", "bien vieillir", {"p25"}),
    ("thème", "santé", {"p07", "p35", "p39"}),
    ("thème", "logement", {"p07", "p37"}),
    ("thème", "pauvreté", {"p15", "p17", "p19"}),
    ("thème", "citoyenneté", {"p07", "p13", "p15", "p17", "p19", "p23", "p27", "p33"}),
    ("thème", "numérique", {"p05"}),
    ("thème", "insertion professionnelle", {"p07", "p21", "p33"}),
    ("thème", "prévention spécialisée", {"p23"}),
    ("thème", "protection de l'enfance", {"p01"}),
    ("thème", "petite enfance", {"p03"}),
    ("thème", "culture", {"p09", "p29"}),
    ("thème", "discriminations", {"p13", "p23"}),
    ("thème", "politique de la ville", {"p13", "p23"}),
    ("thème", "recherche-action", {"p13", "p31"}),
    ("thème", "éducation populaire", {"p05", "p17"}),
    ("thème", "développement social local", {"p11", "p23", "p35"}),
    ("thème", "travail social de groupe", {"p01", "p21"}),
    ("thème", "intervention de réseau", {"p03", "p07", "p37", "p39"}),
    ("thème", "croisement des savoirs", {"p15"}),
    ("thème", "usagers de drogues", {"p35", "p39"}),
    ("thème", "actifs agricoles", {"p21"}),
    ("thème", "grande pauvreté", {"p15", "p17", "p19"}),
    ("thème", "formation des professionnels", {"p15", "p29", "p31"}),
    ("thème", "gouvernance", {"p11", "p19"}),
    ("lieu", "Pas-de-Calais", PAS_DE_CALAIS),
    ("lieu", "Hauts-de-France", PAS_DE_CALAIS | {"p15"}),
    ("lieu", "Béthune", {"p07"}),
    ("lieu", "Lille", {"p15"}),
    ("lieu", "Nord", {"p15"}),
    ("lieu", "Marseille", {"p13", "p31"}),
    ("lieu", "Paris", {"p13", "p17"}),
    ("lieu", "Lyon", {"p23"}),
    ("lieu", "Belgique", {"p35", "p37", "p39"}),
    ("lieu", "Seine-Maritime", {"p29"}),
    ("lieu", "Normandie", {"p29"}),
    ("lieu", "Corse", {"p27"}),
    ("lieu", "Nouvelle-Aquitaine", {"p11", "p25"}),
    ("lieu", "Île-de-France", {"p13", "p17", "p33"}),
    ("lieu", "Cher", {"p09"}),
    ("lieu", "Strasbourg", {"p13"}),
    ("lieu", "Pau", {"p11"}),
    ("thème et lieu", "parentalité Pas-de-Calais", {"p03"}),
    ("thème et lieu", "jeunesse Pas-de-Calais", {"p01", "p05", "p07"}),
    ("thème et lieu", "pauvreté Lille", {"p15"}),
    ("thème et lieu", "santé Belgique", {"p35", "p39"}),
    ("thème et lieu", "logement Belgique", {"p37"}),
    ("thème et lieu", "personnes âgées Nouvelle-Aquitaine", {"p25"}),
    ("thème et lieu", "numérique Hauts-de-France", {"p05"}),
    ("thème et lieu", "isolement Cher", {"p09"}),
    ("thème et lieu", "citoyenneté Marseille", {"p13"}),
    ("sigle ou synonyme", "ASE", {"p01"}),
    ("sigle ou synonyme", "aide sociale à l'enfance", {"p01"}),
    ("sigle ou synonyme", "MSA", {"p21"}),
    ("sigle ou synonyme", "mutualité sociale agricole", {"p21"}),
    ("sigle ou synonyme", "CCAS", {"p11"}),
    ("sigle ou synonyme", "ATD", {"p15", "p17"}),
    ("sigle ou synonyme", "ISIC", {"p09", "p21", "p25", "p27"}),
    ("sigle ou synonyme", "DSL", {"p11", "p23", "p35"}),
    ("sigle ou synonyme", "seniors", {"p25"}),
    ("sigle ou synonyme", "aînés", {"p25"}),
    ("sigle ou synonyme", "MDS", {"p07"}),
    ("sigle ou synonyme", "solitude", {"p09"}),
    ("sigle ou synonyme", "ESS", {"p37"}),
    ("faute de frappe", "parantalité", {"p03"}),
    ("faute de frappe", "isolemen", {"p09"}),
    ("faute de frappe", "numerique", {"p05"}),
    ("faute de frappe", "pas de calais", PAS_DE_CALAIS),
    ("faute de frappe", "Bethune", {"p07"}),
    ("faute de frappe", "jeunnesse", {"p01", "p05", "p07", "p23"}),
    ("faute de frappe", "logemant", {"p07", "p37"}),
    ("faute de frappe", "Marseile", {"p13", "p31"}),
    ("faute de frappe", "pauvrete", {"p15", "p17", "p19"}),
    ("faute de frappe", "vieilissement", {"p25"}),
]


def chercher(texte: str) -> list[str]:
    """The identifiers of the first PREMIERS fiches the search page leads to."""
    from pratiques.filters import RechercheFilter
    from pratiques.models import IndexRecherche
    from pratiques.recherche import impasses, moteur

    def premiers(mots: str) -> list[str]:
        filtre = RechercheFilter({"q": mots})
        texte_propre = filtre.texte
        lignes = moteur.ordonner(filtre.qs, texte=texte_propre, tri="pertinence")[:PREMIERS]
        ids = [ligne.fiche_id for ligne in lignes]
        identifiants = dict(
            IndexRecherche.objects.filter(fiche_id__in=ids).values_list(
                "fiche_id", "fiche__identifiant_externe"
            )
        )
        return [identifiants[i] for i in ids]

    trouves = premiers(texte)
    if not trouves and (corrige := impasses.orthographe(texte)):
        trouves = premiers(corrige)
    if not trouves and (partiel := impasses.texte_partiel(texte)):
        trouves = premiers(partiel)
    return trouves


def main() -> int:
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BASE
    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.db import connections

    print(f"[bench:rappel] base {BASE} (créée, migrée, puis supprimée)")
    administrer(f'DROP DATABASE IF EXISTS "{BASE}"')
    administrer(f'CREATE DATABASE "{BASE}"')
    try:
        call_command("migrate", verbosity=0)
        from pratiques.recherche import impasses
        from territoires.services import importer_territoires

        importer_territoires()
        call_command("charger_fiches_demo", stdout=StringIO())
        impasses.reconstruire_lexique()
        resultats = [
            (genre, texte, attendus, chercher(texte)) for genre, texte, attendus in REQUETES
        ]
    finally:
        connections.close_all()
        administrer(f'DROP DATABASE IF EXISTS "{BASE}"')

    par_genre = defaultdict(lambda: [0, 0, 0])
    manques = []
    for genre, texte, attendus, trouves in resultats:
        touche = attendus <= set(trouves)
        par_genre[genre][0] += touche
        par_genre[genre][1] += 1
        # Stricter, for information: the expected fiches first (as many as expected).
        par_genre[genre][2] += attendus <= set(trouves[: max(len(attendus), TETE)])
        if not touche:
            manques.append(f"  « {texte} » ({genre}) : manque {sorted(attendus - set(trouves))}")
    print(
        f"{len(REQUETES)} requêtes, les {PREMIERS} premiers résultats par pertinence "
        f"(entre parenthèses : attendues en tête, parmi les {TETE} premiers au moins) :"
    )
    for genre, (touches, total, en_tete) in par_genre.items():
        print(
            f"  {genre:<20} {touches:3d}/{total:<3d} {touches / total:6.1%}"
            f"  ({en_tete / total:.0%})"
        )
    touches = sum(t for t, _, _ in par_genre.values())
    taux = touches / len(REQUETES)
    verdict = "OK" if taux >= CIBLE else "AU-DESSOUS DE LA CIBLE"
    print(
        f"  {'ensemble':<20} {touches:3d}/{len(REQUETES):<3d} {taux:6.1%}"
        f"  (cible ≥ {CIBLE:.0%})  {verdict}"
    )
    if manques:
        print("Manqués :")
        print("\n".join(manques))
    return 1 if taux < CIBLE and os.environ.get("BENCH_STRICT") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
