from django.urls import path

from prix.views import candidatures, gestion, invitation, jury, public

app_name = "prix"

urlpatterns = [
    path("", public.editions, name="editions"),
    path("nouvelle-edition/", gestion.nouvelle_edition, name="nouvelle_edition"),
    path("invitation/<str:jeton>/", invitation.invitation, name="invitation"),
    path("<int:annee>/", public.edition, name="edition"),
    path("<int:annee>/candidater/<slug:slug>/", candidatures.candidater, name="candidater"),
    path("<int:annee>/nominations/", candidatures.nominations, name="nominations"),
    path("<int:annee>/jurys/ouvrir/", candidatures.ouvrir_jury, name="ouvrir_jury"),
    path("<int:annee>/jury/<int:pk>/", jury.jury, name="jury"),
    path("<int:annee>/jury/<int:pk>/inviter/", jury.inviter, name="inviter"),
    path("<int:annee>/jury/<int:pk>/clore/", jury.clore, name="clore"),
    path("<int:annee>/jury/<int:pk>/departager/", jury.departager, name="departager"),
    path("<int:annee>/jury/<int:pk>/publier/", jury.publier, name="publier"),
    path("<int:annee>/jury/<int:pk>/noter/<int:candidature>/", jury.noter, name="noter"),
    path(
        "<int:annee>/jury/<int:pk>/conflit/<int:candidature>/",
        jury.declarer_conflit,
        name="conflit",
    ),
]
