"""The page of a territory: the fiches inside it and those covering it (docs/domaine.md §4),
with their counts, its sub-territories with theirs, the search filters, 404s."""

import re

import pytest

from pratiques import services
from tests.outils import texte, titre_de_la_page
from tests.pratiques.factories import contenu_complet, territoire

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(publier):
    publier(titre="Un café à Lille", territoires=["commune:59350"], thematiques=["sante"])
    publier(titre="Un jardin à Roubaix", territoires=["commune:59512"])
    publier(titre="Une action de la MEL", territoires=["epci:200093201"])
    publier(titre="Un plan du Nord", territoires=["departement:59"])
    publier(titre="Une démarche nationale", territoires=["pays:FR"])
    publier(titre="Une maraude à Arras", territoires=["commune:62041"])
    publier(titre="Un CPAS bruxellois", territoires=["pays:BE"])


def section(html: str, ident: str) -> str:
    return re.search(rf'<section [^>]*aria-labelledby="{ident}">(.*?)</section>', html, re.S)[1]


def titres(fragment: str) -> list[str]:
    return sorted(re.findall(r'<a href="/pratiques/fiche/[^"]+/">([^<]+)</a>', fragment))


def test_la_page_d_une_commune_montre_ce_qui_y_est_situe_et_ce_qui_la_couvre(client, corpus):
    reponse = client.get("/pratiques/territoire/commune/59350/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert re.search(r"<h1>\s*Lille\s*</h1>", html)
    assert titres(section(html, "titre-dedans")) == ["Un café à Lille"]
    assert titres(section(html, "titre-couvrant")) == [
        "Un plan du Nord",
        "Une action de la MEL",
        "Une démarche nationale",
    ]
    assert "1 pratique sur ce territoire" in texte(html)
    assert (
        "3 pratiques qui le couvrent (Métropole Européenne de Lille, Nord, Hauts-de-France, "
        "France)" in texte(html)
    )
    assert "Arras" not in html and "CPAS" not in html
    titre = titre_de_la_page(html)
    assert titre == "Lille (commune 59350)\u00a0: les pratiques — Pratiques inspirantes"
    assert len(re.findall(r"<h1[ >]", html)) == 1


def test_la_page_d_un_departement_montre_ce_qui_y_est_situe_et_ses_intercommunalites(
    client, corpus
):
    html = client.get("/pratiques/territoire/departement/59/").content.decode()
    assert titres(section(html, "titre-dedans")) == [
        "Un café à Lille",
        "Un jardin à Roubaix",
        "Un plan du Nord",
        "Une action de la MEL",
    ]
    assert titres(section(html, "titre-couvrant")) == ["Une démarche nationale"]
    assert "4 pratiques sur ce territoire" in texte(html)
    assert "1 pratique qui le couvre (Hauts-de-France, France)" in texte(html)
    # Its EPCI, with the fiches inside it, linked to its own page.
    assert re.search(
        r'<a href="/pratiques/territoire/epci/200093201/">Métropole Européenne de Lille</a></td>'
        r"\s*<td>[^<]*</td>\s*<td class=\"decouverte-nombre\">3</td>",
        html,
    )
    # The way to the full list, and to the geography page.
    assert 'href="/pratiques/recherche/?territoire=departement%3A59"' in html
    assert 'href="/pratiques/recherche/?departement=59"' not in html  # only past 20 fiches
    assert 'href="/territoires/departement/59/"' in html


def test_la_page_d_une_region_compte_ses_departements(client, corpus):
    html = client.get("/pratiques/territoire/region/32/").content.decode()
    assert "5 pratiques sur ce territoire" in texte(html)
    lignes = dict(
        re.findall(
            r'<a href="/pratiques/territoire/departement/(\d+)/">[^<]+</a></td>\s*<td>[^<]*</td>'
            r'\s*<td class="decouverte-nombre">(\d+)</td>',
            html,
        )
    )
    # Other départements of the région may be listed with 0 (when the real geography
    # was imported by an earlier test); those with fiches carry their counts.
    assert {code: n for code, n in lignes.items() if n != "0"} == {"59": "4", "62": "1"}


def test_le_fil_d_ariane_mene_aux_pages_des_territoires_englobants(client, corpus):
    html = client.get("/pratiques/territoire/commune/59350/").content.decode()
    fil = re.search(r'<nav role="navigation"\s+class="fr-breadcrumb".*?</nav>', html, re.S)[0]
    for chemin in (
        "/pratiques/territoire/pays/FR/",
        "/pratiques/territoire/region/32/",
        "/pratiques/territoire/departement/59/",
        "/pratiques/territoire/epci/200093201/",
    ):
        assert f'href="{chemin}"' in fil


def test_les_filtres_de_la_recherche_s_appliquent_et_se_retirent(client, corpus):
    html = client.get("/pratiques/territoire/departement/59/", {"thematique": "sante"})
    html = html.content.decode()
    assert titres(section(html, "titre-dedans")) == ["Un café à Lille"]
    assert "1 pratique sur ce territoire" in texte(html)
    assert 'href="/pratiques/territoire/departement/59/"><span class="fr-sr-only">Retirer' in html
    assert 'href="/pratiques/recherche/?thematique=sante&amp;territoire=departement%3A59"' in html
    assert '<option value="sante" selected>' in html


def test_un_filtre_inconnu_est_signale_sans_panne(client, corpus):
    reponse = client.get("/pratiques/territoire/departement/59/", {"thematique": "inconnue"})
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "Certains filtres n’ont pas pu être appliqués" in html
    assert "4 pratiques sur ce territoire" in texte(html)


def test_les_brouillons_n_apparaissent_pas(client, corpus, auteur):
    brouillon = services.creer_brouillon(
        auteur=auteur, contenu=contenu_complet(titre="Un brouillon lillois")
    )
    services.soumettre(brouillon, par=auteur)
    html = client.get("/pratiques/territoire/commune/59350/").content.decode()
    assert "Un brouillon lillois" not in html
    assert "1 pratique sur ce territoire" in texte(html)


@pytest.mark.parametrize(
    "url",
    [
        "/pratiques/territoire/commune/00000/",
        "/pratiques/territoire/canton/59350/",
        "/pratiques/territoire/region/59/",
    ],
)
def test_un_territoire_inconnu_donne_une_404(client, geo, url):
    assert client.get(url).status_code == 404


def test_un_code_en_minuscules_mene_a_l_adresse_canonique(client, geo):
    territoire_corse = territoire("departement", "2A", "Corse-du-Sud", geo.france)
    reponse = client.get("/pratiques/territoire/departement/2a/")
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/pratiques/territoire/departement/{territoire_corse.code}/"


def test_le_nombre_de_requetes_ne_depend_pas_du_nombre_de_pratiques(
    client, publier, django_assert_max_num_queries
):
    for rang in range(3):
        publier(titre=f"Action lilloise {rang}", territoires=["commune:59350"])
    with django_assert_max_num_queries(15) as peu:
        client.get("/pratiques/territoire/departement/59/")
    for rang in range(25):
        publier(titre=f"Autre action {rang}", territoires=["commune:59512", "departement:59"])
    with django_assert_max_num_queries(len(peu.captured_queries)):
        html = client.get("/pratiques/territoire/departement/59/").content.decode()
    assert "28 pratiques sur ce territoire" in texte(html)
    assert len(titres(section(html, "titre-dedans"))) == 20
    assert 'href="/pratiques/recherche/?departement=59"' in html


def test_la_page_geographique_du_territoire_mene_a_ses_pratiques(client, geo):
    html = client.get("/territoires/commune/59350/").content.decode()
    assert (
        '<a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" '
        'href="/pratiques/territoire/commune/59350/">Voir les pratiques de ce territoire</a>'
    ) in html


def test_la_page_de_la_france_compte_tout_ce_qui_y_est_situe_et_ses_regions(client, corpus):
    html = client.get("/pratiques/territoire/pays/FR/").content.decode()
    assert "6 pratiques sur ce territoire" in texte(html)
    assert 'id="titre-couvrant"' not in html  # nothing is larger than France
    assert "CPAS" not in html
    assert re.search(
        r'<a href="/pratiques/territoire/region/32/">Hauts-de-France</a></td>\s*<td>Région</td>'
        r'\s*<td class="decouverte-nombre">5</td>',
        html,
    )
