"""The database triggers that keep the search index and its counts, in the transaction
of each change (django-pgtrigger; see docs/decisions/0004-recherche.md):

- on pratiques_fiche, IndexRecherche follows the fiches: a published fiche gets its
  row, the row follows every change, and goes when the fiche leaves the published
  state or is deleted. Every IndexRecherche column is copied from the fiche's column
  of the same name, unless `SOURCES` says otherwise. The same statements keep the
  tombstones (Retrait): a fiche whose index row goes gets one (archived, deleted, or
  unpublished otherwise), a fiche published again loses it;
- the index vector is the fiche's own, plus the labels of its classification and the
  names of its places at the lowest weight (`_recherche`); on each facet's vocabulary
  table and on territoires_territoire, a label or a name that changes re-indexes the
  published fiches that hold it;
- on pratiques_indexrecherche, CompteFacette follows the index: each statement adds its
  new rows' facet values and takes away its old rows' (an update does both), for every
  count key of the facet declarations (pratiques.recherche.facettes).

Statement triggers (one pass per statement, however many rows it changes) with
transition tables, which PostgreSQL allows for one event per trigger: three triggers
per table. The SQL is generated here from the models and the facet declarations;
`manage.py makemigrations` records it in a migration (pgtrigger's AddTrigger) whenever
it changes, e.g. when a facet or an index column is added.

The triggers are attached to their models by `enregistrer`, at start-up
(pratiques.apps): the facet declarations import the models, so the models cannot
import them back to list the triggers in their Meta.
"""

import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.db import connection

from pratiques.models import (
    CONFIG_RECHERCHE,
    CompteFacette,
    Etat,
    Fiche,
    IndexRecherche,
    RegleSynonyme,
    Retrait,
    Synonyme,
    TerritoireNomme,
    VersionCorpus,
)
from pratiques.recherche import facettes as declarations
from pratiques.recherche.requete import CALCUL_DES_REGLES
from territoires.models import Territoire

# Where an IndexRecherche column comes from, when not from the fiche's column of the
# same name (`f` is the fiche's row).
SOURCES = {
    "fiche_id": "f.id",
    "entete": "f.recherche_entete",
}
# The weight of the classification's labels and of the places' names in the index
# vector: the lowest, so that ranking prefers the fiches whose text has the words.
POIDS_DES_LIBELLES = "D"


def _libelles() -> str:
    """SQL of the words a fiche is found by besides its text, from the fiche `f`: the
    labels of its vocabulary facets and choices (thématiques, formes, publics,
    participation, statut) and the names of its territories and of those containing
    them (territoires_englobants)."""
    nom_table = connection.ops.quote_name
    morceaux = []
    for facette in declarations.FACETTES:
        colonne = facette.champ.column
        if isinstance(facette, declarations.FacetteVocabulaire):
            table = nom_table(facette.vocabulaire._meta.db_table)
            condition = f"v.id = ANY(f.{colonne})" if facette.tableau else f"v.id = f.{colonne}"
            morceaux.append(f"SELECT v.libelle FROM {table} v WHERE {condition}")  # noqa: S608
        elif isinstance(facette, declarations.FacetteChoix):
            cas = " ".join(
                f"WHEN '{valeur}' THEN '{str(libelle).replace(chr(39), chr(39) * 2)}'"
                for valeur, libelle in facette.choix.choices
            )
            morceaux.append(f"SELECT CASE f.{colonne} {cas} END")
    territoires = nom_table(Territoire._meta.db_table)
    morceaux.append(
        f"SELECT t.nom FROM {territoires} t WHERE t.id = ANY(f.territoires_englobants)"  # noqa: S608
    )
    return f"(SELECT string_agg(x.mot, ' ') FROM ({' UNION ALL '.join(morceaux)}) x(mot))"  # noqa: S608


def _recherche() -> str:
    """IndexRecherche.recherche: the fiche's own vector, then its labels and places."""
    return (
        f"f.recherche || setweight(to_tsvector('{CONFIG_RECHERCHE}'::regconfig, "
        f"coalesce({_libelles()}, '')), '{POIDS_DES_LIBELLES}')"
    )


