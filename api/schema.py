"""The API's OpenAPI generation (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]): what every
endpoint shares is documented here once, not on each view."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from api.throttling import limite_lisible

# A list's filters answer 400 with their errors by parameter, never a 500.
ERREURS_DE_PARAMETRES = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Paramètre invalide\u00a0: un objet qui associe à chaque paramètre en cause "
    "la liste de ses erreurs, en français.",
)


def trop_de_requetes(limite: str) -> dict:
    """The 429 response of a rate-limited operation, as OpenAPI puts it."""
    return {
        "description": f"Trop de requêtes\u00a0: sans authentification, {limite} et par "
        "adresse, pour toute l’API. Réessayer après le délai donné par l’en-tête "
        "`Retry-After`.",
        "headers": {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": "Nombre de secondes à attendre avant de réessayer.",
            }
        },
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "detail": {"type": "string", "description": "Le message, en français."}
                    },
                }
            }
        },
    }


class SchemaApi(AutoSchema):
    """Every operation of a rate-limited view documents its 429 and `Retry-After`
    (views keep their own 429 if they describe one)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        limite = limite_lisible() if self.view.throttle_classes else None
        if operation is not None and limite:
            operation["responses"].setdefault("429", trop_de_requetes(limite))
        return operation
