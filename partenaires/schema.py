"""The API key in the OpenAPI schema (a drf-spectacular extension, registered when
partenaires.apps imports this module)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from partenaires.models import Portee
from partenaires.permissions import portee_requise


class SchemaCleApi(OpenApiAuthenticationExtension):
    target_class = "partenaires.authentication.AuthentificationParCle"
    name = "CleApi"

    def get_security_requirement(self, auto_schema):
        cle = {self.name: []}
        # Reading is open without a key ({}: no authentication).
        return [cle, {}] if portee_requise(auto_schema.view) == Portee.LECTURE else cle

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <clé>`, une clé créée par l’administrateur de votre "
            "organisation (page /partenaires/cles/ du site). Facultative pour lire\u00a0: "
            "une clé a sa propre limite de débit, plus haute que celle des accès anonymes.",
        }