def _zones() -> str:
    """IndexRecherche.zones_ids: the territories of the territory facets' levels
    (régions and départements) among those the fiche lies in."""
    niveaux = ", ".join(f"'{niveau}'" for niveau in declarations.niveaux_territoriaux())
    territoires = connection.ops.quote_name(Territoire._meta.db_table)
    return (
        f"ARRAY(SELECT t.id FROM {territoires} t WHERE t.id = ANY(f.territoires_englobants)"  # noqa: S608 — names of ours
        f" AND t.niveau IN ({niveaux}) ORDER BY t.id)"
    )


def _colonnes() -> list[tuple[str, str]]:
    """(IndexRecherche column, its SQL from the fiche `f`), in the model's order."""
    sources = {**SOURCES, "zones_ids": _zones(), "recherche": _recherche()}
    de_la_fiche = {champ.column for champ in Fiche._meta.concrete_fields}
    colonnes = []
    for champ in IndexRecherche._meta.concrete_fields:
        source = sources.get(champ.column)
        if source is None:
            if champ.column not in de_la_fiche:
                raise LookupError(
                    f"IndexRecherche.{champ.name}: no column {champ.column} on Fiche "
                    "and no entry in pratiques.recherche.declencheurs.SOURCES."
                )
            source = f"f.{champ.column}"
        colonnes.append((champ.column, source))
    return colonnes


def _retrait(champ: str) -> str:
    return connection.ops.quote_name(Retrait._meta.get_field(champ).column)


def _indexer(fiches: str = "nouvelles") -> str:
    """Upsert the published fiches of `fiches` (a transition table or a subquery) into
    the index (an upsert that changes nothing writes nothing, and so counts nothing); a
    fiche published again loses its tombstone."""
    index = connection.ops.quote_name(IndexRecherche._meta.db_table)
    retraits = connection.ops.quote_name(Retrait._meta.db_table)
    colonnes = _colonnes()
    cle = IndexRecherche._meta.pk.column
    noms = [nom for nom, _ in colonnes]
    modifiees = [nom for nom in noms if nom != cle]
    return f"""
        INSERT INTO {index} AS i ({", ".join(noms)})
        SELECT {", ".join(source for _, source in colonnes)}
        FROM {fiches} f WHERE f.etat = '{Etat.PUBLIEE}'
        ORDER BY f.id
        ON CONFLICT ({cle}) DO UPDATE SET
            {", ".join(f"{nom} = EXCLUDED.{nom}" for nom in modifiees)}
        WHERE ({", ".join(f"i.{nom}" for nom in modifiees)})
          IS DISTINCT FROM ({", ".join(f"EXCLUDED.{nom}" for nom in modifiees)});
        DELETE FROM {retraits} WHERE {_retrait("fiche_id")} IN
            (SELECT f.id FROM {fiches} f WHERE f.etat = '{Etat.PUBLIEE}');"""  # noqa: S608 — names of ours


def _desindexer(transitions: str, condition: str, motif: str) -> str:
    """Take the fiches of `transitions` (filtered by `condition`) out of the index, and
    give those that were in it a tombstone, dated by the statement, for `motif` (SQL on the row
    `f`)."""
    index = connection.ops.quote_name(IndexRecherche._meta.db_table)
    retraits = connection.ops.quote_name(Retrait._meta.db_table)
    cle = IndexRecherche._meta.pk.column
    colonnes = [_retrait(nom) for nom in ("fiche_id", "slug", "retiree_le", "motif")]
    return f"""
        WITH sorties AS (
            DELETE FROM {index}
            WHERE {cle} IN (SELECT id FROM {transitions}{condition})
            RETURNING {cle}
        )
        INSERT INTO {retraits} AS r ({", ".join(colonnes)})
        SELECT f.id, f.slug, statement_timestamp(), {motif}
        FROM sorties JOIN {transitions} f ON f.id = sorties.{cle}
        ORDER BY f.id
        ON CONFLICT ({colonnes[0]}) DO UPDATE SET
            {", ".join(f"{nom} = EXCLUDED.{nom}" for nom in colonnes[1:])};"""  # noqa: S608 — names of ours


