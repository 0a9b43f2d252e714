"""The partners' REST API, version 1 (namespace versioning: /api/v1/...).

Each app exposes its viewsets from its own `api` module; they are registered here.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from collectifs.api.views import CollectifViewSet
from pratiques.api.views import PratiqueViewSet
from territoires.api.views import TerritoireViewSet

router = DefaultRouter()
router.register("territoires", TerritoireViewSet, basename="territoire")
router.register("pratiques", PratiqueViewSet, basename="pratique")
router.register("collectifs", CollectifViewSet, basename="collectif")

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="schema", template_name="api/documentation.html"),
        name="docs",
    ),
]
