"""PostgreSQL restarted under a running web server (gunicorn, on a cluster of its own):
during the restart pages answer a French 503 page and the API a JSON 503; once it is
back, the same server process answers again, without being restarted."""

import pytest

from tests.pannes.outils import cluster_postgresql, obtenir, script, serveur_web, url_de_la_base

pytestmark = [pytest.mark.panne]


@pytest.fixture
def instance(django_db_setup, tmp_path):
    """A cluster of its own holding a copy of the test database (through the backup
    scripts), and a web server on it."""
    with cluster_postgresql() as cluster:
        copie = script("sauvegarde.sh", str(tmp_path), DATABASE_URL=url_de_la_base())
        assert copie.returncode == 0, copie.stderr
        restauree = script(
            "restauration.sh", copie.stdout.strip(),
            DATABASE_URL=cluster.url, MEDIA_ROOT=str(tmp_path / "medias"),
        )  # fmt: skip
        assert restauree.returncode == 0, restauree.stderr
        with serveur_web(tmp_path, DATABASE_URL=cluster.url) as (base, processus):
            yield cluster, base, processus


def test_pendant_un_redemarrage_de_postgresql_503_puis_tout_repond(instance):
    cluster, base, processus = instance
    assert obtenir(f"{base}/").status_code == 200
    assert obtenir(f"{base}/api/v1/pratiques/").status_code == 200

    cluster.arreter()
    page = obtenir(f"{base}/")
    api = obtenir(f"{base}/api/v1/pratiques/")
    sante = obtenir(f"{base}/healthz")

    assert page.status_code == 503
    assert "Service momentanément indisponible" in page.text
    assert "Erreur 503" in page.text and '<html lang="fr"' in page.text
    assert "OperationalError" not in page.text
    assert page.headers["Retry-After"] == "30"
    assert api.status_code == 503
    assert api.json() == {
        "detail": "Le service est momentanément indisponible. Réessayez dans quelques instants.",
        "code": "service_indisponible",
    }
    assert sante.status_code == 503 and "database" in sante.json()["down"]

    cluster.demarrer()
    assert obtenir(f"{base}/").status_code == 200
    assert obtenir(f"{base}/api/v1/pratiques/").status_code == 200
    assert "database" not in obtenir(f"{base}/healthz").json()["down"]
    assert processus.poll() is None  # the same process, never restarted
