"""The JSON of a page of published fiches, built by PostgreSQL in one query.

Why: serializing a page of `/api/v1/pratiques/` through the ORM (the fiches, then one
prefetch per relation) and DRF costs about ten queries and 30 to 45 ms a page of 20,
mostly in Python; this query takes 6 to 10 ms on the same page of the benchmark's
national corpus (`bench/bench_recherche.py`, which measures the list endpoint).
`fiches_en_json` returns the same JSON text from a single statement: each relation is
aggregated by a correlated subquery, `row_to_json` keeps the keys in the serializer's
order and `unnest(ids) WITH ORDINALITY` the page's order.

`PratiqueSerializer` stays the reference, and the OpenAPI documentation:
tests/pratiques/test_api_representation.py holds this module equal to it, value for
value and key for key. The select list follows `PratiqueSerializer.Meta.fields` (a
field without its SQL here fails at import). Nothing is written twice: URLs are built
by the serializers' own methods on a placeholder and passed as the text before and
after it, the labels of coded values come from the serializer's `ChoixField`s, the
licences from `LICENCES`, the time zone is Django's current one; every value is a
query parameter. The contact's e-mail address is only compared with '', never selected.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from types import SimpleNamespace

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone
from rest_framework import serializers

from pratiques import actualite
from pratiques.api.serializers import (
    LICENCES,
    ChoixField,
    DocumentSerializer,
    PratiqueSerializer,
)
from pratiques.models import (
    Etat,
    Fiche,
    NiveauParticipation,
    Partenaire,
    PieceJointe,
    TypeStructure,
)
from territoires.api.serializers import url_api

# Stand-ins for a slug, a territory reference and a primary key in URLs built by
# Django, found again in the URL to cut it in two.
MARQUE_SLUG = "zz-marque-slug-zz"
MARQUE_REFERENCE = "zzmarque:ZZREFERENCEZZ"
MARQUE_PK = 918273645546372819

q = connection.ops.quote_name


def _table(modele: type[Model]) -> str:
    return q(modele._meta.db_table)


def _tri(modele: type[Model], alias: str) -> str:
    """The ORDER BY the ORM gives a prefetch of `modele`: its Meta.ordering (field
    names, "-" for descending, "pk"); the primary key when it has none (the ORM then
    leaves the order to the query plan)."""
    termes = []
    for terme in modele._meta.ordering or ["pk"]:
        nom = terme.lstrip("-")
        champ = modele._meta.pk if nom == "pk" else modele._meta.get_field(nom)
        termes.append(f"{alias}.{q(champ.column)}{' DESC' if terme.startswith('-') else ''}")
    return ", ".join(termes)


def _multiple(champ: str, objet: str, alias: str) -> str:
    """A many-to-many relation of the fiche (`alias` the related table) as a JSON array
    of `objet`, in the related model's order; [] when empty."""
    relation = Fiche._meta.get_field(champ)
    modele = relation.related_model
    return f"""coalesce((
            SELECT json_agg({objet} ORDER BY {_tri(modele, alias)})
            FROM {q(relation.m2m_db_table())} AS lien
            JOIN {_table(modele)} AS {alias} ON {alias}.id = lien.{q(relation.m2m_reverse_name())}
            WHERE lien.{q(relation.m2m_column_name())} = f.id), '[]'::json)"""  # noqa: S608 — names of ours


def _vocabulaire(alias: str) -> str:
    """VocabulaireSerializer: {code, libelle} of the value joined as `alias`."""
    return f"json_build_object('code', {alias}.code, 'libelle', {alias}.libelle)"


def _vocabulaire_ou_null(alias: str) -> str:
    """The same, null when nothing is joined (a LEFT JOIN that found nothing)."""
    return f"CASE WHEN {alias}.id IS NOT NULL THEN {_vocabulaire(alias)} END"


