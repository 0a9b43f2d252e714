"""One signed HTTP call to an endpoint (Standard Webhooks: https://www.standardwebhooks.com).

The body is `{"type": <code>, "timestamp": <creation, ISO 8601>, "data": {...}}`, the
same on every attempt; the headers `webhook-id` (the delivery's `msg_…`, constant
across attempts, for the receiver to drop duplicates), `webhook-timestamp` (this
attempt, in seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256>` of
`id.timestamp.body`, keyed by the endpoint's secret).
"""

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from standardwebhooks.webhooks import Webhook

from webhooks import adresses, politique

AGENT = "PratiquesInspirantes-Webhooks/1"


@dataclass(frozen=True)
class Resultat:
    reussi: bool
    statut: int | None
    duree_ms: int
    erreur: str = ""


def corps(livraison) -> str:
    return json.dumps(
        {
            "type": livraison.evenement,
            "timestamp": livraison.cree_le.isoformat(),
            "data": livraison.donnees,
        },
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def en_tetes(livraison, secret: str, texte: str, *, maintenant: datetime | None = None) -> dict:
    # Webhook.sign reads the time as UTC whatever its zone: give it UTC.
    maintenant = maintenant or datetime.now(UTC)
    return {
        "content-type": "application/json",
        "user-agent": f"{AGENT} (+{settings.SITE_URL})",
        "webhook-id": livraison.identifiant,
        "webhook-timestamp": str(int(maintenant.timestamp())),
        "webhook-signature": Webhook(secret).sign(livraison.identifiant, maintenant, texte),
    }


def _message(erreur: requests.RequestException) -> str:
    if isinstance(erreur, requests.Timeout):
        return f"Pas de réponse dans les {politique.DELAI_HTTP}\u00a0secondes."
    if isinstance(erreur, requests.exceptions.SSLError):
        return "Certificat TLS refusé."
    if isinstance(erreur, requests.ConnectionError):
        return "Connexion impossible."
    return f"Erreur HTTP\u00a0: {type(erreur).__name__}."


def poster(livraison, point) -> Resultat:
    """Send `livraison` to `point` once; a 2xx answer is a success, anything else
    (redirections included, never followed) a failure with its reason in French."""
    debut = time.monotonic()

    def duree() -> int:
        return round((time.monotonic() - debut) * 1000)

    try:
        adresses.verifier(point.url)
    except adresses.AdresseRefusee as refus:
        return Resultat(False, None, 0, " ".join(refus.messages))
    texte = corps(livraison)
    try:
        with requests.post(
            point.url,
            data=texte.encode(),
            headers=en_tetes(livraison, point.secret, texte),
            timeout=(politique.DELAI_HTTP, politique.DELAI_HTTP),
            allow_redirects=False,
            stream=True,  # the answer's body is never read
        ) as reponse:
            statut = reponse.status_code
    except requests.RequestException as erreur:
        return Resultat(False, None, duree(), _message(erreur))
    if 200 <= statut < 300:
        return Resultat(True, statut, duree())
    if 300 <= statut < 400:
        return Resultat(False, statut, duree(), f"Redirection ({statut}) non suivie.")
    return Resultat(False, statut, duree(), f"Réponse HTTP {statut}.")