def _valeurs(facette) -> str:
    """The rows (facette, valeur, signe) of one count key for the rows `l`."""
    cle, colonne = facette.cle_compte, facette.champ.column
    if facette.tableau:
        return f"SELECT '{cle}', x::text, signe FROM l, unnest(l.{colonne}) x"  # noqa: S608
    condition = facette.sql_condition("l")
    non_nul = f" WHERE {condition}" if condition else ""
    return f"SELECT '{cle}', {facette.sql_valeur('l')}, signe FROM l{non_nul}"  # noqa: S608


def _compter(lignes: str) -> str:
    """Add the facet values of `lignes` (signe, IndexRecherche columns) to CompteFacette,
    in the order of its unique key so that concurrent publications wait for each other
    instead of deadlocking."""
    table = connection.ops.quote_name(CompteFacette._meta.db_table)
    valeurs = "".join(
        f"\n            UNION ALL {_valeurs(facette)}" for facette in declarations.comptees()
    )
    return f"""
        WITH l AS ({lignes}),
        valeurs(facette, valeur, signe) AS (
            SELECT 'total', '', signe FROM l{valeurs}
        )
        INSERT INTO {table} AS c (facette, valeur, nombre)
        SELECT facette, valeur, sum(signe) FROM valeurs
        GROUP BY facette, valeur HAVING sum(signe) <> 0 ORDER BY facette, valeur
        ON CONFLICT (facette, valeur) DO UPDATE SET nombre = c.nombre + EXCLUDED.nombre;"""  # noqa: S608 — names of ours


def _declencheur(nom: str, operation, referencing, corps: str) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=nom,
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=operation,
        referencing=referencing,
        func=corps + "\n        RETURN NULL;",
    )


def declencheurs_de_l_index() -> list[pgtrigger.Trigger]:
    """On pratiques_fiche: IndexRecherche follows the fiches."""
    return [
        _declencheur(
            "indexer_insertion",
            pgtrigger.Insert,
            pgtrigger.Referencing(new="nouvelles"),
            _indexer(),
        ),
        _declencheur(
            "indexer_modification",
            pgtrigger.Update,
            pgtrigger.Referencing(old="anciennes", new="nouvelles"),
            _indexer()
            + _desindexer(
                "nouvelles",
                f" WHERE etat <> '{Etat.PUBLIEE}'",
                f"CASE WHEN f.etat = '{Etat.ARCHIVEE}' THEN '{Retrait.Motif.ARCHIVEE}' "
                f"ELSE '{Retrait.Motif.DEPUBLIEE}' END",
            ),
        ),
        _declencheur(
            "indexer_suppression",
            pgtrigger.Delete,
            pgtrigger.Referencing(old="anciennes"),
            _desindexer("anciennes", "", f"'{Retrait.Motif.SUPPRIMEE}'"),
        ),
    ]


def declencheurs_des_comptes() -> list[pgtrigger.Trigger]:
    """On pratiques_indexrecherche: CompteFacette follows the index."""
    nouvelles = "SELECT 1 AS signe, * FROM nouvelles"
    anciennes = "SELECT -1 AS signe, * FROM anciennes"
    return [
        _declencheur(
            "compter_insertion",
            pgtrigger.Insert,
            pgtrigger.Referencing(new="nouvelles"),
            _compter(nouvelles),
        ),
        _declencheur(
            "compter_modification",
            pgtrigger.Update,
            pgtrigger.Referencing(old="anciennes", new="nouvelles"),
            _compter(f"{nouvelles} UNION ALL {anciennes}"),
        ),
        _declencheur(
            "compter_suppression",
            pgtrigger.Delete,
            pgtrigger.Referencing(old="anciennes"),
            _compter(anciennes),
        ),
    ]


