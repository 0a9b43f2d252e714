"""`Authorization: Api-Key <clé>` on any API call (REST_FRAMEWORK
["DEFAULT_AUTHENTICATION_CLASSES"] names this class; api/ imports no domain app).

No header: the call is anonymous, as before (public data, the anonymous limit). A
header with an unknown, revoked or expired key: 401, with `WWW-Authenticate: Api-Key`
and a French message saying which. A valid key: `request.auth` is the CleApi (its
scopes checked by partenaires.permissions, its own limit by api.throttling.LimiteParCle),
`request.user` an AppelPartenaire, never a site account. Each call is counted
(partenaires.utilisation), without a database write.
"""

from django.utils import formats, timezone
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_api_key.permissions import KeyParser

from partenaires import utilisation
from partenaires.models import CleApi

MOT_CLE = KeyParser.keyword


class AppelPartenaire:
    """Who calls with a key: its organisation. Authenticated for DRF (the anonymous
    limit does not apply), but no site account and no site permission."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, cle: CleApi):
        self.cle = cle
        self.organisation = cle.organisation

    def __str__(self):
        return f"{self.organisation} (clé {self.cle.prefix})"

    def has_perm(self, *args, **kwargs) -> bool:
        return False


class AuthentificationParCle(BaseAuthentication):
    analyseur = KeyParser()

    def authenticate(self, request):
        texte = self.analyseur.get(request)
        if texte is None:
            return None
        cle = self.retrouver(texte.strip())
        utilisation.compter(cle)
        return AppelPartenaire(cle), cle

    @staticmethod
    def retrouver(texte: str) -> CleApi:
        prefixe, _, _ = texte.partition(".")
        # PostgreSQL refuses a NUL character in a parameter: such a key cannot exist.
        cle = (
            None
            if "\x00" in texte
            else CleApi.objects.select_related("organisation").filter(prefix=prefixe).first()
        )
        if cle is None or not cle.is_valid(texte):
            raise AuthenticationFailed(
                "Clé d’API inconnue\u00a0: vérifiez qu’elle est recopiée en entier, après "
                "«\u00a0Api-Key\u00a0» et une espace.",
                code="cle_inconnue",
            )
        if cle.revoked:
            raise AuthenticationFailed(
                f"La clé d’API {cle.prefix} a été révoquée\u00a0: demandez-en une nouvelle à "
                "l’administrateur de votre organisation.",
                code="cle_revoquee",
            )
        if cle.has_expired:
            echeance = formats.date_format(timezone.localtime(cle.expiry_date), "j F Y")
            raise AuthenticationFailed(
                f"La clé d’API {cle.prefix} a expiré le {echeance}\u00a0: demandez-en une "
                "nouvelle à l’administrateur de votre organisation.",
                code="cle_expiree",
            )
        return cle

    def authenticate_header(self, request) -> str:
        return f'{MOT_CLE} realm="api"'
