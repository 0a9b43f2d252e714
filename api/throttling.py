"""The API's rate limit: every endpoint, unless a view says otherwise, goes through
LimiteAnonyme (REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] in config/settings.py)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

LIMITE_ANONYME = "60/min"
PERIODES = {"s": "seconde", "m": "minute", "h": "heure", "d": "jour"}


def limite_anonyme() -> str | None:
    """The rate in force: `API_LIMITE_ANONYME` in the settings ("120/min"; None
    switches the limit off, e.g. for a benchmark), 60 a minute otherwise."""
    return getattr(settings, "API_LIMITE_ANONYME", LIMITE_ANONYME)


class LimiteAnonyme(AnonRateThrottle):
    """Anonymous clients: one count per address for the whole API, kept in the default
    cache (Redis) so that every web process shares it. Over the limit, DRF answers 429
    with `Retry-After`, the seconds to wait."""

    def get_rate(self):
        return limite_anonyme()


def limite_lisible() -> str | None:
    """ "60/min" → "60 requêtes par minute" (None when there is no limit)."""
    taux = limite_anonyme()
    if not taux:
        return None
    nombre, periode = taux.split("/")
    return f"{nombre} requêtes par {PERIODES[periode[0]]}"
