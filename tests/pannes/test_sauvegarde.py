"""`make backup` / `make restore`: a backup restored into an empty instance (a new
database on the test cluster, an empty media folder) holds every row and every file."""

import psycopg
import pytest
from django.core.files.base import ContentFile

from pratiques.models import PieceJointe
from tests.comptes.factories import UtilisateurFactory
from tests.pannes.outils import script, url_de_la_base
from tests.pratiques.factories import Geographie, fiche_publiee, moderateur_de

pytestmark = [pytest.mark.panne, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
COMPTES = """
    SELECT string_agg(format('SELECT %L AS t, count(*) AS n FROM %I', tablename, tablename),
                      ' UNION ALL ')
    FROM pg_tables WHERE schemaname = 'public'
"""


def lignes_par_table(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connexion:
        requete = connexion.execute(COMPTES).fetchone()[0]
        return dict(connexion.execute(requete).fetchall()) if requete else {}


@pytest.fixture
def base_vide():
    """A new, empty database on the test cluster, dropped afterwards."""
    nom = f"{url_de_la_base().rsplit('/', 1)[1]}_restauree"
    with psycopg.connect(url_de_la_base(), autocommit=True) as connexion:
        connexion.execute(f'DROP DATABASE IF EXISTS "{nom}"')
        connexion.execute(f'CREATE DATABASE "{nom}"')
    yield url_de_la_base(nom)
    with psycopg.connect(url_de_la_base(), autocommit=True) as connexion:
        connexion.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


@pytest.fixture
def sauvegarde(settings, tmp_path):
    """Data (a published fiche with a document), then `scripts/sauvegarde.sh`."""
    settings.MEDIA_ROOT = tmp_path / "medias"
    geo = Geographie()
    fiche = fiche_publiee(UtilisateurFactory(), moderateur_de(geo.nord))
    piece = PieceJointe.objects.create(
        fiche=fiche, fichier=ContentFile(PDF, name="affiche.pdf"), titre="Affiche",
        type_mime="application/pdf", taille=len(PDF),
    )  # fmt: skip
    fait = script(
        "sauvegarde.sh", str(tmp_path / "sauvegardes"),
        DATABASE_URL=url_de_la_base(), MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )  # fmt: skip
    assert fait.returncode == 0, fait.stderr
    dossier = tmp_path / "sauvegardes" / fait.stdout.strip().rsplit("/", 1)[1]
    assert sorted(p.name for p in dossier.iterdir()) == [
        "SHA256SUMS", "base.dump", "fichiers.tar.gz",
    ]  # fmt: skip
    return dossier, piece


def test_une_sauvegarde_restauree_dans_une_instance_vide_retrouve_tout(
    sauvegarde, base_vide, tmp_path
):
    dossier, piece = sauvegarde
    medias = tmp_path / "medias-restaurees"

    fait = script("restauration.sh", str(dossier), DATABASE_URL=base_vide, MEDIA_ROOT=str(medias))

    assert fait.returncode == 0, fait.stderr
    origine, restauree = lignes_par_table(url_de_la_base()), lignes_par_table(base_vide)
    assert restauree == origine
    assert origine["pratiques_fiche"] == 1 and origine["pratiques_piecejointe"] == 1
    assert (medias / piece.fichier.name).read_bytes() == PDF
    with psycopg.connect(base_vide) as connexion:
        assert connexion.execute("SELECT fichier, titre FROM pratiques_piecejointe").fetchone() == (
            piece.fichier.name,
            "Affiche",
        )


def test_la_restauration_refuse_une_base_qui_n_est_pas_vide(sauvegarde, tmp_path):
    dossier, _ = sauvegarde
    fait = script(
        "restauration.sh", str(dossier),
        DATABASE_URL=url_de_la_base(), MEDIA_ROOT=str(tmp_path / "autre"),
    )  # fmt: skip
    assert fait.returncode != 0
    assert "restore into an empty one" in fait.stderr


def test_la_restauration_refuse_une_sauvegarde_alteree(sauvegarde, base_vide, tmp_path):
    dossier, _ = sauvegarde
    with open(dossier / "fichiers.tar.gz", "ab") as archive:
        archive.write(b"!")
    fait = script("restauration.sh", str(dossier), DATABASE_URL=base_vide, MEDIA_ROOT=str(tmp_path))
    assert fait.returncode != 0
    assert "checksums do not match" in fait.stderr
    assert lignes_par_table(base_vide) == {}
