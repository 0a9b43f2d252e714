"""What search engines see: sitemap.xml lists the static pages, the published fiches
only (with their last change) and the pages of the territories that have fiches;
robots.txt keeps them out of private areas and points to the sitemap."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from pratiques import services
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def lire_sitemap(client) -> dict[str, str | None]:
    reponse = client.get("/sitemap.xml")
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("application/xml")
    racine = ET.fromstring(reponse.content)  # noqa: S314 — our own response
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in racine.iter(f"{SITEMAP}url")
    }


def absolu(chemin: str) -> str:
    return "http://testserver" + chemin


def page_de(territoire) -> str:
    return reverse("decouverte:territoire", args=[territoire.niveau, territoire.code])


def test_le_plan_du_site_ne_liste_que_les_fiches_publiees(client, geo, auteur):
    publiee, _ = services.importer(
        contenu=contenu_complet(titre="Un café des familles publié"),
        source="tests",
        identifiant="1",
        publier=True,
    )
    soumise = services.creer_brouillon(
        auteur=auteur, contenu=contenu_complet(titre="Une fiche en relecture")
    )
    services.soumettre(soumise, par=auteur)
    brouillon = services.creer_brouillon(
        auteur=auteur, contenu=contenu_complet(titre="Un brouillon")
    )

    urls = lire_sitemap(client)

    lien_publiee = absolu(reverse("pratiques:fiche", args=[publiee.slug]))
    assert lien_publiee in urls
    assert urls[lien_publiee] == timezone.localtime(publiee.modifiee_le).date().isoformat()
    for fiche in (soumise, brouillon):
        assert absolu(reverse("pratiques:fiche", args=[fiche.slug])) not in urls
    assert sum("/pratiques/fiche/" in url for url in urls) == 1


def test_le_plan_du_site_liste_les_pages_fixes_et_les_territoires_qui_ont_des_fiches(client, geo):
    services.importer(
        contenu=contenu_complet(territoires=["commune:59350"]),
        source="tests",
        identifiant="lille",
        publier=True,
    )
    urls = lire_sitemap(client)
    for nom in ("accueil", "decouverte:recherche", "core:mentions_legales"):
        assert absolu(reverse(nom)) in urls
    # Lille and every territory containing it have a fiche inside; Arras has none.
    for territoire in (geo.lille, geo.mel, geo.nord, geo.hdf, geo.france):
        assert absolu(page_de(territoire)) in urls
    for territoire in (geo.arras, geo.pas_de_calais, geo.belgique):
        assert absolu(page_de(territoire)) not in urls


def test_robots_txt_ecarte_les_espaces_prives_et_annonce_le_plan_du_site(client, settings):
    settings.SITE_URL = "https://pratiques.exemple.gouv.fr"
    reponse = client.get("/robots.txt")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/plain; charset=utf-8"
    lignes = reponse.content.decode().splitlines()
    assert "User-agent: *" in lignes
    for chemin in ("/administration/", "/compte/", "/pratiques/moderation/", "/pratiques/alertes/"):
        assert f"Disallow: {chemin}" in lignes
    # The API and its documentation stay open to crawlers.
    assert not any(ligne.startswith("Disallow: /api") for ligne in lignes)
    assert "Sitemap: https://pratiques.exemple.gouv.fr/sitemap.xml" in lignes
