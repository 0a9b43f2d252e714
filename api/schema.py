"""The API's OpenAPI generation (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]): what every
endpoint shares is documented here once, not on each view: the error responses
(their bodies are api.exceptions'), by what the view does:

- 400 when the operation takes query parameters (filters, pagination);
- 401 when the view authenticates (a wrong, revoked or expired key), with
  `WWW-Authenticate`;
- 403 when the view checks permissions (a key without the scope the operation needs);
- 404 when the path names an object, or the list paginates by page number (a page
  past the end);
- 429 when the view is rate-limited, with `Retry-After`.

A view may describe one of these itself (its description is kept; the body's schema
is added if it gave none).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.pagination import PageNumberPagination

from api.throttling import limite_cle_lisible, limite_lisible

ERREUR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "Le message, en français."},
        "code": {
            "type": "string",
            "description": "Un code stable, pour les programmes\u00a0: `cle_inconnue`, "
            "`cle_revoquee`, `cle_expiree`, `not_authenticated`, `portee_insuffisante`, "
            "`not_found`, `throttled`…",
        },
    },
    "required": ["detail", "code"],
}
PARAMETRES_INVALIDES = {
    "type": "object",
    "description": "Pour chaque paramètre en cause, la liste de ses erreurs, en français.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

# Kept for views that describe their 400 themselves.
ERREURS_DE_PARAMETRES = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Paramètre invalide\u00a0: un objet qui associe à chaque paramètre en cause "
    "la liste de ses erreurs, en français.",
)


# Error bodies, as components of the schema (each its own section of /api/v1/docs/).
COMPOSANTS = {"Erreur": ERREUR, "ParametresInvalides": PARAMETRES_INVALIDES}


def _ref(nom: str) -> dict:
    return {"$ref": f"#/components/schemas/{nom}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _en_tete(description: str, type_: str = "string") -> dict:
    return {"schema": {"type": type_}, "description": description}


def trop_de_requetes(limite: str, limite_cle: str | None = None) -> dict:
    """The 429 response of a rate-limited operation, as OpenAPI puts it."""
    avec_cle = f"\u00a0; avec une clé d’API, {limite_cle} et par clé" if limite_cle else ""
    return {
        "description": f"Trop de requêtes\u00a0: sans authentification, {limite} et par "
        f"adresse, pour toute l’API{avec_cle}. Réessayer après le délai donné par "
        "l’en-tête `Retry-After`.",
        "headers": {
            "Retry-After": _en_tete("Nombre de secondes à attendre avant de réessayer.", "integer")
        },
        "content": _json(_ref("Erreur")),
    }


REPONSES = {
    "400": {
        "description": "Paramètre invalide\u00a0: un objet qui associe à chaque paramètre en "
        'cause la liste de ses erreurs, en français (exemple\u00a0: `{"thematique": '
        '["Sélectionnez un choix valide…"]}`).',
        "content": _json({"anyOf": [_ref("ParametresInvalides"), _ref("Erreur")]}),
    },
    "401": {
        "description": "Clé d’API inconnue, révoquée ou expirée (en-tête `Authorization: "
        "Api-Key <clé>`), ou absente pour une opération qui en exige une.",
        "headers": {"WWW-Authenticate": _en_tete("Le schéma attendu\u00a0: `Api-Key`.")},
        "content": _json(_ref("Erreur")),
    },
    "403": {
        "description": "La clé d’API n’a pas le droit que demande cette opération.",
        "content": _json(_ref("Erreur")),
    },
    "404": {
        "description": "Introuvable\u00a0: aucun objet ne porte cet identifiant, ou la page "
        "demandée n’existe pas.",
        "content": _json(_ref("Erreur")),
    },
}


class SchemaApi(AutoSchema):
    def _erreurs_possibles(self, operation: dict) -> list[str]:
        parametres = operation.get("parameters", [])
        codes = []
        if any(p["in"] == "query" for p in parametres):
            codes.append("400")
        if self.view.get_authenticators():
            codes.append("401")
        if self.view.get_permissions():
            codes.append("403")
        pagination = getattr(self.view, "pagination_class", None)
        par_page = pagination is not None and issubclass(pagination, PageNumberPagination)
        if any(p["in"] == "path" for p in parametres) or (self._is_list_view() and par_page):
            codes.append("404")
        return codes

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for nom, schema in COMPOSANTS.items():
            self.registry.register_on_missing(
                ResolvedComponent(nom, ResolvedComponent.SCHEMA, schema=schema, object=nom)
            )
        reponses = operation["responses"]
        limite = limite_lisible() if self.view.throttle_classes else None
        if limite:
            reponses.setdefault("429", trop_de_requetes(limite, limite_cle_lisible()))
        for code in self._erreurs_possibles(operation):
            commune = REPONSES[code]
            propre = reponses.setdefault(code, dict(commune))
            for cle in ("content", "headers"):
                if cle in commune:
                    propre.setdefault(cle, commune[cle])
            # A view's description without a body schema ("type: object") gets ours.
            if propre["content"].get("application/json", {}).get("schema") in (
                None,
                {"type": "object"},
                {"type": "object", "additionalProperties": {}},
            ):
                propre["content"] = commune["content"]
        return operation
