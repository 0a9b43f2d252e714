""" "Pratiques proches": published fiches sharing thématiques (and formes) with a fiche,
the same or a nearby territory first, never the fiche itself, in bounded queries."""

import pytest
from django.template.loader import render_to_string

from pratiques import services
from pratiques.recherche.proches import proches as pratiques_proches
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db

PARENTALITE, SANTE, JEUNESSE = "parentalite_familles", "sante", "jeunesse"
COMMUNAUTAIRE, GROUPE = "travail_social_communautaire", "travail_social_de_groupe"


@pytest.fixture
def publier(publier):
    """The `publier` of conftest, with the fields these tests vary, in order."""

    def _publier(titre, thematiques, formes, territoires):
        return publier(
            titre=titre,
            thematiques=thematiques,
            formes_intervention=formes,
            territoires=territoires,
        )

    return _publier


@pytest.fixture
def fiche(publier):
    return publier("La fiche", [PARENTALITE, SANTE], [COMMUNAUTAIRE], ["commune:59350"])


def titres(fiches):
    return [f.titre for f in fiches]


def test_les_pratiques_proches_sont_classees_par_valeurs_partagees_puis_par_proximite(
    fiche, publier
):
    publier(
        "Mêmes thèmes, même forme, à Arras",
        [PARENTALITE, SANTE],
        [COMMUNAUTAIRE],
        ["commune:62041"],
    )  # 2×2 + 1 + 0 = 5
    publier(
        "Un thème, même forme, à Lille", [SANTE], [COMMUNAUTAIRE], ["commune:59350"]
    )  # 2 + 1 + 3 = 6
    publier(
        "Un thème, à Roubaix (même EPCI)", [PARENTALITE], [GROUPE], ["commune:59512"]
    )  # 2 + 0 + 2 = 4
    publier("Un thème, dans le Nord", [PARENTALITE], [GROUPE], ["departement:59"])  # 2 + 0 + 1 = 3
    publier("Un thème, en France", [SANTE], [GROUPE], ["pays:FR"])  # 2
    publier(
        "Même forme, autre thème, à Lille", [JEUNESSE], [COMMUNAUTAIRE], ["commune:59350"]
    )  # no shared thème: never
    assert titres(pratiques_proches(fiche, nombre=10)) == [
        "Un thème, même forme, à Lille",
        "Mêmes thèmes, même forme, à Arras",
        "Un thème, à Roubaix (même EPCI)",
        "Un thème, dans le Nord",
        "Un thème, en France",
    ]
    assert titres(pratiques_proches(fiche)) == titres(pratiques_proches(fiche, nombre=10))[:4]


def test_a_egalite_la_plus_recente_d_abord_et_jamais_la_fiche_elle_meme(fiche, publier):
    publier("Ancienne", [SANTE], [GROUPE], ["commune:62041"])
    publier("Récente", [SANTE], [GROUPE], ["commune:62041"])
    proches = pratiques_proches(fiche)
    assert titres(proches) == ["Récente", "Ancienne"]
    assert fiche.pk not in [f.pk for f in proches]


def test_seules_les_pratiques_publiees_sont_proposees(fiche, publier, auteur):
    brouillon = services.creer_brouillon(
        auteur=auteur,
        contenu=contenu_complet(titre="Brouillon", thematiques=[PARENTALITE, SANTE]),
    )
    services.soumettre(brouillon, par=auteur)
    assert pratiques_proches(fiche) == []


def test_les_pratiques_proches_tiennent_en_une_requete(
    fiche, publier, django_assert_max_num_queries
):
    for rang in range(8):
        publier(f"Voisine {rang}", [SANTE], [COMMUNAUTAIRE], ["commune:59512"])
    with django_assert_max_num_queries(1):
        proches = pratiques_proches(fiche)
        noms = [nom for f in proches for nom in f.noms_territoires]
    assert len(proches) == 4 and set(noms) == {"Roubaix"}


def test_le_gabarit_montre_les_pratiques_proches_en_cartes_et_rien_sans_elles(fiche, publier):
    voisine = publier("Un café à Roubaix", [SANTE], [COMMUNAUTAIRE], ["commune:59512"])
    html = render_to_string("pratiques/_proches.html", {"proches": pratiques_proches(fiche)})
    assert '<h2 id="titre-proches">Pratiques proches</h2>' in html
    assert f'<a href="/pratiques/fiche/{voisine.slug}/">Un café à Roubaix</a>' in html
    assert "fr-card" in html and "Roubaix" in html
    assert render_to_string("pratiques/_proches.html", {"proches": []}).strip() == ""
