"""The unaccented French text-search configuration installed by the first migration."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def lexemes(texte: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('french_unaccent', %s))", [texte])
        return set(cursor.fetchone()[0])


def correspond(texte: str, requete: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('french_unaccent', %s)"
            " @@ websearch_to_tsquery('french_unaccent', %s)",
            [texte, requete],
        )
        return cursor.fetchone()[0]


def test_les_extensions_unaccent_et_pg_trgm_sont_installees():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {ligne[0] for ligne in cursor.fetchall()}
    assert {"unaccent", "pg_trgm"} <= extensions


def test_la_recherche_ignore_les_accents_et_la_casse():
    assert correspond("Atelier avec les élèves du collège", "eleve")
    assert correspond("Atelier avec les eleves du college", "ÉLÈVES")


def test_la_recherche_ramene_les_mots_a_leur_racine():
    assert correspond("Un groupe de parole pour le parent isolé", "parents")
    assert correspond("Les parents se réunissent", "parent")


def test_les_mots_vides_accentues_ne_sont_pas_indexes():
    # Unaccented before the stemmer, "été", "même" and "à" would slip past its stopword
    # list and end up in every vector.
    assert lexemes("Ils ont été là même à la fin").isdisjoint({"ete", "meme", "a", "la"})
    assert "ecol" in lexemes("à l'école")


def test_la_fonction_unaccent_immuable_sert_aux_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT immutable_unaccent('Saint-Étienne'), provolatile "
                       "FROM pg_proc WHERE proname = 'immutable_unaccent'")  # fmt: skip
        assert cursor.fetchone() == ("Saint-Etienne", "i")
