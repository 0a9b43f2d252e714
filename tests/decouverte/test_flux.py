"""The Atom feed of a search: the newest published fiches matching the same parameters
as the search page (RechercheFilter), as valid Atom; bad parameters are a 400."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from decouverte.views import flux
from pratiques import services
from pratiques.models import Thematique
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def publier(publier):
    """The `publier` of conftest, published `il_y_a` ago."""

    def _publier(il_y_a=timedelta(0), **modifications):
        return publier(publiee_le=timezone.now() - il_y_a, **modifications)

    return _publier


def lire_flux(client, **parametres):
    reponse = client.get(reverse("decouverte:flux"), parametres)
    assert reponse.status_code == 200, reponse.content.decode()
    assert reponse["Content-Type"].startswith("application/atom+xml")
    racine = ET.fromstring(reponse.content)  # noqa: S314 — ours; raises unless well-formed
    assert racine.tag == f"{ATOM}feed"
    return racine


def titres(racine):
    return [entree.findtext(f"{ATOM}title") for entree in racine.iter(f"{ATOM}entry")]


def test_le_flux_ne_liste_que_les_fiches_publiees_de_la_recherche_les_plus_recentes_d_abord(
    client, publier, auteur
):
    publier(titre="Ancienne", il_y_a=timedelta(days=30))
    publier(titre="Récente", il_y_a=timedelta(days=1))
    publier(titre="Moyenne", il_y_a=timedelta(days=10))
    publier(titre="Autre thème", thematiques=["sante"])
    brouillon = services.creer_brouillon(auteur=auteur, contenu=contenu_complet(titre="Soumise"))
    services.soumettre(brouillon, par=auteur)

    racine = lire_flux(client, thematique="parentalite_familles")

    assert titres(racine) == ["Récente", "Moyenne", "Ancienne"]
    assert titres(lire_flux(client, thematique="sante")) == ["Autre thème"]
    assert "Soumise" not in titres(lire_flux(client))


def test_chaque_entree_a_son_lien_son_resume_en_texte_sa_date_et_ses_thematiques(client, publier):
    fiche = publier(
        titre="Jardin & potager",
        resume="Un <b>jardin</b> partagé, cultivé par les habitants.",
        thematiques=["parentalite_familles", "sante"],
    )
    racine = lire_flux(client, q="jardin")

    (entree,) = racine.iter(f"{ATOM}entry")
    assert entree.findtext(f"{ATOM}title") == "Jardin & potager"
    lien = entree.find(f"{ATOM}link").get("href")
    assert lien == "http://testserver" + reverse("pratiques:fiche", args=[fiche.slug])
    resume = entree.find(f"{ATOM}summary")
    assert resume.get("type") == "text"
    assert resume.text == "Un <b>jardin</b> partagé, cultivé par les habitants."
    assert entree.findtext(f"{ATOM}updated")
    assert entree.findtext(f"{ATOM}published")
    libelles = set(
        Thematique.objects.filter(code__in=["parentalite_familles", "sante"]).values_list(
            "libelle", flat=True
        )
    )
    assert {c.get("term") for c in entree.iter(f"{ATOM}category")} == libelles
    # The feed itself: a title naming the search, a self link with the query, an author.
    assert "jardin" in racine.findtext(f"{ATOM}title")
    liens = {lien.get("rel"): lien.get("href") for lien in racine.findall(f"{ATOM}link")}
    assert liens["self"].endswith(reverse("decouverte:flux") + "?q=jardin")
    assert reverse("decouverte:recherche") in liens["alternate"]
    assert racine.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Pratiques inspirantes"


def test_le_flux_est_borne_aux_plus_recentes(client, publier, monkeypatch):
    monkeypatch.setattr(flux, "ENTREES_MAX", 2)
    for jours in (3, 1, 2):
        publier(titre=f"Il y a {jours} jours", il_y_a=timedelta(days=jours))
    assert titres(lire_flux(client)) == ["Il y a 1 jours", "Il y a 2 jours"]


def test_la_pagination_et_le_tri_de_la_page_sont_ignores(client, publier):
    publier(titre="Une fiche")
    assert titres(lire_flux(client, page="3", tri="pertinence")) == ["Une fiche"]


@pytest.mark.parametrize(
    ("parametres", "attendu"),
    [
        ({"thematique": "inexistante"}, "Thématiques"),
        ({"territoire": "commune:00000"}, "Territoire inconnu"),
        ({"territoire": "n-importe-quoi"}, "Territoire inconnu"),
        ({"departement": "999"}, "Département"),
        ({"statut": "imaginaire"}, "Statut"),
        ({"updated_since": "hier"}, "Modifiées depuis"),
        ({"q": "nul\x00"}, "Mots-clés"),
    ],
)
def test_des_parametres_invalides_donnent_une_erreur_400_en_francais(
    client, geo, parametres, attendu
):
    reponse = client.get(reverse("decouverte:flux"), parametres)
    assert reponse.status_code == 400
    assert reponse["Content-Type"] == "text/plain; charset=utf-8"
    texte = reponse.content.decode()
    assert texte.startswith("Recherche invalide")
    assert attendu in texte


def test_le_lien_alternate_de_la_page_de_recherche_pointe_vers_le_flux_de_la_meme_recherche():
    requete = RequestFactory().get("/pratiques/recherche/", {"q": "jardin", "departement": "59"})
    html = render_to_string("decouverte/_lien_flux.html", request=requete)
    assert 'rel="alternate"' in html and 'type="application/atom+xml"' in html
    assert f'href="{reverse("decouverte:flux")}?q=jardin&amp;departement=59"' in html
