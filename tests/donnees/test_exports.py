"""The CSV and JSON exports say what the API says, for the whole corpus or a search's
results, and never anything the API hides."""

import csv
import io
import json

import pytest

from donnees import export
from donnees.colonnes import COLONNES, SEPARATEUR
from tests.donnees.conftest import EMAIL_SECRET

pytestmark = pytest.mark.django_db


def telecharger(client, url: str) -> bytes:
    reponse = client.get(url)
    assert reponse.status_code == 200, reponse.content
    assert reponse.streaming
    return b"".join(reponse.streaming_content)


def fiches_de_l_api(client, parametres: str = "") -> list[dict]:
    """Every fiche of /api/v1/pratiques/ for these parameters, following `next`."""
    url, fiches = f"/api/v1/pratiques/?{parametres}", []
    while url:
        reponse = client.get(url)
        assert reponse.status_code == 200, reponse.content
        fiches.extend(reponse.json()["results"])
        url = reponse.json()["next"]
    return fiches


def lignes_csv(contenu: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(contenu.decode("utf-8"), newline="")))


def _liste(valeurs) -> str:
    return SEPARATEUR.join((v or "").replace(SEPARATEUR, " / ") for v in valeurs)


def cellules_attendues(fiche: dict) -> dict:
    """The CSV cells of a fiche, written from the API's JSON by hand (not through
    donnees.colonnes): every column is here."""
    cellules = {}
    for cle, valeur in fiche.items():
        if isinstance(valeur, str) or valeur is None:
            cellules[cle] = valeur or ""
        elif isinstance(valeur, dict) and cle.endswith("_precision"):
            cellules[cle] = valeur["code"]
        elif isinstance(valeur, dict) and cle == "licence":
            cellules.update(licence=valeur["code"], licence_url=valeur["url"])
        elif isinstance(valeur, dict) and set(valeur) == {"code", "libelle"}:
            cellules.update({f"{cle}_code": valeur["code"], f"{cle}_libelle": valeur["libelle"]})
    for cle in (
        "echelle",
        "budget",
        "methode_evaluation",
        "statut_action",
        "niveau_participation",
        "porteur_type",
    ):
        if fiche[cle] is None:
            del cellules[cle]
            cellules.update({f"{cle}_code": "", f"{cle}_libelle": ""})
    for cle in ("date_debut_precision", "date_fin_precision"):
        cellules[cle] = (fiche[cle] or {}).get("code", "")
    for cle in ("thematiques", "formes_intervention", "publics"):
        cellules[f"{cle}_codes"] = _liste(v["code"] for v in fiche[cle])
        cellules[f"{cle}_libelles"] = _liste(v["libelle"] for v in fiche[cle])
    cellules["territoires_references"] = _liste(t["reference"] for t in fiche["territoires"])
    cellules["territoires_noms"] = _liste(t["nom"] for t in fiche["territoires"])
    partenaires = fiche["partenaires"]
    cellules["partenaires_noms"] = _liste(p["nom"] for p in partenaires)
    cellules["partenaires_types"] = _liste((p["type"] or {}).get("code") for p in partenaires)
    cellules["partenaires_roles"] = _liste(p["role"] for p in partenaires)
    for cle, sous_cles in {
        "liens": ("url", "titre"),
        "documents": ("url", "titre"),
        "sources": ("document", "reference"),
    }.items():
        for sous_cle in sous_cles:
            nom = f"{cle}_{sous_cle}s" if sous_cle != "reference" else "sources_references"
            nom = "sources_documents" if sous_cle == "document" else nom
            cellules[nom] = _liste(e[sous_cle] for e in fiche[cle])
    return cellules  # fmt: skip


def test_l_export_json_est_la_liste_de_l_api_dans_le_meme_ordre(client, corpus):
    exportees = json.loads(telecharger(client, "/donnees/export.json"))
    api = fiches_de_l_api(client)
    assert len(api) == 3
    assert exportees == api
    assert [f["titre"] for f in exportees][0].startswith("Jardin partagé")  # newest first


