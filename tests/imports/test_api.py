import pytest

from imports import services
from imports.models import Import
from partenaires.models import Portee
from tests.imports.outils import contenu_csv, fichier_csv, ligne_valide
from tests.partenaires.factories import entete, nouvelle_cle

pytestmark = pytest.mark.django_db
ADRESSE = "/api/v1/imports/"


@pytest.fixture
def cle(organisation):
    return nouvelle_cle(organisation, portees=(Portee.IMPORT,))[1]


def envoyer(client, cle, fichier, **donnees):
    return client.post(ADRESSE, {"fichier": fichier, **donnees}, **entete(cle))


def test_un_envoi_avec_simulation_repond_202_et_se_suit_jusqu_a_l_execution(
    client, cle, stockage, geo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        reponse = envoyer(client, cle, fichier_csv([ligne_valide("A")]), simulation="true")

    assert reponse.status_code == 202, reponse.json()
    assert len(rappels) == 1  # the task is queued after the commit
    corps = reponse.json()
    assert (corps["etat"], corps["simulation"]) == ("en_attente", True)
    assert reponse["Location"].endswith(f"{ADRESSE}{corps['id']}/")
    services.traiter(corps["id"])

    etat = client.get(f"{ADRESSE}{corps['id']}/", **entete(cle)).json()
    assert (etat["etat"], etat["creees"], etat["pourcentage"]) == ("valide", 1, 100)

    with django_capture_on_commit_callbacks(execute=False):
        lance = client.post(f"{ADRESSE}{corps['id']}/executer/", **entete(cle))
    assert lance.status_code == 202
    services.traiter(corps["id"])
    assert Import.objects.get(pk=corps["id"]).etat == Import.Etat.TERMINE
    deja = client.post(f"{ADRESSE}{corps['id']}/executer/", **entete(cle))
    assert deja.status_code == 409
    assert deja.json()["code"] == "etat_incompatible"


def test_le_statut_montre_les_erreurs_et_le_rapport_csv_se_telecharge(client, cle, importer):
    import_ = importer(fichier_csv([ligne_valide("A", echelle_code="galaxie")]))

    etat = client.get(f"{ADRESSE}{import_.pk}/", **entete(cle)).json()
    (ligne,) = etat["lignes_en_erreur"]
    assert ligne["ligne"] == 1
    assert ligne["erreurs"][0]["colonne"] == "echelle_code"
    rapport = client.get(etat["rapport_erreurs"], **entete(cle))
    assert rapport.status_code == 200
    assert rapport["Content-Type"].startswith("text/csv")
    assert "Code inconnu «\u00a0galaxie\u00a0»" in rapport.content.decode()


def test_sans_cle_401_et_une_cle_sans_le_droit_import_403(client, organisation, stockage):
    sans = client.post(ADRESSE, {"fichier": fichier_csv([ligne_valide()])})
    assert sans.status_code == 401
    lecture = nouvelle_cle(organisation, portees=(Portee.LECTURE,))[1]
    refus = envoyer(client, lecture, fichier_csv([ligne_valide()]))
    assert refus.status_code == 403
    assert refus.json()["code"] == "portee_insuffisante"
    assert not Import.objects.exists()


def test_une_autre_organisation_ne_voit_pas_l_import(client, cle, importer):
    import_ = importer(fichier_csv([ligne_valide("A")]))
    autre = nouvelle_cle(portees=(Portee.IMPORT,))[1]

    assert client.get(f"{ADRESSE}{import_.pk}/", **entete(autre)).status_code == 404
    reponse = client.get(f"{ADRESSE}{import_.pk}/erreurs.csv", **entete(autre))
    assert reponse.status_code == 404, reponse.content


def test_un_envoi_invalide_repond_400_par_champ(client, cle, stockage):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sans_fichier = client.post(ADRESSE, {"simulation": "true"}, **entete(cle))
    assert sans_fichier.status_code == 400
    assert "fichier" in sans_fichier.json()
    mauvais = envoyer(client, cle, SimpleUploadedFile("p.txt", b"x"))
    assert mauvais.status_code == 400
    assert mauvais.json()["fichier"] == [
        "Format non pris en charge\u00a0: envoyez un fichier .csv (UTF-8), .xlsx ou .json."
    ]
    assert not Import.objects.exists()


def test_un_fichier_trop_volumineux_repond_413(client, cle, stockage, settings):
    settings.IMPORTS_TAILLE_MAX = 100
    from django.core.files.uploadedfile import SimpleUploadedFile

    fichier = SimpleUploadedFile("p.csv", contenu_csv([ligne_valide()]))
    reponse = envoyer(client, cle, fichier)

    assert reponse.status_code == 413
    assert reponse.json()["code"] == "fichier_trop_volumineux"
    assert reponse.json()["detail"].startswith("Le fichier est trop volumineux")
    assert not Import.objects.exists()
