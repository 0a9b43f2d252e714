from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from pratiques.sitemaps import SITEMAPS, robots_txt
from pratiques.views import recherche as pratiques_recherche

urlpatterns = [
    # The home page shows published fiches: it belongs to pratiques.
    path("", pratiques_recherche.accueil, name="accueil"),
    path("", include("core.urls")),
    path("compte/", include("comptes.urls")),
    path("pratiques/", include("pratiques.urls")),
    path("territoires/", include("territoires.urls")),
    path("collectifs/", include("collectifs.urls")),
    path("api/v1/", include(("config.api", "v1"), namespace="v1")),
    path("api/", include("pratiques.api.urls")),
    path("administration/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
