"""The home page: the search box, the latest published fiches, the entry points by
thème with their counts, and the map of départements with its equivalent table."""

import json
import re
from html import unescape

import pytest

from decouverte.views import recherche as vue
from pratiques import services
from pratiques.models import Thematique
from territoires import carte
from tests.outils import texte
from tests.pratiques.factories import contenu_complet, territoire

pytestmark = pytest.mark.django_db

METROPOLE = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"}


def liens_de_la_carte(html: str) -> dict[str, str]:
    """{URL: accessible name} of the links inside the map's <svg>."""
    svg = re.search(r"<svg class=\"decouverte-carte__svg\".*?</svg>", html, re.S)[0]
    return {
        url: unescape(nom).replace("\u00a0", " ")
        for url, nom in re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    }


def lignes_du_tableau(html: str) -> dict[str, tuple[str, str]]:
    """{URL: (name, count)} of the rows of the table of départements."""
    tableau = re.search(r'<details class="decouverte-tableau".*?</details>', html, re.S)[0]
    return {
        url: (nom, nombre)
        for url, nom, nombre in re.findall(
            r'<td><a href="([^"]+)">([^<]+)</a></td>\s*<td class="decouverte-nombre">(\d+)</td>',
            tableau,
        )
    }


def test_l_accueil_montre_les_six_dernieres_pratiques_publiees(client, publier, auteur):
    for rang in range(8):
        publier(titre=f"Pratique numéro {rang}")
    brouillon = services.creer_brouillon(
        auteur=auteur, contenu=contenu_complet(titre="Pratique en brouillon")
    )
    services.soumettre(brouillon, par=auteur)
    reponse = client.get("/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    dernieres = re.search(r'aria-labelledby="titre-dernieres">(.*?)</section>', html, re.S)[1]
    titres = re.findall(r'<a href="/pratiques/fiche/[^"]+/">([^<]+)</a>', dernieres)
    assert titres == [f"Pratique numéro {rang}" for rang in (7, 6, 5, 4, 3, 2)]
    assert "Pratique en brouillon" not in html
    assert 'id="recherche-accueil"' in html and 'name="q"' in html


def test_chaque_theme_mene_a_la_recherche_filtree_avec_son_nombre_de_pratiques(client, publier):
    publier(titre="A", thematiques=["sante", "parentalite_familles"])
    publier(titre="B", thematiques=["sante"])
    html = client.get("/").content.decode()
    themes = re.search(r'aria-labelledby="titre-themes">(.*?)</section>', html, re.S)[1]
    entrees = {
        url: texte(contenu)
        for url, contenu in re.findall(r'<a class="fr-tag" href="([^"]+)">(.*?)</a>', themes)
    }
    sante = Thematique.objects.get(code="sante")
    parentalite = Thematique.objects.get(code="parentalite_familles")
    assert entrees["/pratiques/recherche/?thematique=sante"] == f"{sante.libelle} (2)"
    assert (
        entrees["/pratiques/recherche/?thematique=parentalite_familles"]
        == f"{parentalite.libelle} (1)"
    )
    assert len(entrees) == Thematique.objects.filter(actif=True).count()
    # The figure is the number of results of the page it leads to.
    resultats = client.get("/pratiques/recherche/?thematique=sante").content.decode()
    assert "2 résultats" in texte(resultats)


def test_la_carte_a_un_lien_par_departement_avec_son_nombre_et_le_tableau_les_memes_chiffres(
    client, publier, geo
):
    reunion = territoire("departement", "974", "La Réunion", geo.france)
    publier(titre="Lille", territoires=["commune:59350"])
    publier(titre="Roubaix et Arras", territoires=["commune:59512", "commune:62041"])
    publier(titre="Le Nord", territoires=["departement:59"])
    publier(titre="Saint-Denis", territoires=["departement:974"])
    publier(titre="National", territoires=["pays:FR"])
    html = client.get("/").content.decode()

    assert liens_de_la_carte(html) == {
        "/pratiques/territoire/departement/59/": "Nord : 3 pratiques",
        "/pratiques/territoire/departement/62/": "Pas-de-Calais : 1 pratique",
    }
    assert lignes_du_tableau(html) == {
        "/pratiques/territoire/departement/59/": ("Nord", "3"),
        "/pratiques/territoire/departement/62/": ("Pas-de-Calais", "1"),
        "/pratiques/territoire/departement/974/": ("La Réunion", "1"),
    }
    # Overseas départements have no shape in the map: listed under it.
    assert f'<a href="/pratiques/territoire/departement/{reunion.code}/">La Réunion' in html
    # Colours: five fixed classes, and a legend that names them.
    assert 'class="decouverte-classe-1" d="' in html
    assert texte(html).count("1 à 9 pratiques") == 1
    assert "250 pratiques ou plus" in texte(html)
    assert "CC BY 4.0" in html  # the map's licence asks for attribution


def test_un_departement_sans_pratique_est_sur_la_carte_avec_zero(client, geo):
    html = client.get("/").content.decode()
    assert liens_de_la_carte(html)["/pratiques/territoire/departement/62/"] == (
        "Pas-de-Calais : aucune pratique"
    )
    assert 'class="decouverte-classe-0" d="' in html


def test_les_classes_de_la_carte_sont_fixes():
    classes = vue.CLASSES_CARTE
    assert [carte.classe(n, classes) for n in (0, 1, 9, 10, 49, 50, 249, 250, 10_000)] == [
        0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip


def test_le_fond_de_carte_couvre_chaque_departement_metropolitain():
    geometrie = json.loads(carte.CARTE.read_text(encoding="utf-8"))
    assert set(geometrie["departements"]) == METROPOLE
    assert all(chemin.startswith("m ") for chemin in geometrie["departements"].values())
    assert geometrie["licence"] == "CC-BY-4.0"
    assert geometrie["viewBox"] == "0 0 613 585"
    source = carte.CARTE.with_name("carte_departements.SOURCE.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in source and "Victor Cazanave" in source


def test_l_accueil_a_un_nombre_de_requetes_borne(client, publier, django_assert_max_num_queries):
    for rang in range(10):
        publier(titre=f"Pratique {rang}", territoires=["commune:59350", "commune:62041"])
    with django_assert_max_num_queries(8):
        client.get("/")
    # The counts over the whole corpus are cached a minute; the rest is always fresh.
    with django_assert_max_num_queries(6):
        html = client.get("/").content.decode()
    assert liens_de_la_carte(html)["/pratiques/territoire/departement/59/"] == (
        "Nord : 10 pratiques"
    )


def test_l_accueil_garde_la_mise_en_page_commune_et_se_decrit_pour_le_partage(client, geo):
    html = client.get("/").content.decode()
    assert re.search(r"<title>\s*Accueil — Pratiques inspirantes\s*</title>", html)
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert '<meta property="og:title" content="Accueil — Pratiques inspirantes">' in html
    assert '<meta property="og:type" content="website">' in html
    assert re.search(r'<link rel="canonical" href="http[^"]+/">', html)
    assert re.search(r'<meta name="description" content="[^"]{40,}">', html)
