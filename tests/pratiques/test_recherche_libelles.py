"""A fiche is found by the labels of its classification (thématiques, formes, publics,
niveau de participation, statut) and by the names of its places and of the places
containing them, at a lower weight than its own text; the index follows a label or a
name that changes (pratiques.recherche.declencheurs)."""

import pytest

from pratiques.models import IndexRecherche, Thematique
from territoires.models import Territoire

pytestmark = pytest.mark.django_db


def _titres(client, q, **parametres) -> list[str]:
    reponse = client.get("/api/v1/pratiques/", {"q": q, **parametres})
    assert reponse.status_code == 200, reponse.content
    return [p["titre"] for p in reponse.json()["results"]]


def _neutre(**modifications) -> dict:
    """A content whose text names neither its themes nor its places."""
    contenu = {
        "titre": "Un atelier du mardi",
        "resume": "Un atelier ouvert chaque mardi.",
        "description": "Chacun vient quand il veut.",
        "quartier": "",
        "porteur_nom": "",
        "partenaires": [],
        "thematiques": ["sante"],
        "formes_intervention": ["travail_social_de_groupe"],
        "publics": ["jeunes"],
        "niveau_participation": "information",
        "statut_action": "en_projet",
        "territoires": ["commune:59512"],
    }
    contenu.update(modifications)
    return contenu


@pytest.fixture
def fiches(publier):
    return {
        "classee": publier(
            **_neutre(
                titre="Un atelier à Arras",
                thematiques=["parentalite_familles", "isolement_lien_social"],
                publics=["personnes_agees"],
                niveau_participation="codecision",
                statut_action="perennisee",
                territoires=["commune:62041"],
            )
        ),
        "ecrite": publier(
            **_neutre(
                titre="Un café",
                description="Ici, la parentalité se vit en groupe, contre l’isolement.",
            )
        ),
        "autre": publier(**_neutre(titre="Rien à voir", territoires=["pays:BE"])),
    }


@pytest.mark.parametrize(
    "mots",
    [
        "parentalité",
        "soutien aux familles",
        "isolement",
        "lien social",
        "personnes âgées",
        "codécision",
        "pérennisée",
        "Arras",
        "Pas-de-Calais",
        "Hauts-de-France",
        "parentalité Pas-de-Calais",
        'communauté urbaine OR "CU d\'Arras"',
    ],
)
def test_les_libelles_et_les_lieux_trouvent_la_fiche(client, fiches, mots):
    assert "Un atelier à Arras" in _titres(client, mots)
    assert "Rien à voir" not in _titres(client, mots)


def test_le_texte_passe_avant_la_seule_classification(client, fiches):
    assert _titres(client, "parentalité", ordering="pertinence") == [
        "Un café",
        "Un atelier à Arras",
    ]
    assert _titres(client, "isolement", ordering="pertinence")[0] == "Un café"


def test_les_comptes_suivent_les_mots_de_la_classification(client, fiches):
    page = client.get("/pratiques/recherche/", {"q": "Pas-de-Calais"})
    assert page.status_code == 200
    assert "1 résultat" in page.content.decode()
    api = client.get("/api/v1/pratiques/", {"q": "parentalité"}).json()
    assert api["total"] == 2
    departements = {v["code"]: v["nombre"] for v in api["facettes"]["departement"]}
    assert departements == {"59": 1, "62": 1}


def test_un_libelle_renomme_met_l_index_a_jour(client, fiches):
    Thematique.objects.filter(code="parentalite_familles").update(libelle="Coéducation")

    assert _titres(client, "coéducation") == ["Un atelier à Arras"]
    # The old words are gone from the vector of the fiche only classified under them.
    assert _titres(client, "soutien aux familles") == []
    # A label change that touches no published fiche writes nothing to the index.
    avant = list(IndexRecherche.objects.values_list("fiche_id", "recherche").order_by("pk"))
    Thematique.objects.filter(code="handicap").update(libelle="Handicaps")
    assert list(IndexRecherche.objects.values_list("fiche_id", "recherche").order_by("pk")) == avant


def test_un_territoire_renomme_met_l_index_a_jour(client, fiches):
    Territoire.objects.filter(niveau="departement", code="62").update(nom="Artois-Boulonnais")

    assert _titres(client, "Artois-Boulonnais") == ["Un atelier à Arras"]
    assert _titres(client, "Pas-de-Calais") == []
    assert "Un atelier à Arras" in _titres(client, "Arras")
