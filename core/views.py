from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core.health import etat_des_services, processus


class PageView(TemplateView):
    """A static page whose <title> and <h1> come from `titre`."""

    titre = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(titre=self.titre, **kwargs)


@never_cache
def healthz(request):
    erreurs = etat_des_services()
    en_panne = sorted(nom for nom, erreur in erreurs.items() if erreur)
    corps = {
        "status": "error" if en_panne else "ok",
        "checks": {nom: (erreur or "ok") for nom, erreur in erreurs.items()},
        "down": en_panne,
        "process": processus(),
    }
    return JsonResponse(corps, status=503 if en_panne else 200)
