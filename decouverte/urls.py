from django.urls import path

from decouverte.views import alertes, flux, recherche, referentiel, territoire

app_name = "decouverte"

# Mounted under /pratiques/ beside pratiques.urls: the addresses people already shared
# stay the same.
urlpatterns = [
    path("recherche/", recherche.recherche, name="recherche"),
    path("recherche/flux.atom", flux.flux, name="flux"),
    path("referentiel/", referentiel.referentiel, name="referentiel"),
    path("territoire/<slug:niveau>/<str:code>/", territoire.territoire, name="territoire"),
    # saved searches
    path("alertes/", alertes.mes_alertes, name="alertes"),
    path("alertes/suivre/", alertes.suivre, name="suivre_recherche"),
    path("alertes/<int:pk>/supprimer/", alertes.supprimer, name="supprimer_alerte"),
    path("alertes/desabonnement/<str:jeton>/", alertes.desabonnement, name="desabonnement"),
]
