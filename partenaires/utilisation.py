"""How much each API key is used, without a database write per API call.

Each authenticated call adds one to a Redis hash (field "<key pk>|<day>") and notes
the time of the call in another (`compter`, one round trip, pipelined); a beat task
(partenaires.tasks.enregistrer_utilisations, every minute) adds what accumulated into
UtilisationCle with an UPSERT and moves CleApi.derniere_utilisation forward
(`enregistrer`). The hashes are first renamed (atomic in Redis), so calls counted
while the task runs go to a fresh hash; a run that failed leaves its renamed hash,
which the next run takes first. Pages add what has not been written yet
(`en_attente`), so the figures they show are current.

Why not an UPSERT per call: a write, a WAL record and a row lock per API call on a
hot row (every call of a busy key on the same (key, day) row); Redis already answers
each call for the rate limit.
"""

import logging
from collections import defaultdict
from datetime import UTC, date, datetime
from functools import cache

import redis
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from partenaires.models import CleApi, UtilisationCle

logger = logging.getLogger(__name__)

COMPTES = "partenaires:utilisation:comptes"
DERNIERES = "partenaires:utilisation:dernieres"
EN_COURS = ":en-cours"


@cache
def _redis() -> redis.Redis:
    return redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2, decode_responses=True
    )


def compter(cle: CleApi) -> None:
    """One call of `cle`, now. A Redis outage loses the count, never the call."""
    maintenant = timezone.now()
    try:
        tube = _redis().pipeline(transaction=False)
        tube.hincrby(COMPTES, f"{cle.pk}|{timezone.localdate(maintenant).isoformat()}", 1)
        tube.hset(DERNIERES, cle.pk, maintenant.timestamp())
        tube.execute()
    except redis.RedisError:
        logger.exception("API key use not counted (Redis unreachable)")


def _lire(comptes: dict, dernieres: dict):
    par_jour = defaultdict(int)
    for champ, nombre in comptes.items():
        pk, jour = champ.rsplit("|", 1)
        par_jour[pk, date.fromisoformat(jour)] += int(nombre)
    derniere = {pk: datetime.fromtimestamp(float(t), tz=UTC) for pk, t in dernieres.items()}
    return par_jour, derniere


def _prendre(r: redis.Redis, source: str) -> dict:
    """The hash `source` taken away for this run (or the one a failed run left)."""
    en_cours = source + EN_COURS
    if not r.exists(en_cours):
        try:
            r.rename(source, en_cours)
        except redis.ResponseError:  # nothing counted since the last run
            return {}
    return r.hgetall(en_cours)


def enregistrer() -> int:
    """Add the counts accumulated in Redis to the database; returns how many (key,
    day) rows were written. Counts of a key deleted since are dropped."""
    r = _redis()
    par_jour, derniere = _lire(_prendre(r, COMPTES), _prendre(r, DERNIERES))
    existantes = set(
        CleApi.objects.filter(pk__in={pk for pk, _ in par_jour} | set(derniere)).values_list(
            "pk", flat=True
        )
    )
    lignes = [(pk, jour, n) for (pk, jour), n in par_jour.items() if pk in existantes]
    q = connection.ops.quote_name
    table = q(UtilisationCle._meta.db_table)
    cle, jour, nombre = (
        q(UtilisationCle._meta.get_field(nom).column) for nom in ("cle", "jour", "nombre")
    )
    with transaction.atomic():
        if lignes:
            with connection.cursor() as curseur:
                curseur.execute(
                    f"""INSERT INTO {table} AS u ({cle}, {jour}, {nombre})
                    SELECT * FROM unnest(%s::text[], %s::date[], %s::int[])
                    ORDER BY 1, 2
                    ON CONFLICT ({cle}, {jour})
                    DO UPDATE SET {nombre} = u.{nombre} + EXCLUDED.{nombre}""",  # noqa: S608 — names of ours, every value is a parameter
                    [[ligne[0] for ligne in lignes], [ligne[1] for ligne in lignes],
                     [ligne[2] for ligne in lignes]],
                )  # fmt: skip
        for pk, quand in derniere.items():
            if pk in existantes:
                CleApi.objects.filter(pk=pk).exclude(derniere_utilisation__gte=quand).update(
                    derniere_utilisation=quand
                )
    r.delete(COMPTES + EN_COURS, DERNIERES + EN_COURS)
    return len(lignes)


def en_attente(pks) -> tuple[dict, dict]:
    """What Redis holds and the database not yet, for the keys `pks`: ({(pk, day):
    count}, {pk: last use}). Empty if Redis cannot be read."""
    pks = set(pks)
    try:
        tube = _redis().pipeline(transaction=False)
        for source in (COMPTES, COMPTES + EN_COURS, DERNIERES, DERNIERES + EN_COURS):
            tube.hgetall(source)
        comptes, comptes_en_cours, dernieres, dernieres_en_cours = tube.execute()
    except redis.RedisError:
        logger.exception("API key use not read (Redis unreachable)")
        return {}, {}
    par_jour = defaultdict(int)
    derniere = {}
    for source_comptes, source_dernieres in (
        (comptes, dernieres),
        (comptes_en_cours, dernieres_en_cours),
    ):
        jours, quand = _lire(source_comptes, source_dernieres)
        for (pk, jour), n in jours.items():
            if pk in pks:
                par_jour[pk, jour] += n
        for pk, t in quand.items():
            if pk in pks and (pk not in derniere or derniere[pk] < t):
                derniere[pk] = t
    return dict(par_jour), derniere
