"""Unversioned API pages (/api/, /api/changelog/); the versioned API is config/api.py."""

from django.urls import path

from api import pages

app_name = "api"

urlpatterns = [
    path("", pages.accueil, name="accueil"),
    path("changelog/", pages.changelog, name="changelog"),
]