def _choix(champ: str) -> str:
    """ChoixField: {code, libelle}, null for an empty code; an unknown code is its own
    label. The labels are the parameter `libelles`: {field: {code: label}}."""
    colonne = f"f.{q(champ)}"
    libelle = f"coalesce(p.libelles -> '{champ}' ->> {colonne}, {colonne})"
    objet = f"json_build_object('code', {colonne}, 'libelle', {libelle})"
    return f"CASE WHEN {colonne} <> '' THEN {objet} END"


def _date(champ: str) -> str:
    """DRF's DateField: date.isoformat(), or null."""
    return f"to_char(f.{q(champ)}, 'YYYY-MM-DD')"


def _date_heure(champ: str) -> str:
    return _date_heure_de(f"f.{q(champ)}")


def _date_heure_de(colonne: str) -> str:
    """DRF's DateTimeField: the value in the current time zone, then isoformat() —
    microseconds only when not zero, the offset as ±HH:MM (±HH:MM:SS for a historical
    offset with seconds) and "Z" for +00:00 — or null."""
    return f"""(
            SELECT to_char(locale, 'YYYY-MM-DD"T"HH24:MI:SS')
                || CASE WHEN to_char(locale, 'US') <> '000000'
                        THEN to_char(locale, '.US') ELSE '' END
                || CASE WHEN decalage = 0 THEN 'Z'
                        ELSE CASE WHEN decalage < 0 THEN '-' ELSE '+' END
                             || to_char(make_interval(secs => abs(decalage)), 'HH24:MI')
                             || CASE WHEN mod(decalage, 60) <> 0
                                     THEN to_char(make_interval(secs => abs(decalage)), ':SS')
                                     ELSE '' END
                   END
            FROM (SELECT {colonne} AT TIME ZONE p.fuseau AS locale) AS l,
            LATERAL (SELECT extract(epoch FROM locale - ({colonne} AT TIME ZONE 'UTC'))::int
                     AS decalage) AS d)"""  # noqa: S608 — names of ours


def _elements(champ: str, cles: list[str]) -> str:
    """A JSON list of objects (liens, sources) with the serializer's keys only."""
    objet = ", ".join(f"'{cle}', element ->> '{cle}'" for cle in cles)
    return f"""coalesce((
            SELECT json_agg(json_build_object({objet}) ORDER BY rang)
            FROM jsonb_array_elements(f.{q(champ)}) WITH ORDINALITY AS e(element, rang)
            ), '[]'::json)"""  # noqa: S608 — names of ours


def _champs_choix() -> dict[str, ChoixField]:
    return {
        nom: champ
        for nom, champ in PratiqueSerializer._declared_fields.items()
        if isinstance(champ, ChoixField)
    }


def _champs_texte() -> list[str]:
    """Fields shown as their column is: slug, titre, resume and the texts."""
    return [
        nom
        for nom, champ in PratiqueSerializer._declared_fields.items()
        if type(champ) in (serializers.CharField, serializers.SlugField)
    ]


