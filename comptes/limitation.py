"""Rate limiting of failed logins, kept in the Redis cache.

Failures are counted per e-mail address and per client address over a sliding
window of LOGIN_FENETRE_SECONDES. If the cache is unreachable, logins are not
blocked (failing open) but the outage is logged: /healthz reports it as well.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# A client address shared by many people (a town hall's NAT) gets more room.
FACTEUR_IP = 4


def _cle_email(email: str) -> str:
    empreinte = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"connexion-echecs:email:{empreinte}"


def _cle_ip(ip: str) -> str:
    return f"connexion-echecs:ip:{ip}"


def connexion_bloquee(email: str, ip: str) -> bool:
    try:
        compteurs = cache.get_many([_cle_email(email), _cle_ip(ip)])
    except Exception:  # noqa: BLE001
        logger.exception("Login rate limit unavailable (cache unreachable)")
        return False
    maximum = settings.LOGIN_MAX_ECHECS
    return (
        compteurs.get(_cle_email(email), 0) >= maximum
        or compteurs.get(_cle_ip(ip), 0) >= maximum * FACTEUR_IP
    )


def enregistrer_echec(email: str, ip: str) -> None:
    try:
        for cle in (_cle_email(email), _cle_ip(ip)):
            cache.add(cle, 0, timeout=settings.LOGIN_FENETRE_SECONDES)
            cache.incr(cle)
    except Exception:  # noqa: BLE001
        logger.exception("Could not record a failed login (cache unreachable)")


def effacer_echecs(email: str) -> None:
    try:
        cache.delete(_cle_email(email))
    except Exception:  # noqa: BLE001
        logger.exception("Could not reset failed logins (cache unreachable)")
