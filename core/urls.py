from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path(
        "a-propos/",
        views.PageView.as_view(template_name="core/a_propos.html", titre="À propos"),
        name="a_propos",
    ),
    path(
        "accessibilite/",
        views.PageView.as_view(
            template_name="core/accessibilite.html", titre="Déclaration d’accessibilité"
        ),
        name="accessibilite",
    ),
    path(
        "mentions-legales/",
        views.PageView.as_view(
            template_name="core/mentions_legales.html",
            titre="Mentions légales et données personnelles",
        ),
        name="mentions_legales",
    ),
    path("healthz", views.healthz, name="healthz"),
]
