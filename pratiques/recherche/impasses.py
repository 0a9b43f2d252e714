"""No dead ends: what a search without any result offers instead (the search page,
decouverte.views.recherche), each in one statement:

- how many results each active filter or word would give if removed
  (`compter_chacun`, one statement for all the variants, bounded by the caller);
- the fiches holding some of the words (`texte_partiel`: the words joined by OR,
  ranked by relevance, so the fiches holding most of them come first);
- a close spelling from the words of the corpus (`orthographe`, pg_trgm over
  MotDuCorpus, rebuilt as a whole by `reconstruire_lexique`: nightly, and by the
  benchmarks after loading).
"""

import re

from django.db import connection, transaction
from django.db.models import QuerySet

from pratiques.models import Etat, Fiche, IndexRecherche, MotDuCorpus
from pratiques.recherche import facettes as declarations
from pratiques.recherche.moteur import reglages_de_recherche
from territoires.models import Territoire, normaliser

# The plain words of a query: quoted expressions, excluded words (-mot) and `or` are
# the syntax of websearch_to_tsquery, not words to count, correct or drop.
_GUILLEMETS = re.compile(r'"[^"]*"?')
_MOT = re.compile(r"[^\W\d_][\w'’-]*")
_PARTIE = re.compile(r"[^\W\d_]+")  # the lexicon's words: letters only
LONGUEUR_MIN = 4  # shorter words are neither in the lexicon nor corrected
SIMILARITE_MIN = 0.3  # pg_trgm's default threshold
TEXTES_DU_LEXIQUE = ["titre", "resume", "description", "objectifs", "contexte"]


def mots_de(texte: str) -> list[str]:
    """The plain words of a query, as typed, in order ("Pas-de-Calais" is one)."""
    reste = _GUILLEMETS.sub(" ", texte)
    return [
        m.group(0)
        for m in _MOT.finditer(reste)
        if m.group(0).lower() != "or" and not (m.start() and reste[m.start() - 1] == "-")
    ]


def texte_partiel(texte: str) -> str | None:
    """The query of the fiches holding any of the words, when there are several."""
    mots = mots_de(texte)
    return " or ".join(mots) if len(mots) > 1 and '"' not in texte else None


def compter_chacun(index: list[QuerySet]) -> list[int]:
    """The number of rows of each IndexRecherche queryset, in one statement."""
    if not index:
        return []
    morceaux, parametres = [], []
    for rang, queryset in enumerate(index):
        sql, params = queryset.order_by().values("fiche_id").query.sql_with_params()
        morceaux.append(f"SELECT {rang:d}, count(*) FROM ({sql}) s{rang:d}")  # noqa: S608
        parametres += params
    requete = " UNION ALL ".join(morceaux)
    with reglages_de_recherche("mots" if "@@" in requete else ""), connection.cursor() as curseur:
        curseur.execute(requete, parametres)
        nombres = dict(curseur.fetchall())
    return [nombres.get(rang, 0) for rang in range(len(index))]


def orthographe(texte: str) -> str | None:
    """`texte` with each word the corpus does not have replaced by the closest word
    it has (trigram similarity, then frequency), or None when nothing is replaced.
    One query."""
    mots = [
        partie
        for mot in mots_de(texte)
        for partie in _PARTIE.findall(mot)
        if len(normaliser(partie)) >= LONGUEUR_MIN
    ]
    cles = [normaliser(mot) for mot in mots]
    if not cles:
        return None
    table = connection.ops.quote_name(MotDuCorpus._meta.db_table)
    requete = f"""
        SELECT w.cle,
               EXISTS (SELECT 1 FROM {table} l WHERE l.cle = w.cle),
               (SELECT l.mot FROM {table} l
                WHERE l.cle %% w.cle AND similarity(l.cle, w.cle) >= %s
                ORDER BY similarity(l.cle, w.cle) DESC, l.nombre DESC, l.cle LIMIT 1)
        FROM unnest(%s::text[]) w(cle)"""  # noqa: S608 — a model's table
    with connection.cursor() as curseur:
        curseur.execute(requete, [SIMILARITE_MIN, cles])
        proches = {cle: mot for cle, connu, mot in curseur.fetchall() if not connu and mot}
    corrige = texte
    for mot, cle in zip(mots, cles, strict=True):
        if cle in proches:
            motif = rf"(?<![^\W\d_]){re.escape(mot)}(?![^\W\d_])"
            corrige = re.sub(motif, proches[cle], corrige, count=1)
    return corrige if corrige != texte else None


def _mots_sql(expression: str) -> str:
    return f"regexp_split_to_table(lower({expression}), '[^[:alpha:]]+')"


def reconstruire_lexique() -> int:
    """Rebuild MotDuCorpus from the published fiches' main texts, the labels of the
    facets' vocabularies and the names of the places of published fiches; the number
    of words."""
    nom_table = connection.ops.quote_name
    textes = "concat_ws(' ', " + ", ".join(f"f.{champ}" for champ in TEXTES_DU_LEXIQUE) + ")"
    sources = [
        f"SELECT {_mots_sql(textes)} AS m"  # noqa: S608
        f" FROM {nom_table(Fiche._meta.db_table)} f WHERE f.etat = '{Etat.PUBLIEE}'"
    ]
    for modele in declarations.vocabulaires().values():
        sources.append(f"SELECT {_mots_sql('v.libelle')} FROM {nom_table(modele._meta.db_table)} v")  # noqa: S608
    sources.append(
        f"SELECT {_mots_sql('t.nom')} FROM {nom_table(Territoire._meta.db_table)} t"  # noqa: S608
        f" WHERE t.id IN (SELECT unnest(territoires_englobants)"
        f" FROM {nom_table(IndexRecherche._meta.db_table)})"
    )
    table = nom_table(MotDuCorpus._meta.db_table)
    requete = f"""
        INSERT INTO {table} (cle, mot, nombre)
        SELECT DISTINCT ON (cle) cle, m, sum(n) OVER (PARTITION BY cle)
        FROM (SELECT immutable_unaccent(m) AS cle, m, count(*) AS n
              FROM ({" UNION ALL ".join(sources)}) x
              WHERE length(m) BETWEEN {LONGUEUR_MIN:d} AND 100 GROUP BY 1, 2) y
        ORDER BY cle, n DESC, m"""  # noqa: S608 — names of ours
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute(f"DELETE FROM {table}")  # noqa: S608
        curseur.execute(requete)
        return curseur.rowcount
