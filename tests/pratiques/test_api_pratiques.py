# Over 500 lines: the API list's behaviours, read as one specification.
"""The partners' read API (/api/v1/pratiques/): published fiches only, never an e-mail
address, the same filters as the search page, cursor pagination that walks everything
once, incremental sync, 400s rather than 500s, bounded queries, a valid schema and a
documentation page served from the site itself."""

import base64
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pratiques import pieces_jointes, services
from pratiques.api import pagination
from pratiques.filters import RechercheFilter
from pratiques.models import Fiche, Thematique
from pratiques.recherche import moteur
from tests.pratiques.factories import contenu_complet, fiche_publiee, fiche_soumise

pytestmark = pytest.mark.django_db

LISTE = "/api/v1/pratiques/"
PDF = b"%PDF-1.4\n" + b"0" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100


def detail(slug):
    return f"{LISTE}{slug}/"


def lire(client, url, donnees=None, statut=200):
    reponse = client.get(url, donnees)
    assert reponse.status_code == statut, reponse.content[:2000]
    return reponse.json()


def parcourir(client, donnees):
    """Every result of a list, following `next`; the pages in order."""
    pages = [lire(client, LISTE, donnees)]
    while pages[-1]["next"]:
        assert len(pages) < 100, "the walk does not end"
        pages.append(lire(client, pages[-1]["next"]))
    return pages


def slugs(pages):
    return [fiche["slug"] for page in pages for fiche in page["results"]]


def curseur(**jetons):
    texte = "&".join(f"{cle}={valeur}" for cle, valeur in jetons.items())
    return base64.urlsafe_b64encode(texte.encode()).decode()


# --- Only what is published, never an e-mail address -------------------------------


def test_seules_les_fiches_publiees_sont_listees_et_lisibles(
    client, publier, auteur, moderateur_nord
):
    publiee = publier(titre="Une fiche publiée")
    brouillon = services.creer_brouillon(auteur=auteur, contenu=contenu_complet(titre="Brouillon"))
    soumise = fiche_soumise(auteur, titre="Soumise")
    refusee = fiche_soumise(auteur, titre="Refusée")
    services.refuser(refusee, par=moderateur_nord, motif="hors_champ", message="Hors champ.")
    a_modifier = fiche_soumise(auteur, titre="À modifier")
    services.demander_modifications(
        a_modifier, par=moderateur_nord, motif="incomplete", message="À compléter."
    )
    archivee = fiche_publiee(auteur, moderateur_nord, titre="Archivée")
    services.archiver(archivee, par=moderateur_nord)

    page = lire(client, LISTE)
    assert slugs([page]) == [publiee.slug]
    assert page["total"] == 1
    assert sum(v["nombre"] for v in page["facettes"]["thematique"]) == 1
    assert lire(client, detail(publiee.slug))["titre"] == "Une fiche publiée"
    for fiche in (brouillon, soumise, refusee, a_modifier, archivee):
        corps = lire(client, detail(fiche.slug), statut=404)
        assert corps == {"detail": "Aucune fiche publiée ne porte ce slug.", "code": "not_found"}
        assert lire(client, LISTE, {"q": fiche.titre})["total"] == 0


