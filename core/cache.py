"""A Redis cache that fails open: when Redis cannot be reached, reads miss and writes
are dropped (logged), so pages, sessions (cached_db) and the API's rate limits keep
working on PostgreSQL alone. After a failure the cache is skipped for a short pause
(CACHE_PAUSE_APRES_PANNE_SECONDES), so a dead Redis costs one timeout, not one per call.

`incr`/`decr` still raise: their callers (core.limites) decide what a missing count means.
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

PANNES = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(defaut):
    def decorateur(methode):
        @functools.wraps(methode)
        def enveloppe(self, *args, **kwargs):
            if time.monotonic() < self._en_pause_jusqua:
                return defaut(kwargs, args) if callable(defaut) else defaut
            try:
                return methode(self, *args, **kwargs)
            except PANNES as erreur:
                pause = getattr(settings, "CACHE_PAUSE_APRES_PANNE_SECONDES", 5)
                self._en_pause_jusqua = time.monotonic() + pause
                logger.warning("Cache unreachable (%s): %s skipped", erreur, methode.__name__)
                return defaut(kwargs, args) if callable(defaut) else defaut

        return enveloppe

    return decorateur


def _defaut_de_get(kwargs, args):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class CacheRedisTolerant(RedisCache):
    _en_pause_jusqua = 0.0

    get = _tolerant(_defaut_de_get)(RedisCache.get)
    get_many = _tolerant({})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    set = _tolerant(None)(RedisCache.set)
    add = _tolerant(False)(RedisCache.add)
    touch = _tolerant(False)(RedisCache.touch)
    set_many = _tolerant([])(RedisCache.set_many)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    clear = _tolerant(None)(RedisCache.clear)
