"""The words typed, as the query the index is searched with.

The text is read with PostgreSQL's web-search syntax (`websearch_to_tsquery`:
`"expression exacte"`, `-mot`, `or`), then the field's vocabulary is expanded by
`ts_rewrite` from the table of pratiques.models.Synonyme: each term of a group of
synonyms found in the query (an acronym, « aide alimentaire »…) is replaced by
« the term OR any other term of its group » (each as a phrase), both ways (« CAF »
finds « caisse d'allocations familiales » and the reverse). The expansion is done in
the statement itself, by a scalar subquery (no extra round trip), and reads the rules
at every search: a synonym added in the admin applies at once, with nothing to
re-index. See docs/decisions/0009-recherche-comprehensive.md.
"""

from django.contrib.postgres.search import SearchQuery

from pratiques.models import CONFIG_RECHERCHE, RegleSynonyme, Synonyme

_PHRASE = f"phraseto_tsquery('{CONFIG_RECHERCHE}'::regconfig, x)"
# The rewriting rules (target, substitute), one per term of each active group: the term
# as its words (found in any order in the query's AND), replaced by the OR of every
# term of the group as a phrase. Terms made only of stop words are left out. Computed
# into RegleSynonyme whenever a synonym changes (pratiques.recherche.declencheurs).
CALCUL_DES_REGLES = (
    f"SELECT plainto_tsquery('{CONFIG_RECHERCHE}'::regconfig, t.terme)::text,"  # noqa: S608 — names of ours
    f" (SELECT string_agg('(' || {_PHRASE}::text || ')', ' | ')"
    f" FROM unnest(s.termes) x WHERE numnode({_PHRASE}) > 0)"
    f" FROM {Synonyme._meta.db_table} s, unnest(s.termes) t(terme)"
    f" WHERE s.actif AND numnode(plainto_tsquery('{CONFIG_RECHERCHE}'::regconfig, t.terme)) > 0"
)
# What ts_rewrite reads at every search: the rules ready (parsing every term at every
# search took 3 ms, several times per statement).
REGLES = f"SELECT cible::tsquery, substitut::tsquery FROM {RegleSynonyme._meta.db_table}"  # noqa: S608
# The query of a text, in raw SQL, with `parametres(texte)`.
TSQUERY = "(SELECT ts_rewrite(websearch_to_tsquery(%s::regconfig, %s), %s))"


def parametres(texte: str) -> list:
    return [CONFIG_RECHERCHE, texte, REGLES]


class RequeteEtendue(SearchQuery):
    """A web-search query with the synonyms expanded (TSQUERY), as a Django
    expression: for `.filter(recherche=…)` and SearchRank."""

    def __init__(self, texte: str):
        super().__init__(texte, search_type="websearch", config=CONFIG_RECHERCHE)

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        return f"(SELECT ts_rewrite({sql}, %s))", [*params, REGLES]
