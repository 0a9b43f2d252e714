"""The partners' REST API, version 1 (namespace versioning: /api/v1/...).

Each app exposes its viewsets from its own `api` module; they are registered here.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
