"""The personal-data guard over attached documents (issue 15): the text of a PDF, the
title and the alternative text of an image are scanned like the fiche's text, shown to
the author on the review step and to the moderator; a PDF whose text cannot be read is
accepted with a warning. The PDFs are built here, real and small."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pratiques import pieces_jointes, services
from pratiques.models import PieceJointe
from tests.outils import connecte
from tests.pratiques.factories import contenu_complet
from tests.pratiques.test_documents import PDF, PNG, envoyer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("medias")]


@pytest.fixture
def brouillon(geo, auteur):
    return services.creer_brouillon(auteur=auteur, contenu=contenu_complet())


def pdf_avec_texte(lignes):
    flux = "BT /F1 12 Tf 50 750 Td 14 TL " + " ".join(f"({ligne}) '" for ligne in lignes) + " ET"
    flux = flux.encode("latin-1")
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(flux) + flux + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    sortie = bytearray(b"%PDF-1.4\n")
    positions = []
    for i, objet in enumerate(objets, 1):
        positions.append(len(sortie))
        sortie += b"%d 0 obj\n" % i + objet + b"\nendobj\n"
    xref = len(sortie)
    sortie += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objets) + 1)
    for p in positions:
        sortie += b"%010d 00000 n \n" % p
    sortie += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objets) + 1,
        xref,
    )
    return bytes(sortie)


COMPTE_RENDU = pdf_avec_texte(
    ["Compte rendu de l'atelier du 12 mars.", "Kevin, 14 ans, ne venait plus au college."]
)
AFFICHE = pdf_avec_texte(["Cafe des familles", "Centre social Jean Mace, le mardi a 9 h."])


def revue(fiche):
    return reverse("pratiques:modifier_etape", args=[fiche.pk, "verifier"])


def test_le_texte_d_un_pdf_est_lu_et_ses_donnees_personnelles_signalees(brouillon, auteur):
    client = connecte(auteur)
    assert (
        envoyer(client, brouillon, "cr.pdf", COMPTE_RENDU, titre="Compte rendu").status_code == 302
    )
    piece = PieceJointe.objects.get()
    assert "Kevin, 14 ans" in piece.texte_extrait
    trouves = [(s.champ, s.type, s.extrait) for s in services.signalements_de(brouillon)]
    assert trouves == [("Document « Compte rendu » — texte du PDF", "prenom_age", "Kevin, 14 ans")]
    # Shown to the author on the review step, linked to the documents.
    html = client.get(revue(brouillon)).content.decode()
    assert "Document « Compte rendu » — texte du PDF" in html
    assert "<mark>Kevin, 14 ans</mark>" in html
    # Submitting needs the same acknowledgement as the fiche's own text.
    reponse = client.post(revue(brouillon), {"action": "soumettre"})
    assert reponse.status_code == 200
    brouillon.refresh_from_db()
    assert brouillon.etat == "brouillon"
    with pytest.raises(services.DonneesPersonnellesAConfirmer):
        services.soumettre(brouillon, par=auteur)
    services.soumettre(brouillon, par=auteur, donnees_personnelles_relues=True)
    brouillon.refresh_from_db()
    assert brouillon.etat == "soumise"


def test_un_pdf_sans_donnee_personnelle_ne_demande_rien(brouillon, auteur):
    envoyer(connecte(auteur), brouillon, "affiche.pdf", AFFICHE, titre="Affiche du café")
    assert "Centre social Jean Mace" in PieceJointe.objects.get().texte_extrait
    assert services.signalements_de(brouillon) == []
    services.soumettre(brouillon, par=auteur)  # no acknowledgement needed
    brouillon.refresh_from_db()
    assert brouillon.etat == "soumise"


def test_un_pdf_illisible_est_accepte_avec_un_avertissement_en_francais(brouillon, auteur):
    client = connecte(auteur)
    reponse = envoyer(client, brouillon, "abime.pdf", PDF + b"\x00garbage", titre="Abîmé")
    assert reponse.status_code == 302
    assert PieceJointe.objects.get().texte_extrait == ""
    html = client.get(reponse["Location"]).content.decode()
    assert "Le texte de ce PDF n’a pas pu être lu" in html
    assert services.signalements_de(brouillon) == []


def test_le_titre_et_le_texte_alternatif_d_une_image_sont_verifies(brouillon, auteur):
    envoyer(
        connecte(auteur), brouillon, "photo.png", PNG,
        titre="Photo de Lina (7 ans)", texte_alternatif="Karim Haddad, au RSA, devant la porte",
    )  # fmt: skip
    trouves = {(s.champ, s.extrait) for s in services.signalements_de(brouillon)}
    assert trouves == {
        ("Document « Photo de Lina (7 ans) » — titre", "Lina (7 ans)"),
        ("Document « Photo de Lina (7 ans) » — texte alternatif", "Karim Haddad"),
    }


def test_le_moderateur_voit_les_signalements_des_documents(brouillon, auteur, moderateur_nord):
    envoyer(connecte(auteur), brouillon, "cr.pdf", COMPTE_RENDU, titre="Compte rendu")
    services.soumettre(brouillon, par=auteur, donnees_personnelles_relues=True)
    client = Client()
    client.force_login(moderateur_nord)
    html = client.get(reverse("pratiques:moderer", args=[brouillon.pk])).content.decode()
    assert "Document « Compte rendu » — texte du PDF" in html
    assert "<mark>Kevin, 14 ans</mark>" in html
    with pytest.raises(services.DonneesPersonnellesAConfirmer):
        services.publier(brouillon, par=moderateur_nord)
    services.publier(brouillon, par=moderateur_nord, confirme_donnees_personnelles=True)


def test_la_lecture_d_un_pdf_est_bornee(monkeypatch):
    monkeypatch.setattr(pieces_jointes, "CARACTERES_LUS_MAX", 20)
    texte, avertissement = pieces_jointes.texte_du_pdf(SimpleUploadedFile("a.pdf", COMPTE_RENDU))
    assert (len(texte), avertissement) == (20, "")


def test_les_pdf_joints_avant_retrouvent_leur_texte(brouillon, auteur):
    from io import StringIO

    from django.core.management import call_command

    fichier = SimpleUploadedFile("cr.pdf", COMPTE_RENDU, content_type="application/pdf")
    piece = pieces_jointes.ajouter(brouillon, par=auteur, fichier=fichier, titre="Compte rendu")
    PieceJointe.objects.filter(pk=piece.pk).update(texte_extrait="")  # as attached before
    sortie = StringIO()
    call_command("extraire_textes_pdf", stdout=sortie)
    assert "Documents PDF lus : 1, dont 1 avec un texte." in sortie.getvalue()
    assert "Kevin, 14 ans" in PieceJointe.objects.get(pk=piece.pk).texte_extrait
    call_command("extraire_textes_pdf", stdout=sortie)
    assert "Documents PDF lus : 0, dont 0 avec un texte." in sortie.getvalue()
