"""Discovery in a real browser: the home page and its map, the search page with filters
chosen and submitted with the keyboard (and without JavaScript), a territory page; axe
finds no serious or critical violation on any of them."""

import re

import pytest
from playwright.sync_api import expect

from pratiques import services
from pratiques.models import Thematique
from tests.pratiques.factories import Geographie, contenu_complet

# The vocabularies a previous transactional test flushed are seeded again by the autouse
# fixture of tests/conftest.py (serialized_rollback would break on the content types
# that such a flush recreates with new ids).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def corpus(transactional_db):
    Geographie()
    fiches = [
        {
            "titre": "Un café des parents à Fives",
            "resume": "Des parents animent un café chaque semaine avec le centre social.",
            "thematiques": ["parentalite_familles", "sante"],
            "territoires": ["commune:59350"],
        },
        {
            "titre": "Un café des aînés à Roubaix",
            "resume": "Des habitants âgés se retrouvent autour d’un café contre l’isolement.",
            "thematiques": ["isolement_lien_social"],
            "territoires": ["commune:59512"],
        },
        {
            "titre": "Une maraude partagée à Arras",
            "resume": "Des bénévoles et des professionnels vont ensemble à la rencontre.",
            "thematiques": ["sante"],
            "territoires": ["commune:62041"],
        },
        {
            "titre": "Un plan départemental",
            "resume": "Un plan pour coordonner l’action sociale du département.",
            "thematiques": ["sante"],
            "territoires": ["departement:59"],
        },
    ]
    for rang, contenu in enumerate(fiches):
        services.importer(
            contenu=contenu_complet(partenaires=[], **contenu),
            source="tests-navigateur",
            identifiant=str(rang),
            publier=True,
        )


def test_l_accueil_et_sa_carte_menent_a_la_page_d_un_departement(page, audit_axe, corpus):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert audit_axe(page) == []
    expect(page.get_by_role("heading", name="Dernières pratiques publiées")).to_be_visible()
    lien_carte = page.get_by_role("link", name="Nord : 3 pratiques", exact=True)
    expect(lien_carte).to_have_count(1)
    expect(lien_carte).to_have_attribute("href", "/pratiques/territoire/departement/59/")
    expect(page.get_by_role("link", name="Pas-de-Calais : 1 pratique")).to_have_count(1)
    # The map's links are reachable with the keyboard.
    lien_carte.focus()
    expect(lien_carte).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/pratiques/territoire/departement/59/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nord")


def test_le_tableau_des_departements_s_ouvre_au_clavier(page, audit_axe, corpus):
    page.goto("/")
    resume = page.get_by_text(
        "Voir le nombre de pratiques publiées par département sous forme de tableau"
    )
    resume.focus()
    page.keyboard.press("Enter")
    tableau = page.get_by_role("table", name="Nombre de pratiques publiées par département")
    expect(tableau).to_be_visible()
    expect(tableau.get_by_role("row", name=re.compile(r"^59 Nord 3$"))).to_be_visible()
    assert audit_axe(page) == []


def test_filtrer_la_recherche_au_clavier(page, audit_axe, corpus):
    sante = Thematique.objects.get(code="sante").libelle
    page.goto("/pratiques/recherche/?q=caf%C3%A9")
    expect(page.get_by_role("heading", name="2 résultats")).to_be_visible()
    assert audit_axe(page) == []

    case = page.get_by_role("checkbox", name=f"{sante} (1)")
    case.focus()
    page.keyboard.press("Space")
    expect(case).to_be_checked()
    page.get_by_role("combobox", name="Département", exact=True).focus()
    page.keyboard.press("ArrowDown")  # "59 – Nord (2)"
    page.get_by_role("button", name="Filtrer").focus()
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"\?q=caf%C3%A9&thematique=sante&departement=59$"))
    expect(page.get_by_role("heading", name="1 résultat", exact=True)).to_be_visible()
    resultats = page.locator("ol.decouverte-resultats > li")
    expect(resultats).to_have_count(1)
    expect(resultats.first.get_by_role("link")).to_have_text("Un café des parents à Fives")
    expect(resultats.first.locator("mark")).to_have_text("café")
    expect(page.get_by_role("checkbox", name=f"{sante} (1)")).to_be_checked()
    expect(page.get_by_role("link", name=f"Retirer le filtre Thématique : {sante}")).to_be_visible()
    assert audit_axe(page) == []

    page.get_by_role("link", name=f"Retirer le filtre Thématique : {sante}").click()
    page.wait_for_url(re.compile(r"\?q=caf%C3%A9&departement=59$"))
    expect(page.get_by_role("heading", name="2 résultats")).to_be_visible()


def test_une_erreur_de_filtre_est_annoncee_et_accessible(page, audit_axe, corpus):
    reponse = page.goto("/pratiques/recherche/?q=caf%C3%A9&territoire=Zzyzx")
    assert reponse.status == 400
    expect(page.get_by_text("Certains filtres n’ont pas pu être appliqués")).to_be_visible()
    expect(page.locator("#filtre-territoire-erreurs")).to_contain_text(
        "Aucun territoire ne correspond"
    )
    expect(page.get_by_role("heading", name="2 résultats")).to_be_visible()
    assert audit_axe(page) == []


def test_sans_javascript_la_recherche_se_filtre_et_le_territoire_se_saisit_par_son_nom(
    navigateur, live_server, corpus
):
    contexte = navigateur.new_context(base_url=live_server.url, java_script_enabled=False)
    page = contexte.new_page()
    page.goto("/pratiques/recherche/")
    page.get_by_label("Territoire").fill("Roubaix")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"\?territoire=commune%3A59512$"))
    expect(page.get_by_label("Territoire")).to_have_value("Roubaix (commune 59512)")
    titres = page.locator("ol.decouverte-resultats h3").all_inner_texts()
    assert sorted(titres) == ["Un café des aînés à Roubaix", "Un plan départemental"]
    contexte.close()


def test_la_page_d_un_territoire(page, audit_axe, corpus):
    page.goto("/pratiques/territoire/commune/59350/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lille")
    expect(page.get_by_role("heading", name="1 pratique sur ce territoire")).to_be_visible()
    assert audit_axe(page) == []
    page.get_by_role("link", name="Affiner dans la recherche").click()
    page.wait_for_url(re.compile(r"/pratiques/recherche/\?territoire=commune%3A59350$"))
    expect(page.get_by_role("heading", name="2 résultats")).to_be_visible()
