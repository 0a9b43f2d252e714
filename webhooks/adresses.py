"""Which addresses an endpoint may have (checked when it is saved, and again before
each delivery, as a name may be pointed elsewhere later).

- https:// only; http:// only to 127.0.0.1, ::1 or localhost, and only when
  WEBHOOKS_ADRESSES_LOCALES is on (tests and DEBUG; off in production).
- No user name or password in the address (the secret signs the calls).
- With WEBHOOKS_ADRESSES_LOCALES off, the host must resolve, and every address it
  resolves to must be public: no loopback, private, link-local, reserved or multicast
  address, so that a partner cannot make the platform call its own network (SSRF).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

HOTES_LOCAUX = {"127.0.0.1", "::1", "localhost"}


class AdresseRefusee(ValidationError):
    pass


def _adresses_ip(hote: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(hote)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(hote, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as erreur:
        raise AdresseRefusee(
            f"Le nom «\u00a0{hote}\u00a0» ne correspond à aucun serveur joignable."
        ) from erreur
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def verifier(url: str) -> str:
    """The address if an endpoint may have it; AdresseRefusee (in French) otherwise."""
    try:
        morceaux = urlsplit(url)
        hote = (morceaux.hostname or "").lower()
        morceaux.port  # noqa: B018 — raises ValueError on a port out of range
    except ValueError as erreur:
        raise AdresseRefusee("Cette adresse n’est pas valide.") from erreur
    locales = settings.WEBHOOKS_ADRESSES_LOCALES
    if not hote:
        raise AdresseRefusee("Cette adresse n’est pas valide.")
    if morceaux.scheme != "https" and not (
        morceaux.scheme == "http" and locales and hote in HOTES_LOCAUX
    ):
        raise AdresseRefusee("L’adresse doit commencer par https://.")
    if morceaux.username or morceaux.password:
        raise AdresseRefusee(
            "L’adresse ne doit contenir ni identifiant ni mot de passe\u00a0: les appels "
            "sont signés avec le secret du point de terminaison."
        )
    if not locales:
        for adresse in _adresses_ip(hote):
            if not adresse.is_global or adresse.is_multicast:
                raise AdresseRefusee(
                    f"L’adresse «\u00a0{hote}\u00a0» mène à un réseau privé ou local "
                    f"({adresse})\u00a0: seul un serveur joignable depuis Internet peut "
                    "recevoir les webhooks."
                )
    return url
