from django.urls import path

from essaimage import views

app_name = "essaimage"

# Mounted under /pratiques/, beside the fiche's own addresses.
urlpatterns = [
    path("fiche/<slug:slug>/reprises/", views.reprises, name="reprises"),
    path("fiche/<slug:slug>/reprises/declarer/", views.declarer, name="declarer"),
    path("mes-reprises/", views.mes_reprises, name="mes_reprises"),
    path("reprises/<int:pk>/rediger-la-fiche/", views.rediger, name="rediger"),
    path("moderation/reprises/", views.file, name="file"),
    path("moderation/reprises/<int:pk>/", views.moderer, name="moderer"),
]
