"""Every declared facet (pratiques.recherche.facettes.FACETTES) is whole: the search page
shows its filter with its label, RechercheFilter has it, the API's schema documents
its parameter and its counts, and the counts the page and the API show are those
recounted here, independently, with the ORM over the published fiches — with nothing
filtered (the counts kept by the triggers) and with a filter (the counting scan)."""

import re
from datetime import date
from html import unescape

import pytest
from django.db.models import Q

from essaimage import services as essaimage_services
from essaimage.models import EtatReprise
from pratiques import services
from pratiques.filters import RechercheFilter
from pratiques.models import Fiche
from pratiques.recherche.facettes import FACETTES, PAR_NOM
from territoires.models import Territoire
from tests.collectifs.factories import declarer
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db


def _dedans(code_niveau):
    def condition(code):
        territoire = Territoire.objects.get(niveau=code_niveau, code=code)
        return Q(territoires=territoire) | Q(territoires__ancetres__contains=[territoire.pk])

    return condition


# How each facet's value is recounted, from the fiche's own fields (not the index): a
# new facet needs its line here.
RECOMPTES = {
    "thematique": lambda code: Q(thematiques__code=code),
    "forme": lambda code: Q(formes_intervention__code=code),
    "public": lambda code: Q(publics__code=code),
    "participation": lambda code: Q(niveau_participation__code=code),
    "statut": lambda code: Q(statut_action=code),
    "region": _dedans("region"),
    "departement": _dedans("departement"),
    "collectif": lambda oui: Q(collectif__isnull=False),
    "laureate": lambda oui: Q(laureate=True),
    "reprise": lambda oui: Q(reprises__etat=EtatReprise.PUBLIEE),
}


@pytest.fixture
def collectif(geo):
    return declarer(UtilisateurFactory(email="animatrice@exemple.fr"), [geo.lille])


@pytest.fixture
def corpus(publier, auteur, collectif):
    publier(titre="Un café des parents à Lille")
    arras = publier(
        titre="Une épicerie solidaire à Arras",
        thematiques=["alimentation", "pauvrete_exclusion"],
        formes_intervention=["developpement_social_local"],
        publics=["tous_habitants", "familles"],
        niveau_participation="codecision",
        statut_action="terminee",
        territoires=["commune:62041"],
    )
    publier(
        titre="Un réseau régional des centres sociaux",
        thematiques=["parentalite_familles", "isolement_lien_social"],
        formes_intervention=["intervention_de_reseau", "travail_social_communautaire"],
        publics=["parents"],
        niveau_participation="consultation",
        statut_action="perennisee",
        territoires=["region:32"],
    )
    nord = publier(
        titre="Des ateliers dans tout le Nord",
        thematiques=["sante"],
        publics=["jeunes"],
        niveau_participation="",
        statut_action="en_projet",
        territoires=["departement:59", "commune:59512"],
    )
    publier(titre="Partout en France", territoires=["pays:FR"], statut_action="proposition")
    # Carried by a collectif (linked as a bulk update would: the triggers follow).
    Fiche.objects.filter(pk=nord.pk).update(collectif=collectif)
    # A prize laureate (kept by prix.services the same way).
    Fiche.objects.filter(titre="Un café des parents à Lille").update(laureate=True)
    # Taken up elsewhere: one published reprise counts, a declined one does not.
    admin = UtilisateurFactory(email="admin.facettes@exemple.fr", role="admin_national")
    lille = Territoire.objects.get(code="59350")
    publiee = essaimage_services.declarer(
        nord, par=auteur, territoire=lille, depuis=date(2024, 3, 1), garde="Tout"
    )
    essaimage_services.publier(publiee, par=admin)
    refusee = essaimage_services.declarer(
        arras, par=auteur, territoire=lille, depuis=date(2024, 3, 1), garde="Rien"
    )
    essaimage_services.refuser(refusee, par=admin, motif="Ce n’est pas la même approche.")
    # Neither a draft nor an archived fiche counts.
    services.creer_brouillon(auteur=auteur, contenu=contenu_complet(titre="Brouillon"))
    archivee = publier(titre="Archivée", thematiques=["sante"], territoires=["commune:62041"])
    Fiche.objects.filter(pk=archivee.pk).update(etat="archivee")


def _comptes_de_la_page(html: str, facette) -> dict[str, int]:
    """{value: count} as the page's filter of `facette` shows it."""
    if facette.a_cocher:
        motif = rf'for="filtre-{facette.nom}-([^"]+)">[^<]*\((\d+)\)</label>'
        return {valeur: int(n) for valeur, n in re.findall(motif, html)}
    liste = re.search(rf'<select[^>]* id="filtre-{facette.nom}"[^>]*>(.*?)</select>', html, re.S)
    assert liste, facette.nom
    motif = r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)</option>'
    return {valeur: int(n) for valeur, n in re.findall(motif, liste.group(1))}


