from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config.api import FAITS_POUR_LES_PAGES
from decouverte.sitemaps import SITEMAPS, robots_txt
from decouverte.views import recherche as decouverte_recherche

urlpatterns = [
    # The home page is the door to discovery.
    path("", decouverte_recherche.accueil, name="accueil"),
    path("", include("core.urls")),
    path("compte/", include("comptes.urls")),
    path("compte/", include("droits.urls")),
    path("pratiques/", include("pratiques.urls")),
    path("pratiques/", include("decouverte.urls")),
    path("pratiques/", include("essaimage.urls")),
    path("territoires/", include("territoires.urls")),
    path("collectifs/", include("collectifs.urls")),
    path("partenaires/imports/", include("imports.urls")),
    path("partenaires/", include("partenaires.urls")),
    path("partenaires/webhooks/", include("webhooks.urls")),
    path("donnees/", include("donnees.urls")),
    path("prix/", include("prix.urls")),
    path("suivis/", include("suivis.urls")),
    path("chiffres/", include("chiffres.urls")),
    path("api/v1/", include(("config.api", "v1"), namespace="v1")),
    path("api/", include("api.urls"), FAITS_POUR_LES_PAGES),
    path("administration/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

# French pages in the site's layout (core/erreurs.py); the CSRF one is CSRF_FAILURE_VIEW.
handler400 = "core.erreurs.requete_invalide"
handler403 = "core.erreurs.acces_refuse"
handler404 = "core.erreurs.page_introuvable"
handler500 = "core.erreurs.erreur_serveur"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
