"""The field's vocabulary: acronyms and usual synonyms (pratiques.models.Synonyme,
seeded from pratiques/data/synonymes.json) expand in the query, both ways, on the page
and in the API, with the expanded words highlighted."""

import pytest

from pratiques.models import RegleSynonyme, Synonyme

pytestmark = pytest.mark.django_db


def _titres(client, q) -> list[str]:
    reponse = client.get("/api/v1/pratiques/", {"q": q})
    assert reponse.status_code == 200, reponse.content
    return sorted(p["titre"] for p in reponse.json()["results"])


def _fiche(publier, titre, description):
    return publier(
        titre=titre,
        resume="Une action collective.",
        description=description,
        porteur_nom="",
        quartier="",
        partenaires=[],
        thematiques=["sante"],
        publics=["jeunes"],
    )


@pytest.fixture
def fiches(publier):
    _fiche(publier, "Permanences", "Avec la caisse d’allocations familiales du Nord.")
    _fiche(publier, "Guichet", "La CAF tient un guichet chaque jeudi.")
    _fiche(publier, "Épicerie", "Une épicerie solidaire tenue par les habitants.")
    _fiche(publier, "Repas", "Des repas partagés entre seniors du quartier.")
    _fiche(publier, "Autre", "Un atelier de couture.")


@pytest.mark.parametrize(
    ("mots", "attendus"),
    [
        ("CAF", ["Guichet", "Permanences"]),
        ("caf", ["Guichet", "Permanences"]),
        ("caisse d'allocations familiales", ["Guichet", "Permanences"]),
        ("CAF jeudi", ["Guichet"]),
        ("aide alimentaire", ["Épicerie"]),
        ("épicerie solidaire", ["Épicerie"]),
        ("personnes âgées", ["Repas"]),
        ("seniors", ["Repas"]),
        ("couture -CAF", ["Autre"]),
        # Quotes ask for the exact expression: not expanded.
        ('"caisse d’allocations familiales"', ["Permanences"]),
    ],
)
def test_les_sigles_et_synonymes_s_etendent(client, fiches, mots, attendus):
    assert _titres(client, mots) == attendus


def test_la_page_compte_et_surligne_les_mots_etendus(client, fiches):
    html = client.get("/pratiques/recherche/", {"q": "CAF"}).content.decode()
    assert "2 résultats" in html
    html = client.get("/pratiques/recherche/", {"q": "épicerie solidaire", "tri": "date"})
    assert html.status_code == 200


def test_un_synonyme_ajoute_dans_l_administration_s_applique_aussitot(client, fiches):
    assert _titres(client, "raccommodage") == []
    Synonyme.objects.create(termes=["raccommodage", "couture"])
    assert _titres(client, "raccommodage") == ["Autre"]
    Synonyme.objects.filter(termes__contains=["raccommodage"]).update(actif=False)
    assert _titres(client, "raccommodage") == []
    Synonyme.objects.filter(termes__contains=["raccommodage"]).update(actif=True)
    assert _titres(client, "raccommodage") == ["Autre"]
    Synonyme.objects.filter(termes__contains=["raccommodage"]).delete()
    assert _titres(client, "raccommodage") == []
    # The rules are computed by the database from the groups, one per term.
    assert RegleSynonyme.objects.count() == sum(
        len(termes)
        for termes in Synonyme.objects.filter(actif=True).values_list("termes", flat=True)
    )


def test_un_terme_fait_de_mots_vides_est_ignore(client, fiches):
    Synonyme.objects.create(termes=["le la les", "de"])
    assert _titres(client, "CAF") == ["Guichet", "Permanences"]


def test_le_fichier_de_donnees_est_seme():
    termes = {t for groupe in Synonyme.objects.values_list("termes", flat=True) for t in groupe}
    for sigle in ["CAF", "MSA", "CCAS", "CIAS", "ASE", "PMI", "RSA", "ISIC", "DSL", "QPV"]:
        assert sigle in termes
    for sigle in ["EPCI", "ESS", "CESF", "PJJ", "SIAO", "épicerie solidaire", "seniors"]:
        assert sigle in termes
