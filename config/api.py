"""The partners' REST API, version 1 (namespace versioning: /api/v1/...): the
composition of each app's viewsets with the API-wide pieces of api/.

To add an endpoint: write its serializer and viewset in the `api` package of the app
that owns the data, and register the viewset on the router below. It then inherits
from REST_FRAMEWORK (config/settings.py) the JSON renderer, the django-filter backend,
anonymous access and the rate limit (api/throttling.py); a list takes a paginator
from api/pagination.py (PaginationParPage, or a class built on ConventionsDePagination);
its schema appears in /api/v1/schema/ and on the documentation page by itself.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api.documentation import DocumentationView
from api.exceptions import Introuvable
from collectifs.api.views import CollectifViewSet
from essaimage.api.views import RepriseViewSet
from imports.api.views import ImportViewSet, erreurs_csv
from pratiques.api.retraits import RetraitViewSet
from pratiques.api.versions import VersionPublieeViewSet
from pratiques.api.views import PratiqueViewSet
from pratiques.recherche import CANDIDATS
from prix.api.views import EditionViewSet, LaureatViewSet
from territoires.api.views import TerritoireViewSet
from webhooks.api.views import PointViewSet

router = DefaultRouter()
router.register("territoires", TerritoireViewSet, basename="territoire")
# Before "pratiques": its address would otherwise read as a fiche's slug.
router.register("pratiques/retraits", RetraitViewSet, basename="retrait")
router.register("pratiques", PratiqueViewSet, basename="pratique")
router.register(
    r"pratiques/(?P<slug>[-\w]+)/versions", VersionPublieeViewSet, basename="version-pratique"
)
router.register("collectifs", CollectifViewSet, basename="collectif")
router.register("webhooks", PointViewSet, basename="webhook")
router.register("prix/editions", EditionViewSet, basename="prix-edition")
router.register("prix/laureats", LaureatViewSet, basename="prix-laureat")
router.register("reprises", RepriseViewSet, basename="reprise")
router.register("imports", ImportViewSet, basename="import")

# What the API's pages (/api/, api/pages.py) tell about the resources; passed from
# here, as api/ imports no domain app.
FAITS_POUR_LES_PAGES = {"candidats": CANDIDATS}

urlpatterns = [
    path("imports/<int:pk>/erreurs.csv", erreurs_csv(), name="import-erreurs"),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocumentationView.as_view(), name="docs"),
    # Swagger UI, kept as an alternative (see api/documentation.py for why); its init
    # script is loaded from its own URL (?script), not inline, for the CSP.
    path(
        "docs/console/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/console.html"),
        name="console",
    ),
    # Anything else under /api/v1/: a JSON 404, as every error of the API.
    re_path(r"^[\s\S]*$", Introuvable.as_view()),
]
