"""Attachments through the pages: PDF, PNG, JPEG or WebP recognised from their content,
10 MB at most, images with an alternative text; served only to those who may see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pratiques import services
from pratiques.models import PieceJointe
from tests.comptes.factories import UtilisateurFactory
from tests.outils import connecte
from tests.pratiques.factories import contenu_complet, fiche_publiee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("medias")]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
DIX_MO = 10 * 1024 * 1024


@pytest.fixture
def brouillon(geo, auteur):
    return services.creer_brouillon(auteur=auteur, contenu=contenu_complet())


def envoyer(client, fiche, nom, contenu, **champs):
    return client.post(
        reverse("pratiques:ajouter_document", args=[fiche.pk]),
        {"fichier": SimpleUploadedFile(nom, contenu), **champs},
    )


def test_un_pdf_est_joint_a_un_brouillon(brouillon, auteur):
    reponse = envoyer(connecte(auteur), brouillon, "affiche.pdf", PDF, titre="Affiche")
    assert reponse.status_code == 302
    assert reponse["Location"].endswith("#documents")
    piece = PieceJointe.objects.get()
    assert (piece.type_mime, piece.titre, piece.taille) == ("application/pdf", "Affiche", len(PDF))
    assert piece.fichier.name.endswith(".pdf")
    # The documents are on the editor's last step, where the fiche is reviewed.
    revue = reverse("pratiques:modifier_etape", args=[brouillon.pk, "verifier"])
    assert reponse["Location"] == f"{revue}#documents"
    html = connecte(auteur).get(revue).content.decode()
    assert "Affiche" in html and reverse("pratiques:document", args=[piece.pk]) in html


def test_un_fichier_nomme_pdf_qui_est_une_image_png_est_enregistre_comme_png(brouillon, auteur):
    envoyer(
        connecte(auteur), brouillon, "photo.pdf", PNG,
        titre="Le café", texte_alternatif="Des parents autour d’une table",
    )  # fmt: skip
    piece = PieceJointe.objects.get()
    assert piece.type_mime == "image/png"
    assert piece.fichier.name.endswith(".png")


def test_un_executable_renomme_en_pdf_est_refuse_avec_un_message_en_francais(brouillon, auteur):
    reponse = envoyer(connecte(auteur), brouillon, "programme.pdf", EXE, titre="Programme")
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "n’est ni un PDF ni une image PNG, JPEG ou WebP" in html
    assert 'class="fr-upload-group fr-upload-group--error' in html
    assert not PieceJointe.objects.exists()


def test_un_fichier_de_plus_de_10_mo_est_refuse(brouillon, auteur):
    reponse = envoyer(connecte(auteur), brouillon, "gros.pdf", PDF + b"0" * (DIX_MO + 1 - len(PDF)))
    assert "dépasse la taille maximale de 10 Mo" in reponse.content.decode()
    assert not PieceJointe.objects.exists()


def test_un_fichier_de_10_mo_tout_juste_est_accepte(brouillon, auteur):
    reponse = envoyer(connecte(auteur), brouillon, "juste.pdf", PDF + b"0" * (DIX_MO - len(PDF)))
    assert reponse.status_code == 302
    assert PieceJointe.objects.get().taille == DIX_MO


def test_une_image_sans_texte_alternatif_est_refusee_a_cote_du_champ(brouillon, auteur):
    reponse = envoyer(connecte(auteur), brouillon, "photo.png", PNG, titre="Photo")
    html = reponse.content.decode()
    assert not PieceJointe.objects.exists()
    position = html.index('id="id_texte_alternatif"')
    assert "Décrivez l’image dans le champ" in html[position : position + 800]


def test_un_autre_utilisateur_ne_joint_pas_de_document(brouillon):
    reponse = envoyer(connecte(UtilisateurFactory()), brouillon, "affiche.pdf", PDF)
    assert reponse.status_code == 403 and not PieceJointe.objects.exists()


def test_une_fiche_publiee_recoit_des_documents_dans_sa_revision(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    client = connecte(auteur)
    reponse = envoyer(client, fiche, "affiche.pdf", PDF)
    assert "commencez par la modifier" in reponse.content.decode()
    services.enregistrer(fiche, par=auteur, contenu=contenu_complet(), version=fiche.version)
    assert envoyer(client, fiche, "affiche.pdf", PDF, titre="Affiche").status_code == 302
    piece = PieceJointe.objects.get()
    assert piece.revision is not None
    # Not public until the revision is published.
    assert Client().get(reverse("pratiques:document", args=[piece.pk])).status_code == 404
    assert (
        "Affiche"
        not in Client().get(reverse("pratiques:fiche", args=[fiche.slug])).content.decode()
    )


# --- Serving ---------------------------------------------------------------------------


def test_le_document_d_une_fiche_non_publiee_est_introuvable_pour_un_anonyme(brouillon, auteur):
    envoyer(connecte(auteur), brouillon, "affiche.pdf", PDF, titre="Affiche")
    url = reverse("pratiques:document", args=[PieceJointe.objects.get().pk])
    assert Client().get(url).status_code == 404
    assert connecte(UtilisateurFactory()).get(url).status_code == 404
    reponse = connecte(auteur).get(url)
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == PDF
    assert reponse["Cache-Control"] == "private, no-store"


def test_le_document_est_servi_avec_son_type_reel_et_un_nom_sur(geo, auteur, moderateur_nord):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    envoyer(
        connecte(auteur), fiche, "../../etc/passwd.pdf", PNG,
        titre='Photo "du" café/../..', texte_alternatif="Des parents autour d’une table",
    )  # fmt: skip
    services.soumettre(fiche, par=auteur)
    services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    piece = PieceJointe.objects.get()
    reponse = Client().get(reverse("pratiques:document", args=[piece.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "image/png"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Content-Disposition"] == 'inline; filename="photo-du-cafe.png"'
    # The image is shown on the public page with its alternative text.
    html = Client().get(reverse("pratiques:fiche", args=[fiche.slug])).content.decode()
    assert 'alt="Des parents autour d’une table"' in html
