"""/api/v1/prix/editions/ and /api/v1/prix/laureats/: what they expose (published
laureates only, never a score or a juror), filters and their 400s."""

import pytest

from prix import regles, services
from tests.prix.factories import deplacer, grille


@pytest.fixture
def palmares(edition_ouverte, jury_nord, moderateur_nord, publier, president_nord):
    candidates = [
        services.proposer(edition_ouverte, publier(titre=t), par=moderateur_nord)
        for t in ("Alpha", "Bêta", "Gamma")
    ]
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    for c, v in zip(candidates, (9, 2, 6), strict=True):
        services.noter(president_nord, c, grille(edition_ouverte, v, v, v, commentaire="Secret"))
    services.clore(jury_nord, par=president_nord.utilisateur)
    deplacer(edition_ouverte, regles.RESULTATS_DEPARTEMENTAUX)
    services.publier(jury_nord, par=president_nord.utilisateur, motifs="Des parents acteurs.")
    return candidates


def test_les_editions_donnent_leur_phase_leur_calendrier_et_leur_grille(client, edition_ouverte):
    liste = client.get("/api/v1/prix/editions/").json()
    assert liste["count"] == 1
    (edition,) = liste["results"]
    assert edition["annee"] == 2027 and edition["phase"] == "nominations"
    assert edition["url"] == "http://testserver/prix/2027/"
    detail = client.get("/api/v1/prix/editions/2027/").json()
    assert [p["nom"] for p in detail["calendrier"]] == [p.nom for p in regles.PHASES]
    assert detail["calendrier"][0]["en_cours"] is True
    assert detail["criteres"][0] == {
        "libelle": "Participation des personnes concernées",
        "description": "Les personnes concernées sont à l’initiative ou associées aux décisions.",
        "poids": 3,
    }
    assert client.get("/api/v1/prix/editions/1999/").status_code == 404
    assert client.get("/api/v1/prix/editions/abc/").status_code == 404


def test_les_laureates_publiees_seulement_sans_note_ni_jure(client, palmares, president_nord):
    reponse = client.get("/api/v1/prix/laureats/").json()
    assert [(lau["fiche"]["titre"], lau["rang"]) for lau in reponse["results"]] == [
        ("Alpha", 1),
        ("Gamma", 2),
    ]
    alpha = reponse["results"][0]
    assert alpha["niveau"] == {"code": "departemental", "libelle": "départemental"}
    assert alpha["departement"] == {"code": "59", "nom": "Nord"}
    assert alpha["libelle"] == "Lauréate du prix 2027 — Nord, 1re"
    assert alpha["mots_du_jury"] == "Des parents acteurs."
    texte = str(reponse)
    assert "Secret" not in texte and president_nord.email not in texte and "score" not in texte


def test_les_laureates_se_filtrent_par_edition_niveau_et_departement(client, palmares):
    def titres(**params):
        return [
            lau["fiche"]["titre"]
            for lau in client.get("/api/v1/prix/laureats/", params).json()["results"]
        ]

    assert titres(edition=2027, niveau="departemental", departement="59") == ["Alpha", "Gamma"]
    assert titres(edition=2026) == []
    assert titres(niveau="national") == []
    assert titres(departement="62") == []
    for params in ({"edition": "abc"}, {"edition": "99999999999"}, {"niveau": "mondial"}):
        reponse = client.get("/api/v1/prix/laureats/", params)
        assert reponse.status_code == 400, params
        assert set(reponse.json()) == set(params), params


def test_le_nombre_de_requetes_ne_depend_pas_de_la_taille_de_la_page(
    client, palmares, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get("/api/v1/prix/laureats/")
