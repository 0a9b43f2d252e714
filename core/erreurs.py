"""The error pages: 400, 403, 404, 500 and a refused CSRF check, in French, in the
site's layout, without technical detail.

config/urls.py names these views as Django's handlers; settings.CSRF_FAILURE_VIEW names
`echec_csrf`. The 500 page is rendered without the request, so no context processor
runs: nothing reads the session, the user or the database, which may be what failed.
"""

from urllib.parse import urlsplit

from django.http import HttpResponseServerError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from core.context_processors import site


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
