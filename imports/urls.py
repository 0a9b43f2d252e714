from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouveau/", views.nouveau, name="nouveau"),
    path("schema.json", views.schema, name="schema"),
    path("exemple.csv", views.exemple, name="exemple"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etat.json", views.etat, name="etat"),
    path("<int:pk>/erreurs.csv", views.erreurs, name="erreurs"),
    path("<int:pk>/executer/", views.executer, name="executer"),
    path("<int:pk>/reprendre/", views.reprendre, name="reprendre"),
]