def _colonnes() -> dict[str, str]:
    """The SQL expression of each field of PratiqueSerializer, in its order."""
    reference = "t.niveau || ':' || t.code"
    territoire = f"""json_build_object(
                'reference', {reference}, 'niveau', t.niveau, 'code', t.code, 'nom', t.nom,
                'url', p.territoire_debut || {reference} || p.territoire_fin)"""
    document = """json_build_object(
                'titre', d.titre, 'type_mime', d.type_mime, 'taille', d.taille,
                'texte_alternatif', d.texte_alternatif,
                'url', p.document_debut || d.id || p.document_fin)"""
    partenaire = f"""json_build_object(
                'nom', pa.nom, 'type', {_vocabulaire_ou_null("ty")}, 'role', pa.role)"""
    vocabulaire = _vocabulaire("v")
    expressions = {nom: f"f.{q(nom)}" for nom in _champs_texte()}
    expressions.update({nom: _choix(nom) for nom in _champs_choix()})
    expressions.update(
        {
            "url": "p.url_debut || f.slug || p.url_fin",
            "page": "p.page_debut || f.slug || p.page_fin",
            "thematiques": _multiple("thematiques", vocabulaire, "v"),
            "formes_intervention": _multiple("formes_intervention", vocabulaire, "v"),
            "publics": _multiple("publics", vocabulaire, "v"),
            "niveau_participation": _vocabulaire_ou_null("niveau"),
            # Territoire has no Meta.ordering and the API's prefetch sets none: the
            # order is the plan's, by territory id in practice (an index scan on
            # (fiche_id, territoire_id) at national scale, a hash join over the small
            # test tables), which the primary-key fallback of _tri makes explicit.
            "territoires": _multiple("territoires", territoire, "t"),
            "porteur_type": _vocabulaire_ou_null("porteur"),
            "partenaires": f"""coalesce((
            SELECT json_agg({partenaire} ORDER BY {_tri(Partenaire, "pa")})
            FROM {_table(Partenaire)} AS pa
            LEFT JOIN {_table(TypeStructure)} AS ty ON ty.id = pa.type_id
            WHERE pa.fiche_id = f.id), '[]'::json)""",  # noqa: S608 — names of ours
            "date_debut": _date("date_debut"),
            "date_fin": _date("date_fin"),
            "contact_formulaire": """CASE WHEN f.contact_email <> ''
            THEN p.contact_debut || f.slug || p.contact_fin END""",
            "liens": _elements("liens", ["url", "titre"]),
            # Attachments brought by a revision are public only once it is published
            # (the link to the revision is then cleared).
            "documents": f"""coalesce((
            SELECT json_agg({document} ORDER BY {_tri(PieceJointe, "d")})
            FROM {_table(PieceJointe)} AS d
            WHERE d.fiche_id = f.id AND d.revision_id IS NULL), '[]'::json)""",  # noqa: S608
            "sources": _elements("sources", ["document", "reference"]),
            "publiee_le": _date_heure("publiee_le"),
            "modifiee_le": _date_heure("modifiee_le"),
            "a_jour_le": _date_heure_de(actualite.sql_a_jour_le("f")),
            "informations_anciennes": f"{actualite.sql_a_jour_le('f')} < p.seuil_anciennete",
            "licence": """json_build_object('code', f.licence,
            'libelle', coalesce(p.licences -> f.licence ->> 0, f.licence),
            'url', p.licences -> f.licence ->> 1)""",
            "nb_reprises": "f.nb_reprises",
        }
    )
    champs = PratiqueSerializer.Meta.fields
    if set(expressions) != set(champs):
        raise RuntimeError(
            "pratiques.api.representation does not match PratiqueSerializer: "
            f"{sorted(set(expressions) ^ set(champs))}"
        )
    return {nom: expressions[nom] for nom in champs}


def _requete(selection: str, source: str) -> str:
    """The statement, with named parameters: `selection` over the fiches of `source`,
    a FROM item giving `demande(id, rang)`."""
    colonnes = ",\n        ".join(f"{sql} AS {q(nom)}" for nom, sql in _colonnes().items())
    return f"""
WITH p AS (
    SELECT %(libelles)s::jsonb AS libelles, %(licences)s::jsonb AS licences,
           %(fuseau)s::text AS fuseau, %(seuil_anciennete)s::timestamptz AS seuil_anciennete,
           %(url_debut)s::text AS url_debut, %(url_fin)s::text AS url_fin,
           %(page_debut)s::text AS page_debut, %(page_fin)s::text AS page_fin,
           %(contact_debut)s::text AS contact_debut, %(contact_fin)s::text AS contact_fin,
           %(document_debut)s::text AS document_debut, %(document_fin)s::text AS document_fin,
           %(territoire_debut)s::text AS territoire_debut,
           %(territoire_fin)s::text AS territoire_fin
)
SELECT {selection}
FROM {source}
JOIN {_table(Fiche)} AS f ON f.id = demande.id AND f.etat = %(publiee)s
CROSS JOIN p
LEFT JOIN {_table(NiveauParticipation)} AS niveau ON niveau.id = f.niveau_participation_id
LEFT JOIN {_table(TypeStructure)} AS porteur ON porteur.id = f.porteur_type_id
CROSS JOIN LATERAL (
    SELECT
        {colonnes}
) AS fiche
"""  # noqa: S608 — the names are the models', every value is a parameter


