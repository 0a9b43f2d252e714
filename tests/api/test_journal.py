"""/api/changelog/: the entries, newest first, each with its own anchor."""

import re

import pytest

from api.journal import JOURNAL

pytestmark = pytest.mark.django_db


def test_le_journal_annonce_les_changements_de_decembre_2026(client):
    html = client.get("/api/changelog/").content.decode()
    assert html.index("7 décembre 2026") < html.index("23 novembre 2026")
    assert "taille, son ancien nom, reste accepté" in html
    ancres = re.findall(r'<h2 id="([^"]+)"', html)
    assert len(ancres) == len(set(ancres))
    assert [e.date for e in JOURNAL] == sorted((e.date for e in JOURNAL), reverse=True)
