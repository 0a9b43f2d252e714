from django.urls import path

from droits import views

app_name = "droits"

urlpatterns = [
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("mes-donnees.json", views.exporter, name="export"),
    path("adresse/", views.changer_adresse, name="adresse"),
    path("adresse/confirmer/<str:jeton>/", views.confirmer_adresse, name="confirmer_adresse"),
    path("mot-de-passe/", views.MotDePasseView.as_view(), name="mot_de_passe"),
    path("supprimer/", views.supprimer, name="supprimer"),
    path("supprime/", views.compte_supprime, name="compte_supprime"),
    path("fiches-transferees/<str:jeton>/", views.transfert, name="transfert"),
    path("roles/", views.gestion_roles, name="roles"),
    path("roles/<int:pk>/", views.role, name="role"),
]
