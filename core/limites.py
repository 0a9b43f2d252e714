"""Counting requests against a limit in the shared cache (Redis), for the forms a
visitor may send (relayed contact messages). If the cache is unreachable, nothing is
blocked (failing open), but it is logged."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def adresse_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "inconnue"


def depasse(cle: str, limite: int, duree: int) -> bool:
    """Count one more request under `cle` for `duree` seconds; True if that goes beyond
    `limite`."""
    try:
        cache.add(cle, 0, timeout=duree)
        return cache.incr(cle) > limite
    except Exception:  # noqa: BLE001
        logger.exception("Rate limit unavailable (cache unreachable)")
        return False
