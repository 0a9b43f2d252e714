"""Every error of the API as JSON, in French (REST_FRAMEWORK["EXCEPTION_HANDLER"]):

- invalid parameters (400): DRF's shape, an object with, for each parameter in
  question, the list of its messages: `{"thematique": ["…"]}`;
- any other error (401, 403, 404, 405, 429…): `{"detail": "<message>", "code":
  "<code>"}`, the code stable for programs (`cle_inconnue`, `cle_revoquee`,
  `cle_expiree`, `portee_insuffisante`, `not_found`, `throttled`…).

401 carries `WWW-Authenticate`, 429 `Retry-After` (DRF sets both).
"""

from rest_framework.exceptions import ErrorDetail, NotFound
from rest_framework.views import APIView, exception_handler


def gerer_les_erreurs(exc, context):
    reponse = exception_handler(exc, context)
    if reponse is None:
        return None
    donnees = reponse.data
    if isinstance(donnees, dict) and set(donnees) == {"detail"}:
        detail = donnees["detail"]
        code = detail.code if isinstance(detail, ErrorDetail) else "erreur"
        reponse.data = {"detail": str(detail), "code": code}
    elif isinstance(donnees, list):
        # A validation error not tied to a parameter.
        reponse.data = {"detail": " ".join(str(m) for m in donnees), "code": "invalid"}
    return reponse


class Introuvable(APIView):
    """Any address under a version of the API that names nothing (config/api.py puts
    it last): the API's JSON 404, not the site's page. Authenticated and rate-limited
    like any endpoint, absent from the schema."""

    schema = None

    def get(self, request, *args, **kwargs):
        raise NotFound("Aucune ressource de l’API à cette adresse.")

    post = put = patch = delete = head = options = get