REQUETE = _requete(
    "coalesce('[' || string_agg(row_to_json(fiche)::text, ',' ORDER BY demande.rang) || ']', '[]')",
    "unnest(%(ids)s::bigint[]) WITH ORDINALITY AS demande(id, rang)",
)
# A page of the list: each fiche's JSON text and its keys, in the page's order; the
# page itself, a sub-select, goes where SOURCE is.
SOURCE = "\x00source\x00"
REQUETE_PAGE = _requete(
    "array_agg(row_to_json(fiche)::text ORDER BY demande.rang),"
    " array_agg(f.id ORDER BY demande.rang),"
    " array_agg(f.publiee_le ORDER BY demande.rang),"
    " array_agg(f.modifiee_le ORDER BY demande.rang)",
    SOURCE,
)
NOMME = re.compile(r"%\((\w+)\)s")


def _autour(url: str, marque) -> tuple[str, str]:
    """What comes before and after the placeholder in a URL built by Django."""
    avant, trouve, apres = url.partition(str(marque))
    if not trouve or str(marque) in apres:
        raise ValueError(f"placeholder {marque!r} not found once in {url!r}")
    return avant, apres


@cache
def _libelles_et_licences() -> dict:
    """The labels of coded values and the licences, as JSON parameters (fixed)."""
    libelles = {
        nom: {code: str(libelle) for code, libelle in champ.libelles.items()}
        for nom, champ in _champs_choix().items()
    }
    return {"libelles": json.dumps(libelles), "licences": json.dumps(LICENCES)}


# The URL pieces depend only on the request's scheme, host and API version: kept per
# process for each of them (a handful).
_URLS: dict[tuple, dict] = {}


def _urls(request) -> dict:
    cle = (request.scheme, request.get_host(), getattr(request, "version", None))
    if cle not in _URLS:
        _URLS[cle] = _morceaux_d_url(request)
    return _URLS[cle]


def _morceaux_d_url(request) -> dict:
    contexte = {"request": request}
    pratique = PratiqueSerializer(context=contexte)
    fiche = SimpleNamespace(slug=MARQUE_SLUG, contact_email="-")
    url = _autour(pratique.get_url(fiche), MARQUE_SLUG)
    page = _autour(pratique.get_page(fiche), MARQUE_SLUG)
    contact = _autour(pratique.get_contact_formulaire(fiche), MARQUE_SLUG)
    piece = SimpleNamespace(pk=MARQUE_PK)
    document = _autour(DocumentSerializer(context=contexte).get_url(piece), MARQUE_PK)
    territoire = SimpleNamespace(reference=MARQUE_REFERENCE)
    territoire = _autour(url_api(territoire, request), MARQUE_REFERENCE)
    return {
        "url_debut": url[0],
        "url_fin": url[1],
        "page_debut": page[0],
        "page_fin": page[1],
        "contact_debut": contact[0],
        "contact_fin": contact[1],
        "document_debut": document[0],
        "document_fin": document[1],
        "territoire_debut": territoire[0],
        "territoire_fin": territoire[1],
    }


def parametres(request) -> dict:
    """The statement's parameters but the ids: fixed values and the URL pieces."""
    return {
        "publiee": Etat.PUBLIEE.value,
        "fuseau": timezone.get_current_timezone_name(),
        "seuil_anciennete": actualite.seuil(),
        **_libelles_et_licences(),
        **_urls(request),
    }


