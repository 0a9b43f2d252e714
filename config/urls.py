from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("compte/", include("comptes.urls")),
    path("pratiques/", include("pratiques.urls")),
    path("api/v1/", include(("config.api", "v1"), namespace="v1")),
    path("administration/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
