from django.urls import path

from collectifs.views import gestion, membres, public, reconnaissance

app_name = "collectifs"

# These words come before `<slug>/`: services.SLUGS_RESERVES keeps collectifs off them.
urlpatterns = [
    path("", public.liste, name="liste"),
    path("declarer/", membres.declarer, name="declarer"),
    path("mes-collectifs/", membres.mes_collectifs, name="mes_collectifs"),
    path("fiche/<int:pk>/collectif/", membres.lier_ma_fiche, name="lier_ma_fiche"),
    # the recognition body
    path("reconnaissance/", reconnaissance.file, name="file"),
    path("reconnaissance/quotas/", reconnaissance.quotas, name="quotas"),
    path(
        "reconnaissance/rapports/<int:pk>/accuser-reception/",
        reconnaissance.accuser_reception,
        name="accuser_reception",
    ),
    path("reconnaissance/<slug:slug>/", reconnaissance.examiner, name="examiner"),
    # everyone, then members
    path("<slug:slug>/", public.collectif, name="collectif"),
    path("<slug:slug>/contacter/", public.contacter, name="contacter"),
    path("<slug:slug>/rejoindre/", membres.rejoindre, name="rejoindre"),
    path("<slug:slug>/ma-participation/", membres.participation, name="participation"),
    path("<slug:slug>/quitter/", membres.quitter, name="quitter"),
    # animateurs
    path("<slug:slug>/gerer/", gestion.gerer, name="gerer"),
    path("<slug:slug>/gerer/candidature/", gestion.candidater, name="candidater"),
    path("<slug:slug>/gerer/membres/", gestion.liste_membres, name="membres"),
    path(
        "<slug:slug>/gerer/membres/<int:pk>/<slug:action>/",
        gestion.action_membre,
        name="action_membre",
    ),
    path("<slug:slug>/gerer/moyens/", gestion.page_moyens, name="moyens"),
    path(
        "<slug:slug>/gerer/moyens/<slug:genre>/<int:pk>/supprimer/",
        gestion.supprimer_moyen,
        name="supprimer_moyen",
    ),
    path("<slug:slug>/gerer/rapports/", gestion.rapports, name="rapports"),
    path("<slug:slug>/gerer/fiches/", gestion.fiches, name="fiches"),
]
