"""The API's rate limits: every endpoint, unless a view says otherwise, goes through
both (REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] in config/settings.py):

- LimiteAnonyme, for calls without a key: one count per address for the whole API;
- LimiteParCle, for calls with a key (`request.auth`, set by the authentication
  class in the settings): one count per key, at a higher rate.

Each applies to its own calls only. Over the limit, DRF answers 429 with `Retry-After`,
the seconds to wait. Counts are kept in the default cache (Redis), shared by every web
process. This module reads `request.auth` as an object with a `pk`, nothing more.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

LIMITE_ANONYME = "60/min"
LIMITE_CLE = "600/min"
PERIODES = {"s": "seconde", "m": "minute", "h": "heure", "d": "jour"}


def limite_anonyme() -> str | None:
    """The rate in force: `API_LIMITE_ANONYME` in the settings ("120/min"; None
    switches the limit off, e.g. for a benchmark), 60 a minute otherwise."""
    return getattr(settings, "API_LIMITE_ANONYME", LIMITE_ANONYME)


def limite_cle() -> str | None:
    """`API_LIMITE_CLE` in the settings (None: no limit), 600 a minute otherwise."""
    return getattr(settings, "API_LIMITE_CLE", LIMITE_CLE)


class LimiteAnonyme(AnonRateThrottle):
    """Calls without a key: one count per address for the whole API."""

    def get_rate(self):
        return limite_anonyme()

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        return super().get_cache_key(request, view)


class LimiteParCle(SimpleRateThrottle):
    """Calls with a key: one count per key for the whole API, whatever the address."""

    scope = "cle"

    def get_rate(self):
        return limite_cle()

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


def lisible(taux: str | None) -> str | None:
    """ "60/min" → "60 requêtes par minute" (None when there is no limit)."""
    if not taux:
        return None
    nombre, periode = taux.split("/")
    return f"{nombre} requêtes par {PERIODES[periode[0]]}"


def limite_lisible() -> str | None:
    """The anonymous limit, readable."""
    return lisible(limite_anonyme())


def limite_cle_lisible() -> str | None:
    return lisible(limite_cle())
