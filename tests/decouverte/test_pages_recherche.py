"""The search results page: results, filters with their counts, shareable URLs, errors
shown next to the filter (never a 500), only published fiches, escaped highlights,
pagination, and a number of queries that does not grow with the page size."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from decouverte.views import recherche as vue
from pratiques import services
from pratiques.models import Thematique
from pratiques.recherche import moteur
from tests.outils import texte, titre_de_la_page
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db

URL = "/pratiques/recherche/"


def libelle(code: str) -> str:
    return Thematique.objects.get(code=code).libelle


def titres_des_resultats(html: str) -> list[str]:
    liste = re.search(r'<ol class="decouverte-resultats".*?</ol>', html, re.S)
    if not liste:
        return []
    return re.findall(r'<h3 class="fr-h6 fr-mb-1w"><a href="[^"]+">([^<]+)</a>', liste.group(0))


class EtatDuFormulaire(HTMLParser):
    """What the browser would submit with the search form as the page shows it: the
    fields inside <form id="formulaire-recherche"> or attached to it (form="…")."""

    def __init__(self):
        super().__init__()
        self.paires = []
        self.dans_le_formulaire = False
        self.liste = None

    def handle_starttag(self, balise, attributs):
        attrs = dict(attributs)
        if balise == "form":
            self.dans_le_formulaire = attrs.get("id") == "formulaire-recherche"
            return
        rattache = self.dans_le_formulaire or attrs.get("form") == "formulaire-recherche"
        if balise == "input" and rattache and attrs.get("name"):
            type_ = attrs.get("type", "text")
            if type_ == "checkbox" and "checked" not in attrs:
                return
            if attrs.get("value"):
                self.paires.append((attrs["name"], attrs["value"]))
        elif balise == "select" and rattache:
            self.liste = attrs["name"]
        elif balise == "option" and self.liste and "selected" in attrs and attrs.get("value"):
            self.paires.append((self.liste, attrs["value"]))

    def handle_endtag(self, balise):
        if balise == "form":
            self.dans_le_formulaire = False
        elif balise == "select":
            self.liste = None


def etat_du_formulaire(html: str) -> list[tuple[str, str]]:
    analyse = EtatDuFormulaire()
    analyse.feed(html)
    return analyse.paires


def test_un_resultat_montre_son_titre_son_extrait_ses_thematiques_ses_territoires_et_sa_date(
    client, publier
):
    fiche = publier(
        titre="Un café des parents à Fives",
        resume="Des parents animent un café chaque semaine avec le centre social.",
        thematiques=["parentalite_familles", "sante"],
        territoires=["commune:59350", "commune:59512"],
    )
    reponse = client.get(URL, {"q": "café"})
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert f'<a href="/pratiques/fiche/{fiche.slug}/">Un café des parents à Fives</a>' in html
    assert "<mark>café</mark>" in html
    assert f'<p class="fr-tag fr-tag--sm">{libelle("parentalite_familles")}</p>' in html
    assert f'<p class="fr-tag fr-tag--sm">{libelle("sante")}</p>' in html
    assert "Lille, Roubaix" in texte(html)
    publiee = date_format(timezone.localtime(fiche.publiee_le), "F Y")
    assert re.search(rf"Publiée le \d+ (er )?{publiee}", texte(html))
    assert "1 résultat" in texte(html)
    assert len(re.findall(r"<h1[ >]", html)) == 1
    titre = titre_de_la_page(html)
    assert titre == "Rechercher une pratique\u00a0: 1 résultat — Pratiques inspirantes"


def test_la_date_de_publication_est_ecrite_en_francais(client, publier):
    fiche = publier(titre="Un jardin")
    fiche.publiee_le = timezone.make_aware(timezone.datetime(2026, 11, 23, 10, 0))
    fiche.save(update_fields=["publiee_le"])
    html = client.get(URL).content.decode()
    assert '<time datetime="2026-11-23">23 novembre 2026</time>' in html
    fiche.publiee_le = timezone.make_aware(timezone.datetime(2026, 11, 1, 10, 0))
    fiche.save(update_fields=["publiee_le"])
    html = client.get(URL).content.decode()
    assert '<time datetime="2026-11-01">1<sup>er</sup> novembre 2026</time>' in html


def test_chaque_valeur_des_filtres_montre_le_nombre_de_resultats_qu_elle_donnerait(client, publier):
    publier(titre="A", thematiques=["parentalite_familles", "sante"], statut_action="en_cours")
    publier(titre="B", thematiques=["parentalite_familles"], statut_action="terminee")
    publier(
        titre="C", thematiques=["sante"], statut_action="terminee", territoires=["commune:62041"]
    )
    html = client.get(URL, {"thematique": "parentalite_familles"}).content.decode()
    assert sorted(titres_des_resultats(html)) == ["A", "B"]
    assert re.search(
        r'<input type="checkbox" id="filtre-thematique-parentalite_familles" '
        r'name="thematique" value="parentalite_familles" checked>\s*'
        rf"<label [^>]+>{re.escape(libelle('parentalite_familles'))} \(2\)</label>",
        html,
    )
    assert re.search(rf'value="sante">\s*<label [^>]+>{re.escape(libelle("sante"))} \(1\)', html)
    assert '<option value="en_cours">En cours (1)</option>' in html
    assert '<option value="terminee">Terminée (1)</option>' in html
    assert '<option value="59">59 – Nord (2)</option>' in html
    assert '<option value="62">' not in html  # Arras's fiche is not among the results
    assert '<option value="32">Hauts-de-France (2)</option>' in html


def test_l_etat_de_la_recherche_est_une_url_que_l_on_peut_partager(client, publier):
    publier(titre="Café des parents", thematiques=["parentalite_familles", "sante"])
    publier(titre="Café des aînés", thematiques=["sante"], statut_action="terminee")
    publier(titre="Jardin", thematiques=["sante"])
    parametres = [
        ("q", "café"),
        ("thematique", "parentalite_familles"),
        ("thematique", "sante"),
        ("statut", "en_cours"),
        ("departement", "59"),
        ("territoire", "commune:59350"),
        ("tri", "date"),
    ]
    url = f"{URL}?{urlencode(parametres)}"
    reponse = client.get(url)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert titres_des_resultats(html) == ["Café des parents"]
    # Submitting the form as the page shows it gives back the same search (the
    # territory is shown by its label, which the server turns back into its reference)…
    soumis = client.get(URL, etat_du_formulaire(html))
    assert soumis.status_code == 302
    assert sorted(parse_qsl(urlsplit(soumis["Location"]).query)) == sorted(parametres)
    # …and the URL shared is the canonical one.
    canonique = f'<link rel="canonical" href="{settings.SITE_URL}{url}">'
    assert canonique in html.replace("&amp;", "&")
    assert titres_des_resultats(client.get(url).content.decode()) == ["Café des parents"]


def test_un_formulaire_soumis_donne_une_url_courte_sans_champ_vide(client, publier):
    reponse = client.get(
        URL,
        {"q": "café", "participation": "", "statut": "", "region": "", "territoire": ""},
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == f"{URL}?q=caf%C3%A9"


def test_un_territoire_saisi_par_son_nom_devient_sa_reference(client, publier):
    reponse = client.get(URL, {"territoire": "Lille"})
    assert reponse.status_code == 302
    assert reponse["Location"] == f"{URL}?territoire=commune%3A59350"
    html = client.get(reponse["Location"]).content.decode()
    assert 'value="Lille (commune 59350)"' in html  # the widget shows the label
    assert 'data-territoires-url="/territoires/autocompletion/"' in html


def test_le_filtre_territoire_trouve_les_pratiques_dedans_et_celles_qui_le_couvrent(
    client, publier
):
    publier(titre="À Lille", territoires=["commune:59350"])
    publier(titre="Dans le Nord", territoires=["departement:59"])
    publier(titre="À Arras", territoires=["commune:62041"])
    html = client.get(URL, {"territoire": "commune:59350"}).content.decode()
    assert sorted(titres_des_resultats(html)) == ["Dans le Nord", "À Lille"]
    html = client.get(URL, {"territoire": "departement:62"}).content.decode()
    assert titres_des_resultats(html) == ["À Arras"]


@pytest.mark.parametrize(
    ("parametres", "champ", "message"),
    [
        ({"thematique": "inexistante"}, "thematique", "inexistante n’en fait pas partie"),
        ({"territoire": "commune:00000"}, "territoire", "Territoire inconnu"),
        ({"territoire": "Zzyzx-sur-Mer"}, "territoire", "Aucun territoire ne correspond"),
        ({"departement": "999"}, "departement", "Sélectionnez un choix valide"),
        ({"statut": "disparu"}, "statut", "Sélectionnez un choix valide"),
    ],
)
def test_un_parametre_inconnu_affiche_une_erreur_en_francais_et_les_resultats_sans_ce_filtre(
    client, publier, parametres, champ, message
):
    publier(titre="Café des parents", thematiques=["parentalite_familles"])
    publier(titre="Café des aînés", thematiques=["sante"], territoires=["commune:62041"])
    reponse = client.get(URL, {"q": "café", **parametres})
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "Certains filtres n’ont pas pu être appliqués" in html
    erreurs = re.search(rf'id="filtre-{champ}-erreurs">(.*?)</div>', html, re.S)
    assert erreurs, f"no error next to the {champ} filter"
    assert message in erreurs.group(1).replace("&#x27;", "'")
    assert 'aria-invalid="true"' in html or "fr-fieldset--error" in html
    assert sorted(titres_des_resultats(html)) == ["Café des aînés", "Café des parents"]
    assert re.search(r"<title>\s*Erreur", html)


def test_une_page_ou_une_date_illisible_ne_fait_pas_de_panne(client, publier):
    publier(titre="Café")
    assert client.get(URL, {"page": "deux"}).status_code == 200
    reponse = client.get(URL, {"updated_since": "hier"})
    assert reponse.status_code == 400
    assert "Modifiées depuis" in reponse.content.decode()


@pytest.mark.parametrize("nom", [*vue.PARAMETRES, "page"])
def test_un_caractere_nul_dans_un_parametre_ne_fait_pas_de_panne(client, publier, nom):
    publier(titre="Café")
    assert client.get(URL, {nom: "a\x00b"}).status_code in (200, 400)
    assert client.get("/pratiques/territoire/commune/59350/", {nom: "a\x00b"}).status_code in (
        200,
        400,
    )


def test_seules_les_pratiques_publiees_apparaissent_et_sont_comptees(client, publier, auteur):
    publier(titre="Jardin partagé publié", thematiques=["sante"])
    brouillon = services.creer_brouillon(
        auteur=auteur, contenu=contenu_complet(titre="Jardin partagé en brouillon")
    )
    soumise = services.creer_brouillon(
        auteur=auteur,
        contenu=contenu_complet(titre="Jardin partagé soumis", thematiques=["sante"]),
    )
    services.soumettre(soumise, par=auteur)
    for parametres in ({"q": "jardin"}, {}, {"thematique": "sante"}):
        html = client.get(URL, parametres).content.decode()
        assert titres_des_resultats(html) == ["Jardin partagé publié"]
        assert "brouillon" not in html.lower().replace("brouillon\u00a0", "")
        assert brouillon.slug not in html and soumise.slug not in html
        assert "1 résultat" in texte(html)
    html = client.get(URL).content.decode()
    assert f"{libelle('sante')} (1)" in html


def test_l_extrait_surligne_les_mots_et_neutralise_le_html(client, publier):
    publier(
        titre="Café",
        resume="Des <b>parents</b> animent le café <script>alert('x')</script> du quartier.",
    )
    html = client.get(URL, {"q": "parents"}).content.decode()
    assert "<mark>parents</mark>" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "&lt;b&gt;" in html


def test_les_filtres_appliques_ont_chacun_un_lien_pour_les_retirer(client, publier):
    publier(titre="Café des parents", thematiques=["parentalite_familles", "sante"])
    html = client.get(
        URL, {"q": "café", "thematique": ["parentalite_familles", "sante"]}
    ).content.decode()
    liens = {
        texte(libelle): lien.replace("&amp;", "&")
        for lien, libelle in re.findall(
            r'<a class="fr-tag[^"]*" href="([^"]+)">(.*?)</a>', html, re.S
        )
    }
    assert liens == {
        "Retirer le filtre Mots-clés : « café »": f"{URL}?thematique=parentalite_familles"
        "&thematique=sante",
        f"Retirer le filtre Thématique : {libelle('parentalite_familles')}": f"{URL}?q=caf%C3%A9"
        "&thematique=sante",
        f"Retirer le filtre Thématique : {libelle('sante')}": f"{URL}?q=caf%C3%A9"
        "&thematique=parentalite_familles",
    }


def test_la_pagination_parcourt_les_resultats(client, publier, monkeypatch):
    monkeypatch.setattr(vue, "PAR_PAGE", 2)
    for rang in range(5):
        publier(titre=f"Atelier {rang}")
    html = client.get(URL, {"page": 2}).content.decode()
    assert titres_des_resultats(html) == ["Atelier 2", "Atelier 1"]
    assert 'class="fr-pagination' in html
    assert re.search(
        r'href="/pratiques/recherche/\?page=2" title="Page 2" aria-current="page"', html
    )
    assert 'href="/pratiques/recherche/" title="Page 1"' in html
    assert 'href="/pratiques/recherche/?page=3"' in html
    assert "page 2 sur 3" in texte(html)
    # Beyond the last page: the last page.
    reponse = client.get(URL, {"page": 9, "q": "atelier"})
    assert reponse.status_code == 302
    assert reponse["Location"] == f"{URL}?q=atelier&page=3"


def test_au_dela_des_candidats_classes_la_page_le_dit_et_propose_le_tri_par_date(
    client, publier, monkeypatch
):
    monkeypatch.setattr(moteur, "CANDIDATS", 3)
    monkeypatch.setattr(vue, "PAR_PAGE", 2)
    for rang in range(5):
        publier(titre=f"Atelier {rang}")
    html = client.get(URL, {"q": "atelier"}).content.decode()
    assert "3+ résultats, classés par pertinence : triez par date pour tout parcourir" in texte(
        html
    )
    assert 'href="/pratiques/recherche/?q=atelier&amp;tri=date">triez par date' in html
    assert "page 1 sur 2" in texte(html)  # pages go as far as the ranked candidates
    html = client.get(URL, {"q": "atelier", "tri": "date"}).content.decode()
    assert "5 résultats" in texte(html) and "classés par pertinence" not in html
    assert "page 1 sur 3" in texte(html)


def test_le_nombre_annonce_est_plafonne_a_mille_par_pertinence_seulement():
    assert vue._annonce_total(1500, True) == "1\u00a0000+ résultats"
    assert vue._annonce_total(1500, False) == "1\u00a0500 résultats"
    assert vue._annonce_total(1, True) == "1 résultat"
    assert vue._annonce_total(0, True) == "aucun résultat"


def test_le_nombre_de_requetes_ne_grandit_pas_avec_le_nombre_de_resultats_affiches(
    client, publier, monkeypatch, django_assert_max_num_queries
):
    for rang in range(20):
        publier(
            titre=f"Café des familles {rang}",
            thematiques=["parentalite_familles", "sante"],
            territoires=["commune:59350", "commune:59512"],
        )
    parametres = {"q": "café", "thematique": "sante", "territoire": "commune:59350"}
    monkeypatch.setattr(vue, "PAR_PAGE", 2)
    with django_assert_max_num_queries(20) as petite:
        html = client.get(URL, parametres).content.decode()
    assert len(titres_des_resultats(html)) == 2
    monkeypatch.setattr(vue, "PAR_PAGE", 20)
    with django_assert_max_num_queries(len(petite.captured_queries)):
        html = client.get(URL, parametres).content.decode()
    assert len(titres_des_resultats(html)) == 20


def test_la_page_decrit_la_recherche_pour_le_partage(client, publier):
    html = client.get(URL, {"q": "café"}).content.decode()
    assert '<meta property="og:title" content="Rechercher une pratique' in html
    assert '<meta property="og:locale" content="fr_FR">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="robots" content="noindex, follow">' in html
    assert re.search(
        r'<meta property="og:url" content="http[^"]+/pratiques/recherche/\?q=caf', html
    )
    html = client.get(URL).content.decode()
    assert 'name="robots"' not in html


def test_l_url_partagee_se_relit_a_l_identique(client, publier):
    """Round trip: the URL of the page, read back, shows the same form and results."""
    publier(titre="Café des parents", thematiques=["parentalite_familles"])
    premiere = client.get(URL, {"q": "café", "thematique": "parentalite_familles"})
    paires = etat_du_formulaire(premiere.content.decode())
    seconde = client.get(f"{URL}?{urlencode(paires)}")
    assert seconde.status_code == 200
    assert etat_du_formulaire(seconde.content.decode()) == paires
    assert titres_des_resultats(seconde.content.decode()) == ["Café des parents"]
    canonique = re.search(r'<link rel="canonical" href="([^"]+)"', premiere.content.decode())
    requete = parse_qsl(urlsplit(canonique.group(1).replace("&amp;", "&")).query)
    assert sorted(requete) == sorted(paires)


def test_trier_par_nombre_de_reprises_ailleurs(client, publier, geo, auteur, admin_national):
    from datetime import date, timedelta

    from essaimage import services as essaimage

    il_y_a = lambda jours: timezone.now() - timedelta(days=jours)  # noqa: E731
    publier(titre="Un café des familles ancien", publiee_le=il_y_a(30))
    deux_fois = publier(titre="Un café des familles repris deux fois", publiee_le=il_y_a(20))
    une_fois = publier(titre="Un café des familles repris une fois", publiee_le=il_y_a(10))
    publier(titre="Un café des familles récent")
    for fiche, fois in ((deux_fois, 2), (une_fois, 1)):
        for _ in range(fois):
            reprise = essaimage.declarer(
                fiche, par=auteur, territoire=geo.lille, depuis=date(2025, 1, 1), garde="Tout"
            )
            essaimage.publier(reprise, par=admin_national)

    par_date = client.get(URL).content.decode()
    assert titres_des_resultats(par_date)[0] == "Un café des familles récent"
    assert "nombre de reprises ailleurs" in texte(par_date)
    for parametres in ({"tri": "reprises"}, {"q": "café", "tri": "reprises"}):
        html = client.get(URL, parametres).content.decode()
        assert titres_des_resultats(html) == [
            "Un café des familles repris deux fois",
            "Un café des familles repris une fois",
            "Un café des familles récent",
            "Un café des familles ancien",
        ]
        assert '<strong aria-current="true">nombre de reprises ailleurs</strong>' in html
