from django.urls import path

from pratiques import views

app_name = "pratiques"

urlpatterns = [
    path("recherche/", views.recherche, name="recherche"),
]
