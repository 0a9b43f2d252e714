from django.urls import path

from chiffres import views

app_name = "chiffres"

urlpatterns = [
    path("", views.publics, name="publics"),
    path("moderation/", views.moderation, name="moderation"),
]
