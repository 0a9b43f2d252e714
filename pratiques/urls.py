from django.urls import path

from pratiques.views import actualite, contribution, moderation, public, versions

app_name = "pratiques"

urlpatterns = [
    # authors
    path("proposer/", contribution.proposer, name="proposer"),
    path("mes-fiches/", contribution.mes_fiches, name="mes_fiches"),
    path("<int:pk>/modifier/", contribution.modifier, name="modifier"),
    path("<int:pk>/modifier/<slug:etape>/", contribution.modifier_etape, name="modifier_etape"),
    path("<int:pk>/soumettre/", contribution.soumettre, name="soumettre"),
    path("<int:pk>/historique/", contribution.historique, name="historique"),
    path("<int:pk>/documents/", contribution.ajouter_document, name="ajouter_document"),
    path("documents/<int:pk>/", public.document, name="document"),
    # modérateurs
    path("moderation/", moderation.file, name="file_moderation"),
    path("moderation/<int:pk>/", moderation.moderer, name="moderer"),
    path("moderation/<int:pk>/archiver/", moderation.archiver, name="archiver"),
    path("moderation/anciennes/", actualite.anciennes, name="anciennes"),
    # everyone
    path("fiche/<slug:slug>/", public.fiche, name="fiche"),
    path("fiche/<slug:slug>/contacter/", public.contacter, name="contacter"),
    path("fiche/<slug:slug>/versions/", versions.liste, name="versions"),
    path("fiche/<slug:slug>/versions/<int:numero>/", versions.version, name="version"),
    path("actualite/<str:jeton>/", actualite.confirmer, name="actualite"),
]
