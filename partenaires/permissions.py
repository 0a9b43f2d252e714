"""What a key may do (REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]).

A view says which scope it needs (`portee_requise`, `lecture` by default). Reading is
open to anonymous calls; a call with a key needs the key to have the scope (403
otherwise, in French). An operation that needs another scope (imports, webhooks)
needs a key: without one, 401.
"""

from rest_framework.permissions import BasePermission

from partenaires.models import CleApi, Portee


def portee_requise(view) -> str:
    return getattr(view, "portee_requise", Portee.LECTURE)


class PorteeRequise(BasePermission):
    code = "portee_insuffisante"

    def has_permission(self, request, view) -> bool:
        portee = portee_requise(view)
        cle = request.auth
        if not isinstance(cle, CleApi):
            # Anonymous: reading only (DRF answers 401 to the others, as a key is needed).
            return portee == Portee.LECTURE
        if cle.permet(portee):
            return True
        self.message = (
            f"La clé d’API {cle.prefix} n’a pas le droit «\u00a0{Portee(portee).label}\u00a0» "
            "que demande cette opération\u00a0: l’administrateur de votre organisation peut "
            "créer une clé qui l’a."
        )
        return False