def _recompte(facette, valeurs, base: Q) -> dict[str, int]:
    publiees = Fiche.objects.publiees().filter(base)
    comptes = {
        code: publiees.filter(RECOMPTES[facette.nom](code)).distinct().count() for code in valeurs
    }
    return {code: n for code, n in comptes.items() if n}


def _codes_possibles(facette) -> list[str]:
    """Every value the facet could show: its filter's choices."""
    champ = RechercheFilter().form.fields[facette.nom]
    return [str(valeur) for valeur, _ in champ.choices if valeur != ""]


def test_chaque_facette_declaree_a_son_recompte_independant():
    assert set(RECOMPTES) == set(PAR_NOM)


def test_chaque_facette_est_un_filtre_de_recherche_avec_son_libelle():
    filtres = RechercheFilter.base_filters
    for facette in FACETTES:
        assert facette.nom in filtres, facette.nom
        assert filtres[facette.nom].label == facette.libelle


def test_chaque_facette_est_documentee_dans_le_schema_de_l_api(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/pratiques/"]["get"]
    parametres = {p["name"]: p for p in operation["parameters"]}
    comptes = schema["components"]["schemas"]["Facettes"]["properties"]
    for facette in FACETTES:
        assert parametres[facette.nom]["description"] == facette.aide_api
        assert (parametres[facette.nom]["schema"]["type"] == "array") == facette.multiple
        assert comptes[facette.nom]["description"] == facette.aide_comptes


@pytest.mark.parametrize("parametres", [{}, {"departement": "59"}], ids=["tout", "nord"])
def test_la_page_et_l_api_montrent_chaque_facette_avec_les_comptes_recomptes(
    client, corpus, parametres
):
    base = Q()
    for nom, code in parametres.items():
        base &= RECOMPTES[nom](code)
    html = unescape(client.get("/pratiques/recherche/", parametres).content.decode())
    api = client.get("/api/v1/pratiques/", parametres).json()["facettes"]
    for facette in FACETTES:
        attendu = _recompte(facette, _codes_possibles(facette), base)
        assert attendu, f"the corpus gives {facette.nom} no value"
        assert re.search(
            rf'(<legend[^>]*id="filtre-{facette.nom}-legende"[^>]*>|'
            rf'<label class="fr-label" for="filtre-{facette.nom}">){re.escape(facette.libelle)}<',
            html,
        ), facette.nom
        if not facette.a_cocher:
            assert f'<option value="">{facette.tous}</option>' in html, facette.nom
        assert _comptes_de_la_page(html, facette) == attendu, facette.nom
        assert {v["code"]: v["nombre"] for v in api[facette.nom]} == attendu, facette.nom


def test_une_valeur_appliquee_de_chaque_facette_a_son_etiquette(client, corpus):
    for facette in FACETTES:
        code = next(iter(_recompte(facette, _codes_possibles(facette), Q())))
        html = unescape(client.get("/pratiques/recherche/", {facette.nom: code}).content.decode())
        etiquettes = re.findall(
            r'<span class="fr-sr-only">Retirer le filtre </span>([^<]+)</a>', html
        )
        assert etiquettes and etiquettes[0].startswith(f"{facette.libelle_actif}\u00a0: "), (
            facette.nom,
            etiquettes,
        )


def test_une_fiche_portee_par_un_collectif_est_comptee_et_filtree(client, corpus, collectif):
    """The "portée par un collectif" facet: one fiche of the corpus is linked; the
    checkbox counts it, and checking it (page) or `?collectif=oui` (API) keeps it alone;
    unlinking it (the fiche's own update) takes it out of the counts."""
    fiche = Fiche.objects.get(collectif=collectif)
    html = unescape(client.get("/pratiques/recherche/").content.decode())
    assert re.search(
        r'<input type="checkbox" id="filtre-collectif-oui" name="collectif" value="oui">\s*'
        r'<label class="fr-label" for="filtre-collectif-oui">Portée par un collectif \(1\)',
        html,
    )
    filtree = unescape(client.get("/pratiques/recherche/", {"collectif": "oui"}).content.decode())
    assert fiche.titre in filtree
    assert "Un café des parents à Lille" not in filtree
    api = client.get("/api/v1/pratiques/", {"collectif": "oui"}).json()
    assert [p["titre"] for p in api["results"]] == [fiche.titre]
    assert api["facettes"]["collectif"] == [
        {"code": "oui", "libelle": "Portée par un collectif", "nombre": 1}
    ]
    assert client.get("/api/v1/pratiques/", {"collectif": "non"}).status_code == 400

    Fiche.objects.filter(pk=fiche.pk).update(collectif=None)
    api = client.get("/api/v1/pratiques/").json()
    assert api["facettes"]["collectif"] == []
    assert client.get("/api/v1/pratiques/", {"collectif": "oui"}).json()["results"] == []
