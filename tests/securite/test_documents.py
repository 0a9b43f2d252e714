"""Uploaded documents cannot run in the site's origin: a PDF is a download, an image is
shown inline but sandboxed, the type sent is the one read from the content at upload,
never the name or type the client gave."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pratiques import services
from pratiques.models import PieceJointe
from tests.outils import connecte
from tests.pratiques.factories import contenu_complet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("medias")]

PDF = b"%PDF-1.4\n<script>alert(document.domain)</script>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"<svg onload=alert(1)>" + b"\x00" * 40


def publier_avec_document(auteur, moderateur, nom, contenu, type_client, **champs):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    reponse = connecte(auteur).post(
        reverse("pratiques:ajouter_document", args=[fiche.pk]),
        {"fichier": SimpleUploadedFile(nom, contenu, content_type=type_client), **champs},
    )
    assert reponse.status_code == 302
    services.soumettre(fiche, par=auteur, donnees_personnelles_relues=True)
    services.publier(fiche, par=moderateur, confirme_donnees_personnelles=True)
    return PieceJointe.objects.get(fiche=fiche)


def entetes_communs_sandbox(reponse):
    assert reponse["X-Content-Type-Options"] == "nosniff"
    politique = [d.strip() for d in reponse["Content-Security-Policy"].split(";")]
    assert "sandbox" in politique
    assert "default-src 'none'" in politique
    assert "script-src 'self'" not in reponse["Content-Security-Policy"]


def test_un_pdf_envoye_comme_du_html_est_telecharge_et_jamais_affiche(geo, auteur, moderateur_nord):
    piece = publier_avec_document(
        auteur, moderateur_nord, "page.html", PDF, "text/html", titre="Rapport"
    )
    assert piece.type_mime == "application/pdf"
    reponse = Client().get(reverse("pratiques:document", args=[piece.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"] == 'attachment; filename="rapport.pdf"'
    entetes_communs_sandbox(reponse)
    assert b"".join(reponse.streaming_content) == PDF


def test_une_image_nommee_svg_est_servie_en_png_dans_un_bac_a_sable(geo, auteur, moderateur_nord):
    piece = publier_avec_document(
        auteur, moderateur_nord, "dessin.svg", PNG, "image/svg+xml",
        titre="Dessin", texte_alternatif="Un dessin d’enfant",
    )  # fmt: skip
    reponse = Client().get(reverse("pratiques:document", args=[piece.pk]))
    assert reponse["Content-Type"] == "image/png"
    assert reponse["Content-Disposition"] == 'inline; filename="dessin.png"'
    entetes_communs_sandbox(reponse)


def test_un_vrai_svg_est_refuse_a_l_envoi(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    reponse = connecte(auteur).post(
        reverse("pratiques:ajouter_document", args=[fiche.pk]),
        {
            "fichier": SimpleUploadedFile("image.svg", svg, content_type="image/svg+xml"),
            "titre": "Image",
            "texte_alternatif": "Une image",
        },
    )
    assert reponse.status_code == 200
    assert "n’est ni un PDF ni une image PNG, JPEG ou WebP" in reponse.content.decode()
    assert not PieceJointe.objects.exists()


def test_un_type_inconnu_en_base_est_servi_comme_un_telechargement_binaire(
    geo, auteur, moderateur_nord
):
    piece = publier_avec_document(
        auteur, moderateur_nord, "rapport.pdf", PDF, "application/pdf", titre="Rapport"
    )
    # A type this module does not serve (an older rule, a manual edit): never rendered.
    PieceJointe.objects.filter(pk=piece.pk).update(
        type_mime="image/svg+xml", texte_alternatif="Un schéma"
    )
    reponse = Client().get(reverse("pratiques:document", args=[piece.pk]))
    assert reponse["Content-Type"] == "application/octet-stream"
    assert reponse["Content-Disposition"].startswith("attachment;")
    entetes_communs_sandbox(reponse)