def _reindexer(champ, champ_nom: str) -> str:
    """Re-index the published fiches holding a value of `nouvelles` whose `champ_nom`
    changed, found by their index column `champ` (its GIN index, for an array)."""
    index = connection.ops.quote_name(IndexRecherche._meta.db_table)
    fiches = connection.ops.quote_name(Fiche._meta.db_table)
    change = f"n.{champ_nom} IS DISTINCT FROM a.{champ_nom}"
    changees = f"ARRAY(SELECT n.id FROM nouvelles n JOIN anciennes a ON a.id = n.id WHERE {change})"  # noqa: S608
    colonne = champ.column
    if isinstance(champ, ArrayField):
        condition = f"i.{colonne} && {changees}::{champ.db_type(connection)}"
    else:
        condition = f"i.{colonne} = ANY({changees})"
    return _indexer(
        f"(SELECT * FROM {fiches} WHERE id IN "  # noqa: S608 — names of ours
        f"(SELECT i.fiche_id FROM {index} i WHERE {condition}))"
    )


def declencheurs_des_libelles() -> dict[type, pgtrigger.Trigger]:
    """On each vocabulary table of a facet, and on the territories (through the proxy
    TerritoireNomme, so that the migration is pratiques'; territoires knows nothing of
    fiches): a label or a name that changes re-indexes the published fiches holding
    it, whose vectors carry it (`_libelles`)."""
    declencheurs = {}
    for facette in declarations.FACETTES:
        if isinstance(facette, declarations.FacetteVocabulaire):
            declencheurs[facette.vocabulaire] = _declencheur(
                "reindexer_libelle",
                pgtrigger.Update,
                pgtrigger.Referencing(old="anciennes", new="nouvelles"),
                _reindexer(facette.champ, "libelle"),
            )
    declencheurs[TerritoireNomme] = _declencheur(
        "reindexer_nom",
        pgtrigger.Update,
        pgtrigger.Referencing(old="anciennes", new="nouvelles"),
        _reindexer(IndexRecherche._meta.get_field("territoires_englobants"), "nom"),
    )
    return declencheurs


def declencheurs_de_version() -> dict[type, pgtrigger.Trigger]:
    """On every table whose changes alter what search shows (the index, the facets'
    vocabularies, the territories' names, the synonyms): VersionCorpus goes up."""
    version = connection.ops.quote_name(VersionCorpus._meta.db_table)
    modeles = [IndexRecherche, *declarations.vocabulaires().values(), TerritoireNomme, Synonyme]
    return {
        modele: pgtrigger.Trigger(
            name="changer_version",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
            func=f"UPDATE {version} SET numero = numero + 1; RETURN NULL;",  # noqa: S608
        )
        for modele in modeles
    }


def declencheur_des_regles() -> pgtrigger.Trigger:
    """On pratiques_synonyme: the rewriting rules (RegleSynonyme) computed again, as a
    whole (a few hundred rows at most), by every statement that changes a synonym."""
    regles = connection.ops.quote_name(RegleSynonyme._meta.db_table)
    return pgtrigger.Trigger(
        name="calculer_regles",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=f"DELETE FROM {regles}; INSERT INTO {regles} (cible, substitut) "  # noqa: S608
        f"{CALCUL_DES_REGLES}; RETURN NULL;",
    )


def enregistrer():
    """Attach the triggers to their models (pgtrigger's registry: migrations and
    `manage.py pgtrigger` see them as if listed in the models' Meta.triggers)."""
    for declencheur in declencheurs_de_l_index():
        declencheur.register(Fiche)
    for declencheur in declencheurs_des_comptes():
        declencheur.register(IndexRecherche)
    for modele, declencheur in declencheurs_des_libelles().items():
        declencheur.register(modele)
    for modele, declencheur in declencheurs_de_version().items():
        declencheur.register(modele)
    declencheur_des_regles().register(Synonyme)
