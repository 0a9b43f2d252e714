import csv
import io

import pytest
from django.urls import reverse

from comptes.models import Utilisateur
from imports.models import Import
from imports.schema import COLONNES_IMPORT
from imports.views import EXEMPLE
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.imports.outils import fichier_csv, ligne_valide

pytestmark = pytest.mark.django_db


@pytest.fixture
def partenaire(organisation):
    return UtilisateurFactory(role=Utilisateur.Role.PARTENAIRE, organisation=organisation)


def test_un_partenaire_envoie_un_fichier_et_arrive_sur_sa_page(
    client, partenaire, stockage, geo, django_capture_on_commit_callbacks
):
    client.force_login(partenaire)
    with django_capture_on_commit_callbacks(execute=False):
        reponse = client.post(
            reverse("imports:nouveau"),
            {"fichier": fichier_csv([ligne_valide()]), "simulation": "on"},
        )

    import_ = Import.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("imports:detail", args=[import_.pk])
    assert (import_.simulation, import_.cree_par, import_.organisation) == (
        True, partenaire, partenaire.organisation,
    )  # fmt: skip
    page = client.get(reponse["Location"]).content.decode()
    assert '<meta http-equiv="refresh"' in page  # reloads itself without JavaScript
    assert client.get(reverse("imports:etat", args=[import_.pk])).json()["actif"] is True


def test_un_mauvais_fichier_est_signale_a_cote_du_champ(client, partenaire, stockage):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(partenaire)
    reponse = client.post(
        reverse("imports:nouveau"), {"fichier": SimpleUploadedFile("a.doc", b"x")}
    )

    assert reponse.status_code == 400
    assert "Format non pris en charge" in reponse.content.decode()
    assert not Import.objects.exists()


def test_sans_organisation_les_imports_sont_refuses(client):
    client.force_login(UtilisateurFactory())
    assert client.get(reverse("imports:liste")).status_code == 403


def test_un_partenaire_ne_voit_pas_les_imports_d_une_autre_organisation(client, importer, stockage):
    import_ = importer(fichier_csv([ligne_valide()]))
    autre = UtilisateurFactory(role=Utilisateur.Role.PARTENAIRE, organisation=OrganisationFactory())
    client.force_login(autre)
    assert client.get(reverse("imports:detail", args=[import_.pk])).status_code == 404


def test_le_schema_publie_les_colonnes_d_import(client):
    schema = client.get(reverse("imports:schema")).json()

    noms = [champ["name"] for champ in schema["fields"]]
    assert noms == [colonne.nom for colonne in COLONNES_IMPORT]
    assert schema["primaryKey"] == ["identifiant_externe"]
    requis = {c["name"] for c in schema["fields"] if c.get("constraints", {}).get("required")}
    assert requis == {
        "identifiant_externe", "titre", "resume", "thematiques_codes",
        "formes_intervention_codes", "territoires_references", "echelle_code", "description",
        "statut_action_code",
    }  # fmt: skip


def test_le_fichier_d_exemple_s_importe_sans_erreur(importer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    import_ = importer(SimpleUploadedFile(EXEMPLE.name, EXEMPLE.read_bytes()))

    assert (import_.creees, import_.rejetees, import_.avertissements) == (5, 0, 0)


def test_un_export_des_donnees_ouvertes_se_reimporte(client, importer, organisation):
    organisation.de_confiance = True
    organisation.save()
    importer(fichier_csv([ligne_valide("A"), ligne_valide("B")]))
    export = b"".join(client.get(reverse("donnees:export_csv")).streaming_content)
    export = export.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(export)))) == 2

    from django.core.files.uploadedfile import SimpleUploadedFile

    import_ = importer(SimpleUploadedFile("export.csv", export.encode()))

    # Read by their slug, as new fiches of this file (their external id differs).
    assert (import_.creees, import_.rejetees) == (2, 0), list(import_.lignes.values("erreurs"))


def test_mon_compte_mene_aux_imports_des_membres_d_une_organisation(client, partenaire):
    lien = f'href="{reverse("imports:liste")}"'
    client.force_login(partenaire)
    assert lien in client.get(reverse("comptes:mon_compte")).content.decode()
    client.force_login(UtilisateurFactory())
    assert lien not in client.get(reverse("comptes:mon_compte")).content.decode()
