"""Shared by the benchmarks (Django must be set up before calling)."""

import psycopg


def administrer(sql: str, base: str = "postgres"):
    """Run one statement outside any transaction (CREATE/DROP DATABASE, COMMENT) as the
    application's role; return the rows if it yields any."""
    from django.conf import settings

    reglages = settings.DATABASES["default"]
    with psycopg.connect(
        host=reglages["HOST"],
        port=reglages["PORT"],
        user=reglages["USER"],
        password=reglages["PASSWORD"],
        dbname=base,
        autocommit=True,
    ) as connexion:
        curseur = connexion.execute(sql)
        return curseur.fetchall() if curseur.description else None