def test_ni_adresse_e_mail_ni_auteur_ni_etat_dans_les_reponses(client, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    assert fiche.contact_email and fiche.auteur == auteur
    for url in (LISTE, detail(fiche.slug), f"{LISTE}?q=café"):
        brut = client.get(url).content.decode()
        assert "@" not in brut, url
        assert not re.search(r"[\w.+-]+(@|%40)[\w-]+\.\w+", brut), url
        for interdit in ("Aurore", "contact_email", "auteur", "etat", "departement_moderation"):
            assert interdit not in brut, (url, interdit)
    corps = lire(client, detail(fiche.slug))
    # The contact stays reachable through the site's relay form.
    assert corps["contact_structure"] == "Centre social de Fives"
    assert (
        corps["contact_formulaire"] == f"http://testserver/pratiques/fiche/{fiche.slug}/contacter/"
    )


def test_une_revision_en_cours_et_ses_documents_restent_invisibles_jusqu_a_publication(
    client, auteur, moderateur_nord, medias
):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    pieces_jointes.ajouter(
        fiche,
        par=auteur,
        fichier=SimpleUploadedFile("cr.pdf", PDF, content_type="application/pdf"),
        titre="Compte rendu",
    )
    services.soumettre(fiche, par=auteur)
    services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    fiche.refresh_from_db()

    services.enregistrer(
        fiche,
        par=auteur,
        contenu=contenu_complet(titre="Titre révisé en relecture"),
        version=services.version_courante(fiche),
    )
    piece = pieces_jointes.ajouter(
        fiche,
        par=auteur,
        fichier=SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
        titre="Photo de la révision",
        texte_alternatif="Des parents autour d’une table",
    )
    assert piece.revision_id is not None
    services.soumettre(fiche, par=auteur)

    brut = client.get(detail(fiche.slug)).content.decode()
    corps = json.loads(brut)
    assert corps["titre"] == "Des parents qui animent un café des familles"
    assert [d["titre"] for d in corps["documents"]] == ["Compte rendu"]
    assert "Titre révisé" not in brut and "Photo de la révision" not in brut
    document = corps["documents"][0]
    assert document["type_mime"] == "application/pdf"
    assert document["taille"] == len(PDF)
    assert document["texte_alternatif"] == ""
    assert re.fullmatch(r"http://testserver/pratiques/documents/\d+/", document["url"])
    assert "Titre révisé" not in client.get(LISTE, {"q": "révisé"}).content.decode()

    services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    corps = lire(client, detail(fiche.slug))
    assert corps["titre"] == "Titre révisé en relecture"
    assert [d["titre"] for d in corps["documents"]] == ["Compte rendu", "Photo de la révision"]
    assert corps["documents"][1]["texte_alternatif"] == "Des parents autour d’une table"


def test_le_detail_donne_chaque_champ_public_sous_une_forme_documentee(client, publier):
    fiche = publier(
        territoires=["commune:59350", "departement:62"],
        date_fin="2021-06-30",
        date_fin_precision="annee",
        budget="5k_20k",
        liens=[{"url": "https://exemple.fr/cafe", "titre": "Le café"}],
        sources=[{"document": "Rapport EGTS 2015", "reference": "p. 42"}],
    )
    corps = lire(client, detail(fiche.slug))
    assert corps["slug"] == fiche.slug
    assert corps["url"] == f"http://testserver/api/v1/pratiques/{fiche.slug}/"
    assert corps["page"] == f"http://testserver/pratiques/fiche/{fiche.slug}/"
    thematique = Thematique.objects.get(code="parentalite_familles")
    assert corps["thematiques"] == [{"code": thematique.code, "libelle": thematique.libelle}]
    assert corps["niveau_participation"]["code"] == "co_construction"
    assert corps["echelle"] == {"code": "quartier", "libelle": "Quartier"}
    assert corps["budget"] == {"code": "5k_20k", "libelle": "De 5 000 à 20 000 €"}
    assert corps["methode_evaluation"] is None
    assert corps["porteur_type"]["code"] == "centre_social"
    assert corps["partenaires"] == [
        {
            "nom": "CAF du Nord",
            "type": {"code": "caf", "libelle": corps["partenaires"][0]["type"]["libelle"]},
            "role": "Financement",
        }
    ]
    assert sorted(corps["territoires"], key=lambda t: t["reference"]) == [
        {
            "reference": "commune:59350",
            "niveau": "commune",
            "code": "59350",
            "nom": "Lille",
            "url": "http://testserver/api/v1/territoires/commune:59350/",
        },
        {
            "reference": "departement:62",
            "niveau": "departement",
            "code": "62",
            "nom": "Pas-de-Calais",
            "url": "http://testserver/api/v1/territoires/departement:62/",
        },
    ]
    assert corps["date_debut"] == "2019-09-01"
    assert corps["date_debut_precision"] == {"code": "mois", "libelle": "Mois"}
    assert corps["date_fin"] == "2021-06-30"
    assert corps["date_fin_precision"]["code"] == "annee"
    assert corps["liens"] == [{"url": "https://exemple.fr/cafe", "titre": "Le café"}]
    assert corps["sources"] == [{"document": "Rapport EGTS 2015", "reference": "p. 42"}]
    assert corps["licence"] == {
        "code": "etalab-2.0",
        "libelle": "Licence Ouverte / Etalab 2.0",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    }
    assert corps["publiee_le"] and corps["modifiee_le"]
    # The territory link is the territoires API's own detail.
    assert lire(client, corps["territoires"][0]["url"])["nom"] in {"Lille", "Pas-de-Calais"}


# --- The same filters as the search page ---------------------------------------------


@pytest.fixture
def corpus(publier):
    publier(titre="Café des parents à Lille", territoires=["commune:59350"])
    publier(
        titre="Jardin partagé à Roubaix",
        territoires=["commune:59512"],
        thematiques=["alimentation", "lutte_contre_isolement"],
        statut_action="terminee",
    )
    publier(titre="Dans la MEL", territoires=["epci:200093201"], publics=["jeunes"])
    publier(
        titre="Dans le Nord",
        territoires=["departement:59"],
        thematiques=["parentalite_familles", "sante"],
        niveau_participation="codecision",
    )
    publier(titre="En France", territoires=["pays:FR"], formes_intervention=["education_populaire"])
    publier(titre="À Arras", territoires=["commune:62041"], statut_action="perennisee")
    publier(titre="En Belgique", territoires=["pays:BE"], description="Les parents du CPAS.")


RECHERCHES = [
    {},
    {"q": "parents"},
    {"q": "jardin"},
    {"thematique": ["parentalite_familles"]},
    {"thematique": ["parentalite_familles", "sante"]},
    {"forme": ["education_populaire"]},
    {"public": ["jeunes"]},
    {"participation": "codecision"},
    {"statut": "terminee"},
    {"region": "32"},
    {"departement": "59"},
    {"departement": "62"},
    {"territoire": "commune:59350"},
    {"territoire": "departement:59"},
    {"territoire": "epci:200093201"},
    {"territoire": "pays:BE"},
    {"territoire": "pays:FR"},
    {"q": "parents", "territoire": "departement:59", "thematique": ["parentalite_familles"]},
]


@pytest.mark.parametrize("parametres", RECHERCHES, ids=lambda p: json.dumps(p, ensure_ascii=False))
def test_l_api_filtre_exactement_comme_la_page_de_recherche(client, corpus, parametres):
    filtre = RechercheFilter(parametres)
    assert filtre.is_valid(), filtre.errors
    attendus = set(filtre.qs.values_list("fiche__slug", flat=True))
    pages = parcourir(client, {**parametres, "page_size": 2})
    assert sorted(slugs(pages)) == sorted(attendus)
    comptes = moteur.compter(filtre.qs)
    assert pages[0]["total"] == comptes.total == len(attendus)
    assert {v["code"]: v["nombre"] for v in pages[0]["facettes"]["thematique"]} == {
        o.code: n for o, n in comptes.facettes["thematique"].valeurs
    }
    assert all(page["total"] is None and page["facettes"] is None for page in pages[1:])


def test_un_territoire_trouve_par_l_api_ce_qui_est_dedans_et_ce_qui_le_couvre(client, corpus):
    def titres(reference):
        pages = parcourir(client, {"territoire": reference})
        return sorted(f["titre"] for p in pages for f in p["results"])

    # A commune finds what covers it, up to France.
    assert titres("commune:59350") == [
        "Café des parents à Lille",
        "Dans la MEL",
        "Dans le Nord",
        "En France",
    ]
    # A département finds what is inside it, and what covers it.
    assert titres("departement:59") == [
        "Café des parents à Lille",
        "Dans la MEL",
        "Dans le Nord",
        "En France",
        "Jardin partagé à Roubaix",
    ]
    assert titres("pays:BE") == ["En Belgique"]


def test_les_facettes_de_la_premiere_page_comptent_par_region_et_departement(client, corpus):
    facettes = lire(client, LISTE)["facettes"]
    assert {d["code"]: d["nombre"] for d in facettes["departement"]} == {"59": 4, "62": 1}
    assert facettes["region"] == [
        {"reference": "region:32", "code": "32", "nom": "Hauts-de-France", "nombre": 5}
    ]
    assert {s["code"]: s["nombre"] for s in facettes["statut"]} == {
        "en_cours": 5,
        "terminee": 1,
        "perennisee": 1,
    }


# --- Cursor pagination ---------------------------------------------------------------


@pytest.mark.parametrize("ordre", ["-publiee_le", "publiee_le", "-modifiee_le", "modifiee_le"])
def test_le_curseur_parcourt_chaque_fiche_une_fois_dans_l_ordre_meme_a_dates_egales(
    client, publier, ordre
):
    fiches = [publier(titre=f"Fiche {rang}") for rang in range(13)]
    # Ties on the sorted date: the id breaks them, nothing is skipped or repeated.
    meme_instant = timezone.now()
    Fiche.objects.filter(pk__in=[f.pk for f in fiches[3:9]]).update(
        publiee_le=meme_instant, modifiee_le=meme_instant
    )
    champ = ordre.lstrip("-")
    attendu = [
        slug
        for *_, slug in sorted(
            Fiche.objects.values_list(champ, "pk", "slug"), reverse=ordre.startswith("-")
        )
    ]

    pages = parcourir(client, {"ordering": ordre, "page_size": 3})
    assert slugs(pages) == attendu
    assert [len(p["results"]) for p in pages] == [3, 3, 3, 3, 1]
    assert pages[0]["previous"] is None and pages[-1]["next"] is None

    # And back, from the last page to the first, through `previous`.
    arriere = [pages[-1]]
    while arriere[-1]["previous"]:
        arriere.append(lire(client, arriere[-1]["previous"]))
    assert [slugs([p]) for p in reversed(arriere)] == [slugs([p]) for p in pages]
    assert arriere[-1]["previous"] is None


def test_le_tri_par_pertinence_classe_les_candidats_et_s_arrete_au_plafond(
    client, publier, monkeypatch
):
    publier(titre="Un potager", description="On y parle de mobilité solidaire.")
    publier(titre="Mobilité solidaire en milieu rural", description="Un garage associatif.")
    for rang in range(6):
        publier(titre=f"Atelier {rang}", description="Mobilité des personnes âgées.")
    publier(titre="Sans rapport", description="Un jardin.")

    filtre = RechercheFilter({"q": "mobilité"})
    assert filtre.is_valid()
    ordonnees = moteur.ordonner(filtre.qs, texte="mobilité", tri="pertinence")
    attendu = [ligne.fiche.slug for ligne in ordonnees]
    pages = parcourir(client, {"q": "mobilité", "ordering": "pertinence", "page_size": 3})
    assert slugs(pages) == attendu
    assert pages[0]["results"][0]["titre"] == "Mobilité solidaire en milieu rural"
    assert pages[0]["total"] == 8

    # Relevance ranks a bounded candidate set: the walk stops at the cap.
    monkeypatch.setattr(moteur, "CANDIDATS", 5)
    monkeypatch.setattr(pagination, "CANDIDATS", 5)
    pages = parcourir(client, {"q": "mobilité", "ordering": "pertinence", "page_size": 2})
    assert len(slugs(pages)) == len(set(slugs(pages))) == 5
    assert pages[0]["total"] == 8  # the exact total is still given


def test_synchronisation_incrementale_par_updated_since_et_modifiee_le(
    client, publier, auteur, moderateur_nord
):
    a = publier(titre="A")
    b = publier(titre="B")
    c = publier(titre="C")
    premiere = parcourir(client, {"ordering": "modifiee_le", "page_size": 2})
    assert slugs(premiere) == [a.slug, b.slug, c.slug]
    repere = max(f["modifiee_le"] for p in premiere for f in p["results"])

    # Later: B is updated, D is published, a fiche is archived, a revision waits.
    services.importer(
        contenu=contenu_complet(titre="B modifiée"), source="tests", identifiant="1", publier=True
    )
    d = publier(titre="D")
    archivee = fiche_publiee(auteur, moderateur_nord, titre="Archivée")
    services.archiver(archivee, par=moderateur_nord)

    suite = parcourir(client, {"ordering": "modifiee_le", "updated_since": repere})
    # The boundary fiche comes again (>=): clients upsert by slug.
    assert slugs(suite) == [c.slug, b.slug, d.slug]
    assert [f["titre"] for f in suite[0]["results"]] == ["C", "B modifiée", "D"]
    assert archivee.slug not in slugs(suite)
    assert suite[0]["total"] == 3


def test_une_revision_en_relecture_ne_change_pas_modifiee_le(client, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    avant = lire(client, detail(fiche.slug))["modifiee_le"]
    services.enregistrer(
        fiche,
        par=auteur,
        contenu=contenu_complet(titre="Nouveau titre"),
        version=services.version_courante(fiche),
    )
    services.soumettre(fiche, par=auteur)
    assert lire(client, LISTE, {"updated_since": avant})["total"] == 1
    assert lire(client, detail(fiche.slug))["modifiee_le"] == avant


# --- Errors are 400s with field messages, never 500s -------------------------------


@pytest.mark.parametrize(
    ("parametres", "champ", "message"),
    [
        ({"thematique": "inexistante"}, "thematique", "inexistante"),
        ({"forme": "inexistante"}, "forme", "inexistante"),
        ({"public": "inexistant"}, "public", "inexistant"),
        ({"participation": "beaucoup"}, "participation", "choix valide"),
        ({"statut": "fini"}, "statut", "choix valide"),
        ({"region": "99"}, "region", "choix valide"),
        ({"departement": "999"}, "departement", "choix valide"),
        ({"territoire": "commune:00000"}, "territoire", "Territoire inconnu"),
        ({"territoire": "n'importe quoi"}, "territoire", "Territoire inconnu"),
        ({"updated_since": "hier"}, "updated_since", "date"),
        ({"ordering": "titre"}, "ordering", "Tri inconnu"),
        ({"ordering": "pertinence"}, "ordering", "mots-clés"),
    ],
)
def test_une_valeur_inconnue_repond_400_avec_le_message_du_parametre(
    client, publier, parametres, champ, message
):
    publier()
    corps = lire(client, LISTE, parametres, statut=400)
    assert list(corps) == [champ]
    assert message in corps[champ][0]


def test_plusieurs_erreurs_sont_donnees_ensemble(client):
    corps = lire(
        client, LISTE, {"thematique": "x", "territoire": "commune:00000", "ordering": "x"}, 400
    )
    assert set(corps) == {"thematique", "territoire", "ordering"}


@pytest.mark.parametrize(
    "valeur",
    [
        "pas-un-curseur",
        "%%%",
        curseur(t="-publiee_le"),
        curseur(t="-publiee_le", p="hier|1"),
        curseur(t="-publiee_le", p="2026-01-01T00:00:00|1"),  # no time zone
        curseur(t="-publiee_le", p="2026-01-01T00:00:00+00:00|99999999999999999999999"),
        curseur(t="-publiee_le", p="2026-01-01T00:00:00+00:00"),
        curseur(t="-publiee_le", p="2026-01-01T00:00:00+00:00|1", o="3"),
        curseur(t="modifiee_le", p="2026-01-01T00:00:00+00:00|1"),  # another ordering
        curseur(t="pertinence", o="5"),  # without q: refused before the cursor
        curseur(p="2026-01-01T00:00:00+00:00|1"),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_un_curseur_malforme_repond_400_pas_500(client, publier, valeur):
    publier()
    corps = lire(client, LISTE, {"cursor": valeur}, statut=400)
    assert set(corps) <= {"cursor", "ordering"}


@pytest.mark.parametrize("valeur", ["-3", "1001", "abc"])
def test_un_curseur_de_pertinence_hors_bornes_repond_400(client, publier, valeur):
    publier()
    corps = lire(
        client,
        LISTE,
        {"q": "café", "ordering": "pertinence", "cursor": curseur(t="pertinence", o=valeur)},
        400,
    )
    assert list(corps) == ["cursor"]


# --- Bounded page size and queries --------------------------------------------------


@pytest.fixture
def soixante_fiches(publier):
    return [
        publier(
            titre=f"Café des familles {rang}",
            thematiques=["parentalite_familles", "sante"],
            publics=["parents", "enfants"],
            territoires=["commune:59350", "commune:62041"],
            partenaires=[
                {"nom": "CAF du Nord", "type": "caf", "role": "Financement"},
                {"nom": "Mairie", "type": "commune_ccas_cias", "role": "Locaux"},
            ],
        )
        for rang in range(60)
    ]


def test_le_nombre_de_requetes_ne_depend_pas_de_la_taille_de_page(
    client, soixante_fiches, django_assert_max_num_queries, django_assert_num_queries
):
    recherches = [
        {},
        {"q": "café famille", "ordering": "pertinence"},
        {"territoire": "departement:59"},
    ]
    for parametres in recherches:
        # One statement (page, JSON and counts), and the territory's lookup.
        with django_assert_max_num_queries(2) as petite:
            petite_page = lire(client, LISTE, {**parametres, "page_size": 2})
        with django_assert_num_queries(len(petite.captured_queries)):
            grande_page = lire(client, LISTE, {**parametres, "page_size": 50})
        assert len(petite_page["results"]) == 2 and len(grande_page["results"]) == 50
        # Next pages (without the counts) are bounded too.
        with django_assert_max_num_queries(2) as suivante:
            lire(client, petite_page["next"])
        with django_assert_num_queries(len(suivante.captured_queries)):
            assert len(lire(client, grande_page["next"])["results"]) == 10


@pytest.mark.parametrize(
    ("valeur", "taille"), [("abc", 20), ("0", 20), ("-5", 20), ("7", 7), ("1000", 25)]
)
def test_page_size_invalide_donne_la_taille_par_defaut_et_jamais_plus_que_le_maximum(
    client, publier, monkeypatch, valeur, taille
):
    for rang in range(26):
        publier(titre=f"Fiche {rang}")
    # The maximum is 100; lowered here so that 26 fiches show the cap.
    assert pagination.PaginationPratiques.max_page_size == 100
    monkeypatch.setattr(pagination.PaginationPratiques, "max_page_size", 25)
    assert len(lire(client, LISTE, {"page_size": valeur})["results"]) == taille


# --- Rate limit ------------------------------------------------------------------------


def test_au_dela_de_60_requetes_par_minute_une_adresse_recoit_429(client):
    for _ in range(60):
        assert client.get(detail("inexistante")).status_code == 404
    reponse = client.get(detail("inexistante"))
    assert reponse.status_code == 429
    assert int(reponse["Retry-After"]) > 0
    # Another address is not slowed down.
    assert client.get(detail("inexistante"), REMOTE_ADDR="10.0.0.2").status_code == 404


# --- Schema and documentation --------------------------------------------------------


def test_le_schema_openapi_se_genere_sans_avertissement(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )


def test_le_schema_documente_chaque_filtre_et_chaque_champ(client):
    schema = lire(client, "/api/v1/schema/", {"format": "json"})
    operation = schema["paths"]["/api/v1/pratiques/"]["get"]
    parametres = {p["name"]: p for p in operation["parameters"]}
    assert set(RechercheFilter.base_filters) | {"ordering", "cursor", "page_size"} <= set(
        parametres
    )
    assert all(p.get("description") for p in parametres.values())
    assert set(parametres["ordering"]["schema"]["enum"]) == {
        "pertinence", "-publiee_le", "publiee_le", "-modifiee_le", "modifiee_le"
    }  # fmt: skip
    assert "{slug}" in "".join(schema["paths"])

    composants = schema["components"]["schemas"]
    for nom, propriete in composants["Pratique"]["properties"].items():
        assert propriete.get("description"), nom
    page = composants["PagePratiques"]["properties"]
    assert set(page) == {"next", "previous", "total", "facettes", "results"}
    assert set(lire(client, LISTE)) == set(page)
    brut = json.dumps(composants["Pratique"])
    assert "email" not in brut and "auteur" not in brut


def test_la_console_swagger_est_servie_avec_les_ressources_du_site(client):
    reponse = client.get("/api/v1/docs/console/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert '<html lang="fr">' in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "cdn" not in html.lower() and "googleapis" not in html
    assert '"/api/v1/schema/"' in html
    for ressource in re.findall(r"""(?:src|href)="/static/([^"]+)""", html):
        assert finders.find(ressource), ressource


def test_les_pages_de_l_api_expliquent_l_acces_libre_la_limite_et_la_licence(client):
    html = client.get(reverse("api:accueil")).content.decode()
    assert "<title>API — Pratiques inspirantes</title>" in html
    assert html.count("<h1") == 1
    for attendu in (
        "Sans authentification",
        "60 requêtes par minute",
        "updated_since",
        "Licence Ouverte / Etalab 2.0",
        "/api/v1/docs/",
        "/api/changelog/",
        "1\u202f000 fiches les plus pertinentes",
    ):
        assert attendu in html, attendu

    html = client.get("/api/changelog/").content.decode()
    assert html.count("<h1") == 1
    assert "v1 — " in html and "23 novembre 2026" in html
    assert "nouvelle version" in html


@pytest.mark.parametrize(
    "parametre",
    ["q", "thematique", "forme", "public", "participation", "statut", "region", "departement",
     "territoire", "updated_since", "ordering", "cursor", "page_size"],
)  # fmt: skip
def test_un_caractere_nul_dans_un_parametre_ne_provoque_pas_de_500(client, publier, parametre):
    publier()
    reponse = client.get(LISTE, {parametre: "a\x00b"})
    assert reponse.status_code in (200, 400), reponse.content[:500]