def _parametres(ids: list[int], request) -> dict:
    return {"ids": [int(pk) for pk in ids], **parametres(request)}


def fiches_en_json(ids: list[int], request) -> str:
    """The text of a JSON array: for each id, in this order, what
    `PratiqueSerializer(fiche, context={"request": request}).data` renders to. Ids of
    fiches that are not published (or do not exist) are left out. One query, none for
    an empty list."""
    if not ids:
        return "[]"
    with connection.cursor() as cursor:
        cursor.execute(REQUETE, _parametres(ids, request))
        return cursor.fetchone()[0]


@dataclass
class Page:
    """A page of fiches: the JSON text of each, and their keys, in the page's order;
    and the rows of the query asked for alongside (`avec`), if any."""

    textes: list[str]
    ids: list[int]
    publiees_le: list[datetime]
    modifiees_le: list[datetime]
    lignes_avec: list[tuple] | None = None


def page_en_json(page: QuerySet, request, *, avec: tuple[str, list] | None = None) -> Page:
    """The fiches of `page` (IndexRecherche rows, ordered and sliced: the API's page)
    as `fiches_en_json` shows them, with their keys, in one statement: the page is a
    sub-select of it. `avec`, another query (SQL and parameters, e.g. the first page's
    counts), runs in the same statement; its rows come back as tuples."""
    return executer_page(*instruction_page(page, request, avec=avec), avec=avec is not None)


def requete_page(selection: str) -> str:
    """A statement like REQUETE_PAGE with another select list, over `fiche` (the API's
    fields, by name: json for objects and lists), `f` (the fiche's row) and
    `demande.rang` (the page's order); for `instruction_page`."""
    return _requete(selection, SOURCE)


def instruction_page(
    page: QuerySet,
    request,
    *,
    avec: tuple[str, list] | None = None,
    requete_de_page: str = REQUETE_PAGE,
) -> tuple[str, list]:
    """The statement of `page_en_json` (or another of `requete_page`) and its
    parameters, not run (a cache key)."""
    sql, params = page.values("fiche_id").query.sql_with_params()
    source = f"(SELECT fiche_id, row_number() OVER () FROM ({sql}) s) AS demande(id, rang)"  # noqa: S608
    avant, apres = requete_de_page.split(SOURCE)
    valeurs = parametres(request)
    requete = NOMME.sub("%s", avant) + source + NOMME.sub("%s", apres)
    valeurs_en_ordre = [
        *(valeurs[nom] for nom in NOMME.findall(avant)),
        *params,
        *(valeurs[nom] for nom in NOMME.findall(apres)),
    ]
    if avec is not None:
        sql_avec, params_avec = avec
        requete = f"SELECT (SELECT json_agg(a) FROM ({sql_avec}) a), r.* FROM ({requete}) AS r"  # noqa: S608
        valeurs_en_ordre = [*params_avec, *valeurs_en_ordre]
    return requete, valeurs_en_ordre


def executer_page(requete: str, valeurs_en_ordre: list, *, avec: bool) -> Page:
    """Runs a statement of `instruction_page` (`avec`: it has the other query)."""
    with connection.cursor() as cursor:
        cursor.execute(requete, valeurs_en_ordre)
        return page_depuis(cursor.fetchone(), avec=avec)


def page_depuis(ligne: tuple, *, avec: bool) -> Page:
    """The Page from the row of a statement of `instruction_page`."""
    lignes_avec = None
    if avec:
        objets = ligne[0]
        objets = json.loads(objets) if isinstance(objets, str) else objets or []
        lignes_avec = [tuple(objet.values()) for objet in objets or []]
        ligne = ligne[1:]
    textes, ids, publiees, modifiees = ligne
    return Page(textes or [], ids or [], publiees or [], modifiees or [], lignes_avec)