def test_chaque_cellule_du_csv_dit_ce_que_dit_l_api(client, corpus):
    lignes = lignes_csv(telecharger(client, "/donnees/export.csv"))
    api = fiches_de_l_api(client)
    assert [ligne["slug"] for ligne in lignes] == [fiche["slug"] for fiche in api]
    for ligne, fiche in zip(lignes, api, strict=True):
        attendu = cellules_attendues(fiche)
        assert set(attendu) == set(ligne) == {colonne.nom for colonne in COLONNES}
        assert ligne == attendu

    jardin = lignes[0]
    # In the vocabulary's order, as the API gives them.
    assert (
        jardin["thematiques_codes"] == "isolement_lien_social | politique_de_la_ville_cadre_de_vie"
    )
    assert jardin["territoires_references"] == "departement:59 | commune:62041"
    assert jardin["territoires_noms"] == "Nord | Arras"
    assert jardin["partenaires_noms"] == "Mairie / service jeunesse | CAF du Pas-de-Calais"
    assert jardin["partenaires_types"] == " | caf"
    assert jardin["description"] == (
        "Première ligne.\nDeuxième ligne, avec une virgule ; et un point-virgule."
    )
    assert jardin["date_fin"] == "2024-06-30"
    assert jardin["contact_formulaire"] == ""
    assert jardin["licence"] == "etalab-2.0"
    assert jardin["page"].startswith("http://testserver/pratiques/")


def test_les_lots_se_suivent_sans_doublon_ni_oubli_meme_a_date_egale(client, corpus, monkeypatch):
    from pratiques.models import Fiche

    meme_date = corpus.publiees[0].publiee_le
    Fiche.objects.filter(pk__in=[f.pk for f in corpus.publiees]).update(publiee_le=meme_date)
    monkeypatch.setattr(export, "TAILLE_LOT", 2)
    exportees = json.loads(telecharger(client, "/donnees/export.json"))
    assert [f["slug"] for f in exportees] == [f["slug"] for f in fiches_de_l_api(client)]
    assert len({f["slug"] for f in exportees}) == 3


def test_ni_fiche_non_publiee_ni_adresse_e_mail_dans_les_exports(client, corpus):
    for url in ("/donnees/export.csv", "/donnees/export.json"):
        contenu = telecharger(client, url).decode()
        assert EMAIL_SECRET not in contenu
        assert "contact@centre-social.example.fr" not in contenu
        assert "@" not in contenu.replace("\\u0040", "@")
        for fiche in (corpus.brouillon, corpus.soumise, corpus.archivee):
            assert fiche.titre not in contenu
            assert fiche.slug not in contenu


def test_un_corpus_vide_donne_un_csv_d_en_tetes_et_un_tableau_vide(client, db):
    contenu = telecharger(client, "/donnees/export.csv").decode()
    assert contenu == ",".join(c.nom for c in COLONNES) + "\r\n"
    assert json.loads(telecharger(client, "/donnees/export.json")) == []


def test_les_exports_sont_des_pieces_jointes_datees_qui_renvoient_au_schema(client, corpus):
    reponse = client.get("/donnees/export.csv")
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert reponse["Content-Disposition"].startswith('attachment; filename="pratiques-inspirantes-')
    assert reponse["Link"] == (
        '<http://testserver/donnees/schema.json>; rel="describedby"; type="application/json"'
    )
    assert client.get("/donnees/export.json")["Content-Type"] == "application/json"


def test_les_exports_a_la_demande_sont_limites_par_adresse_et_renvoient_aux_depots(
    client, db, settings
):
    settings.DONNEES_EXPORTS_PAR_HEURE = 2
    assert client.get("/donnees/export.csv").status_code == 200
    assert client.get("/donnees/export.json").status_code == 200

    reponse = client.get("/donnees/export.csv")

    assert reponse.status_code == 429
    assert reponse["Retry-After"] == "3600"
    texte = reponse.content.decode()
    assert "Trop d’exports depuis votre adresse" in texte and "2 par heure" in texte
    assert "/donnees/" in texte
    # Another address is not held back (counted in Redis, shared by every process).
    assert client.get("/donnees/export.csv", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_le_csv_est_ecrit_comme_l_ecrit_csv_writer(client, corpus):
    """PostgreSQL writes the lines (donnees.export): byte for byte what Python's
    csv.writer writes of the same cells — quotes only where a cell holds a comma, a
    quote or a line break, quotes doubled, CRLF after each line."""
    contenu = telecharger(client, "/donnees/export.csv")
    lignes = list(csv.reader(io.StringIO(contenu.decode("utf-8"), newline="")))
    tampon = io.StringIO()
    csv.writer(tampon, lineterminator="\r\n").writerows(lignes)
    assert contenu == tampon.getvalue().encode("utf-8")
    cellules = [cellule for ligne in lignes for cellule in ligne]
    assert any("\n" in c for c in cellules) and any("," in c for c in cellules)
    assert any('"' in c for c in cellules)
    assert any(c == "" for c in cellules)
