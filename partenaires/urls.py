from django.urls import path

from partenaires import views

app_name = "partenaires"

urlpatterns = [
    path("cles/", views.cles, name="cles"),
    path("cles/nouvelle/", views.nouvelle_cle, name="nouvelle_cle"),
    path("cles/<str:prefixe>/revoquer/", views.revoquer_cle, name="revoquer_cle"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/nouvelle/", views.organisation, name="nouvelle_organisation"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/cles/", views.cles, name="cles_organisation"),
    path(
        "organisations/<int:pk>/cles/nouvelle/",
        views.nouvelle_cle,
        name="nouvelle_cle_organisation",
    ),
    path(
        "organisations/<int:pk>/cles/<str:prefixe>/revoquer/",
        views.revoquer_cle,
        name="revoquer_cle_organisation",
    ),
]
