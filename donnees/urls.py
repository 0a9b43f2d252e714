from django.urls import path

from donnees import views

app_name = "donnees"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("dictionnaire/", views.dictionnaire, name="dictionnaire"),
    path("schema.json", views.schema, name="schema"),
    path("export.csv", views.exporter, {"format": "csv"}, name="export_csv"),
    path("export.json", views.exporter, {"format": "json"}, name="export_json"),
    path("depots/<int:pk>/<str:nom>", views.depot, name="depot"),
]
