from django.urls import path

from suivis import views

app_name = "suivis"

urlpatterns = [
    path("", views.mes_suivis, name="mes_suivis"),
    path("fiche/<int:pk>/", views.fiche, name="fiche"),
    path("territoire/<int:pk>/", views.territoire, name="territoire"),
]
