"""What search engines may index: sitemap.xml (static pages, published fiches,
territory pages that have fiches) and robots.txt."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import BigIntegerField, F, Func
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from pratiques.models import Fiche
from territoires.models import Territoire


class PagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "accueil",
            "decouverte:recherche",
            "territoires:trouver",
            "core:a_propos",
            "core:accessibilite",
            "core:mentions_legales",
        ]

    def location(self, item):
        return reverse(item)


class FichesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Fiche.objects.publiees().only("slug", "modifiee_le").order_by("-publiee_le", "-pk")

    def location(self, fiche):
        return reverse("pratiques:fiche", args=[fiche.slug])

    def lastmod(self, fiche):
        return fiche.modifiee_le


class Unnest(Func):
    function = "unnest"
    output_field = BigIntegerField()


class TerritoiresSitemap(Sitemap):
    """Territory pages with at least one published fiche inside: the ~35,000 others
    would only list fiches that cover the whole country or region."""

    changefreq = "weekly"

    def items(self):
        avec_fiches = (
            Fiche.objects.publiees()
            .annotate(territoire=Unnest(F("territoires_englobants")))
            .values("territoire")
            .distinct()
        )
        return (
            Territoire.objects.filter(pk__in=avec_fiches, actif=True)
            .only("niveau", "code")
            .order_by("niveau", "code")
        )

    def location(self, territoire):
        return reverse("decouverte:territoire", args=[territoire.niveau, territoire.code])


SITEMAPS = {"pages": PagesSitemap, "fiches": FichesSitemap, "territoires": TerritoiresSitemap}


@require_GET
def robots_txt(request):
    lignes = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('comptes:mon_compte')}",
        f"Disallow: {reverse('pratiques:file_moderation')}",
        f"Disallow: {reverse('decouverte:alertes')}",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lignes), content_type="text/plain; charset=utf-8")
