from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouveau/", views.nouveau, name="nouveau"),
    path("<int:pk>/", views.point, name="point"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/supprimer/", views.supprimer, name="supprimer"),
    path("<int:pk>/<str:action>/", views.agir, name="agir"),
]
