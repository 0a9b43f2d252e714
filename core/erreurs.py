"""The error pages: 400, 403, 404, 500 and a refused CSRF check, in French, in the
site's layout, without technical detail.

config/urls.py names these views as Django's handlers; settings.CSRF_FAILURE_VIEW names
`echec_csrf`. The 500 page is rendered without the request, so no context processor
runs: nothing reads the session, the user or the database, which may be what failed.

When the database is unreachable (stopped, restarting, failed over), a request gets a
503 instead, the page in French or, under /api/, JSON with a stable code: from the
middleware `BaseIndisponible` when a view fails, from `erreur_serveur` when a
middleware does. Both answer with `Retry-After`; nothing needs restarting afterwards
(connections are checked before reuse: CONN_HEALTH_CHECKS).
"""

import logging
import sys
from urllib.parse import urlsplit

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from core.context_processors import site

logger = logging.getLogger(__name__)

# What psycopg raises, through Django, when the server is down or drops the connection.
PANNES_DE_LA_BASE = (OperationalError, InterfaceError)
ATTENTE_CONSEILLEE_SECONDES = 30


# Like Django's own handlers: the header's logout form needs a CSRF token even when the
# middleware never reached a view (an unknown address, a bad Host header).
@requires_csrf_token
def requete_invalide(request, exception=None):
    return render(request, "400.html", {"titre": "Demande incorrecte"}, status=400)


@requires_csrf_token
def acces_refuse(request, exception=None):
    return render(request, "403.html", {"titre": "Accès refusé"}, status=403)


@requires_csrf_token
def page_introuvable(request, exception=None):
    return render(request, "404.html", {"titre": "Page introuvable"}, status=404)


def erreur_serveur(request):
    if isinstance(sys.exc_info()[1], PANNES_DE_LA_BASE):
        return service_indisponible(request)
    contexte = {**site(request), "titre": "Erreur inattendue"}
    return HttpResponseServerError(loader.get_template("500.html").render(contexte))


def echec_csrf(request, reason=""):
    """A form sent without a valid CSRF token: expired page, or cookies blocked."""
    return render(
        request,
        "403_csrf.html",
        {
            "titre": "Le formulaire n’a pas pu être envoyé",
            "cookies_absents": reason == REASON_NO_CSRF_COOKIE,
            "formulaire": _page_precedente(request),
        },
        status=403,
    )


def _page_precedente(request) -> str | None:
    """The Referer when it is a page of this site (same scheme and host), else None."""
    referent = request.headers.get("referer", "")
    parties = urlsplit(referent)
    if (parties.scheme, parties.netloc) == (request.scheme, request.get_host()):
        return referent
    return None


def service_indisponible(request):
    """503, rendered like the 500 page: without the session, the user or the database."""
    if request.path.startswith("/api/"):
        reponse = JsonResponse(
            {
                "detail": "Le service est momentanément indisponible. "
                "Réessayez dans quelques instants.",
                "code": "service_indisponible",
            },
            status=503,
        )
    else:
        contexte = {**site(request), "titre": "Service momentanément indisponible"}
        reponse = HttpResponse(loader.get_template("503.html").render(contexte), status=503)
    reponse["Retry-After"] = str(ATTENTE_CONSEILLEE_SECONDES)
    return reponse


class BaseIndisponible:
    """Middleware: a view that fails because the database is unreachable answers 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PANNES_DE_LA_BASE):
            return None
        logger.error("Database unreachable, %s answered 503: %s", request.path, exception)
        return service_indisponible(request)
