"""Security middleware the settings name (docs: README « Sécurité »).

- `EntetesDeSecurite` adds the Permissions-Policy header (settings.PERMISSIONS_POLICY);
  Django's SecurityMiddleware sets the others (nosniff, Referrer-Policy, COOP) and
  django-csp the Content-Security-Policy.
- `LimiteTailleRequete` refuses a request whose declared body is larger than the limit of
  its path (settings.LIMITES_TAILLE_REQUETE, else LIMITE_TAILLE_REQUETE_DEFAUT) with a
  413, before anything reads the body: a French page, or the API's JSON error.
"""

import re

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


class EntetesDeSecurite:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions = ", ".join(
            f"{fonction}=({' '.join(origines)})"
            for fonction, origines in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        reponse = self.get_response(request)
        reponse.headers.setdefault("Permissions-Policy", self.permissions)
        return reponse


def limite_pour(chemin: str) -> int:
    """The largest body, in bytes, accepted on this path (the first pattern that matches)."""
    for motif, taille in settings.LIMITES_TAILLE_REQUETE.items():
        if re.match(motif, chemin):  # the re module caches compiled patterns
            return taille
    return settings.LIMITE_TAILLE_REQUETE_DEFAUT


def taille_declaree(request) -> int:
    """The Content-Length the client sent; 0 when absent, -1 when not a number."""
    valeur = request.META.get("CONTENT_LENGTH") or "0"
    try:
        taille = int(valeur)
    except ValueError:
        return -1
    return taille if taille >= 0 else -1


def en_mo(octets: int) -> str:
    """« 11 Mo », « 0,5 Mo »: megabytes as the French write them (no « Mio »)."""
    texte = f"{octets / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{texte}\u00a0Mo"


class LimiteTailleRequete:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        taille = taille_declaree(request)
        limite = limite_pour(request.path_info)
        if taille > limite:
            return self.trop_grande(request, limite)
        return self.get_response(request)

    @staticmethod
    def trop_grande(request, limite: int):
        message = (
            f"La demande dépasse la taille maximale acceptée à cette adresse ({en_mo(limite)})."
        )
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "requete_trop_grande"}, status=413)
        return render(
            request, "413.html", {"titre": "Envoi trop volumineux", "message": message}, status=413
        )
