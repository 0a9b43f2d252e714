from django.urls import path

from comptes import views

app_name = "comptes"

urlpatterns = [
    path("inscription/", views.InscriptionView.as_view(), name="inscription"),
    path(
        "inscription/envoyee/",
        views.page("inscription_envoyee", "Confirmez votre adresse e-mail"),
        name="inscription_envoyee",
    ),
    path("confirmation/<str:jeton>/", views.confirmation, name="confirmation"),
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", views.DeconnexionView.as_view(), name="deconnexion"),
    path("mot-de-passe/oubli/", views.MotDePasseOublieView.as_view(), name="mot_de_passe_oublie"),
    path(
        "mot-de-passe/oubli/envoye/",
        views.page("mot_de_passe_oublie_envoye", "Vérifiez votre messagerie"),
        name="mot_de_passe_oublie_envoye",
    ),
    path(
        "mot-de-passe/reinitialiser/<uidb64>/<token>/",
        views.ReinitialisationView.as_view(),
        name="reinitialisation",
    ),
    path(
        "mot-de-passe/reinitialise/",
        views.page("reinitialisation_terminee", "Mot de passe modifié"),
        name="reinitialisation_terminee",
    ),
    path("", views.MonCompteView.as_view(), name="mon_compte"),
]
