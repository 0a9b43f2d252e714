"""Request size limits apply before the body is read: a Content-Length above the limit
of its path is refused with 413 (a French page, or the API's JSON error), and nothing
is saved. The request below really declares the large size and sends the body."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from core.securite import en_mo, limite_pour
from pratiques import services
from pratiques.models import PieceJointe
from tests.outils import connecte
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db

MO = 1024 * 1024


class CorpsQuiNeDoitPasEtreLu(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read before the size was checked")

    readline = read


def requete(client, methode, url, taille, content_type):
    return client.generic(
        methode, url, data=b"", content_type=content_type,
        CONTENT_LENGTH=str(taille), **{"wsgi.input": CorpsQuiNeDoitPasEtreLu()},
    )  # fmt: skip


def test_la_taille_s_ecrit_en_mo_a_la_francaise():
    assert en_mo(11 * MO) == "11\u00a0Mo"
    assert en_mo(MO // 2) == "0,5\u00a0Mo"


def test_les_limites_par_chemin():
    assert limite_pour("/pratiques/12/documents/") == 11 * MO
    assert limite_pour("/partenaires/imports/") == 21 * MO
    assert limite_pour("/api/v1/imports/") == 21 * MO
    assert limite_pour("/compte/connexion/") == 1 * MO
    assert limite_pour("/pratiques/12/documents/autre/") == 1 * MO


def test_un_document_trop_gros_est_refuse_avant_lecture_avec_une_page_en_francais(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    url = reverse("pratiques:ajouter_document", args=[fiche.pk])
    reponse = requete(connecte(auteur), "POST", url, 50 * MO, "multipart/form-data; boundary=x")
    assert reponse.status_code == 413
    html = reponse.content.decode()
    assert "Envoi trop volumineux" in html
    assert "(11\u00a0Mo)" in html
    assert "Rien n’a été enregistré" in html
    assert not PieceJointe.objects.exists()


def test_un_formulaire_ordinaire_au_dela_d_un_mo_est_refuse(db):
    reponse = requete(
        Client(), "POST", reverse("comptes:connexion"), 2 * MO, "application/x-www-form-urlencoded"
    )
    assert reponse.status_code == 413


def test_l_api_refuse_un_corps_trop_gros_en_json(db):
    reponse = requete(Client(), "POST", "/api/v1/webhooks/", 5 * MO, "application/json")
    assert reponse.status_code == 413
    assert reponse["Content-Type"] == "application/json"
    assert reponse.json() == {
        "detail": "La demande dépasse la taille maximale acceptée à cette adresse (1\u00a0Mo).",
        "code": "requete_trop_grande",
    }


def test_un_envoi_sous_la_limite_passe_et_la_limite_se_regle(settings, geo, auteur, medias):
    settings.LIMITES_TAILLE_REQUETE = {r"^/pratiques/\d+/documents/$": 100}
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    url = reverse("pratiques:ajouter_document", args=[fiche.pk])
    pdf = io.BytesIO(b"%PDF-1.4\n" + b"x" * 200)
    pdf.name = "rapport.pdf"
    assert connecte(auteur).post(url, {"fichier": pdf, "titre": "R"}).status_code == 413
    settings.LIMITES_TAILLE_REQUETE = {r"^/pratiques/\d+/documents/$": 10 * MO}
    pdf.seek(0)
    assert connecte(auteur).post(url, {"fichier": pdf, "titre": "R"}).status_code == 302
    assert PieceJointe.objects.count() == 1
