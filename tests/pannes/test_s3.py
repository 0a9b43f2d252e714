"""Several machines share uploaded documents and export dumps through an S3-compatible
object store (PI_STOCKAGE=s3, config.settings.stockage_s3): here a real HTTP S3 server
started locally (moto's ThreadedMotoServer), reached by django-storages over HTTP.

moto is not in requirements-dev.lock yet: without it this test is skipped, saying so
(the integrator adds `moto[server]` to the dev dependencies)."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from config.settings import stockage_s3
from donnees import services as depots
from pratiques.models import PieceJointe
from tests.comptes.factories import UtilisateurFactory
from tests.pannes.outils import port_libre
from tests.pratiques.factories import Geographie, fiche_publiee, moderateur_de

moto_server = pytest.importorskip(
    "moto.server",
    reason="moto[server] is not installed (not in requirements-dev.lock): no local S3 server",
)
boto3 = pytest.importorskip("boto3")

pytestmark = [pytest.mark.panne, pytest.mark.django_db]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def seau():
    """A bucket name of its own: moto keeps its buckets for the whole process."""
    return f"pratiques-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def s3(settings, seau):
    port = port_libre()
    serveur = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    serveur.start()
    environ = {
        "AWS_STORAGE_BUCKET_NAME": seau,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "AWS_S3_REGION_NAME": "eu-west-3",
        "AWS_ACCESS_KEY_ID": "essai",
        "AWS_SECRET_ACCESS_KEY": "essai",
    }
    client = boto3.client(
        "s3", endpoint_url=environ["AWS_S3_ENDPOINT_URL"], region_name="eu-west-3",
        aws_access_key_id="essai", aws_secret_access_key="essai",
    )  # fmt: skip
    client.create_bucket(Bucket=seau, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {**settings.STORAGES, "default": stockage_s3(environ)}
    yield client
    serveur.stop()


def objet(client, seau: str, nom: str) -> bytes:
    return client.get_object(Bucket=seau, Key=nom)["Body"].read()


def test_un_document_joint_va_dans_le_seau_et_s_affiche_depuis(s3, seau, client):
    geo = Geographie()
    fiche = fiche_publiee(UtilisateurFactory(), moderateur_de(geo.nord))
    piece = PieceJointe.objects.create(
        fiche=fiche, fichier=ContentFile(PDF, name="affiche.pdf"), titre="Affiche",
        type_mime="application/pdf", taille=len(PDF),
    )  # fmt: skip

    assert objet(s3, seau, piece.fichier.name) == PDF
    reponse = client.get(reverse("pratiques:document", args=[piece.pk]))
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == PDF

    s3.delete_object(Bucket=seau, Key=piece.fichier.name)
    assert client.get(reverse("pratiques:document", args=[piece.pk])).status_code == 404


def test_les_depots_de_donnees_vont_dans_le_seau_et_se_telechargent(s3, seau, client):
    for depot in depots.deposer():
        contenu = objet(s3, seau, depot.fichier.name)
        assert len(contenu) == depot.taille
        reponse = client.get(reverse("donnees:depot", args=[depot.pk, depot.nom_de_fichier]))
        assert reponse.status_code == 200
        assert b"".join(reponse.streaming_content) == contenu
