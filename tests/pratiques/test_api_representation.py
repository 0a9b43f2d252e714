"""pratiques.api.representation builds in SQL the JSON that PratiqueSerializer gives:
the same keys in the same order and the same values for every field, only published
fiches, in the requested order, in one query, never the contact's e-mail address."""

import json
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.versioning import NamespaceVersioning

from pratiques.api.representation import fiches_en_json
from pratiques.api.serializers import PratiqueSerializer
from pratiques.api.views import avec_relations
from pratiques.models import Fiche, PieceJointe, Revision, Thematique
from tests.pratiques.factories import fiche_soumise

pytestmark = pytest.mark.django_db

HOTE = "partenaires.exemple.fr"
COURRIEL = "contact@centre-social.example.fr"
HIVER = datetime(2026, 1, 15, 8, 5, 9, tzinfo=UTC)
ETE = datetime(2025, 7, 14, 10, 30, 0, 250000, tzinfo=UTC)


@pytest.fixture
def requete(settings):
    """A request as the API view gets it: HTTPS, another host, version v1 (the API's
    routes are only reversible within their version's namespace)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOTE]
    requete = Request(APIRequestFactory().get("/api/v1/pratiques/", secure=True, HTTP_HOST=HOTE))
    requete.version, requete.versioning_scheme = "v1", NamespaceVersioning()
    return requete


def par_le_serializer(ids, requete):
    """What PratiqueSerializer renders for these fiches, loaded as the API loads them."""
    par_id = avec_relations(Fiche.objects.publiees().filter(pk__in=ids)).in_bulk()
    fiches = [par_id[pk] for pk in ids if pk in par_id]
    rendu = JSONRenderer().render(
        PratiqueSerializer(fiches, many=True, context={"request": requete}).data
    )
    return json.loads(rendu)


def par_le_sql(ids, requete):
    return json.loads(fiches_en_json(ids, requete))


def assert_identiques(obtenu, attendu):
    assert obtenu == attendu
    # json.dumps keeps the order of the keys: the same text means the same order.
    assert json.dumps(obtenu, ensure_ascii=False) == json.dumps(attendu, ensure_ascii=False)


@pytest.fixture
def fiche_complete(publier, geo, auteur):
    # Vocabulary order is (ordre, libelle): make it differ from the ids and the codes,
    # with a tie on `ordre` decided by the label.
    Thematique.objects.filter(code__in=["sante", "jeunesse"]).update(ordre=0)
    Thematique.objects.filter(code="acces_aux_droits").update(ordre=50)
    fiche = publier(
        publiee_le=HIVER,
        titre="Un « café » des parents",
        resume='Résumé avec des guillemets " et une barre \\ oblique.',
        thematiques=["jeunesse", "sante", "acces_aux_droits", "parentalite_familles"],
        formes_intervention=["pedagogie_sociale", "travail_social_de_groupe"],
        publics=["parents", "jeunes", "tous_habitants"],
        niveau_participation="codecision",
        territoires=[
            "commune:59350",
            "departement:62",
            "pays:BE",
            "epci:246200364",
            "region:32",
            "commune:59512",
        ],
        echelle="intercommunalite",
        quartier="Fives",
        contexte="Un contexte\nsur deux lignes\tavec une tabulation.",
        objectifs="Des objectifs 🎯 et un séparateur\u2028de ligne.",
        description="Une description.",
        porteur_nom="Centre social de Fives",
        porteur_type="centre_social",
        partenaires=[
            {"nom": "CAF du Nord", "type": "caf", "role": "Financement"},
            {"nom": "Les voisins", "type": None, "role": ""},
            {"nom": "Mairie de Lille", "type": "commune", "role": "Prêt de salle"},
        ],
        moyens_humains="Deux animatrices.",
        moyens_financiers="Subvention.",
        budget="5k_20k",
        financeurs="CAF, Ville",
        moyens_materiels="Une salle.",
        impacts_organisationnels="Des horaires adaptés.",
        leviers="La confiance.",
        freins="Le temps.",
        resultats="Trente familles.",
        methode_evaluation="participative",
        reproduire_prerequis="Un local.",
        reproduire_premieres_etapes="Réunir les parents.",
        reproduire_ecueils="Décider à leur place.",
        origine="Des parents.",
        beneficiaires="Les familles.",
        personnage_principal="Le groupe.",
        statut_action="perennisee",
        date_debut="2019-09-01",
        date_debut_precision="mois",
        date_fin="2024-12-31",
        date_fin_precision="jour",
        duree_rythme="Chaque mardi.",
        contact_structure="Centre social de Fives",
        contact_role="Référente familles",
        contact_email=COURRIEL,
        liens=[
            {"url": "https://exemple.fr/cafe", "titre": "Le café"},
            {"url": "https://exemple.fr/sans-titre", "titre": ""},
        ],
        sources=[
            {"document": "Rapport EGTS 2015", "reference": "p. 42"},
            {"document": "Article", "reference": ""},
        ],
        commentaires="Des commentaires.",
    )
    Fiche.objects.filter(pk=fiche.pk).update(
        modifiee_le=ETE,
        # What an old import could have stored: keys the serializer does not show.
        liens=[{"url": "https://exemple.fr/a", "titre": "A", "note": "interne"}, *fiche.liens],
    )
    fichier = "fiches/2026/01/document.pdf"
    apres = PieceJointe.objects.create(
        fiche=fiche, fichier=fichier, titre="Compte rendu", type_mime="application/pdf",
        taille=1234, ajoutee_le=datetime(2026, 2, 1, tzinfo=UTC),
    )  # fmt: skip
    avant = PieceJointe.objects.create(
        fiche=fiche, fichier=fichier, titre="Photo", type_mime="image/png", taille=99,
        texte_alternatif="Des parents autour d’une table",
        ajoutee_le=datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    revision = Revision.objects.create(fiche=fiche, auteur=auteur, contenu={})
    PieceJointe.objects.create(
        fiche=fiche, revision=revision, fichier=fichier, titre="Pas encore publique",
        type_mime="application/pdf", taille=1,
    )  # fmt: skip
    assert apres.pk < avant.pk  # documents go by date added, then id
    return fiche


def test_une_fiche_complete_est_celle_du_serializer(fiche_complete, requete):
    obtenu = par_le_sql([fiche_complete.pk], requete)
    assert_identiques(obtenu, par_le_serializer([fiche_complete.pk], requete))

    fiche = obtenu[0]
    # The comparison is not between two empty lists: every relation is filled.
    assert [t["code"] for t in fiche["thematiques"]] == [
        "jeunesse",
        "sante",
        "parentalite_familles",
        "acces_aux_droits",
    ]
    assert len(fiche["formes_intervention"]) == 2 and len(fiche["publics"]) == 3
    assert {t["niveau"] for t in fiche["territoires"]} == {
        "pays", "region", "departement", "epci", "commune",
    }  # fmt: skip
    assert fiche["territoires"][0]["url"].startswith(f"https://{HOTE}/api/v1/territoires/")
    assert [p["type"] and p["type"]["code"] for p in fiche["partenaires"]] == [
        "caf", None, "commune",
    ]  # fmt: skip
    assert [d["titre"] for d in fiche["documents"]] == ["Photo", "Compte rendu"]
    assert fiche["documents"][0]["url"].startswith(f"https://{HOTE}/pratiques/documents/")
    assert fiche["liens"][0] == {"url": "https://exemple.fr/a", "titre": "A"}
    assert fiche["url"] == f"https://{HOTE}/api/v1/pratiques/{fiche_complete.slug}/"
    assert fiche["page"] == f"https://{HOTE}/pratiques/fiche/{fiche_complete.slug}/"
    assert fiche["contact_formulaire"] == f"{fiche['page']}contacter/"
    assert fiche["budget"] == {"code": "5k_20k", "libelle": "De 5 000 à 20 000 €"}
    assert fiche["date_fin"] == "2024-12-31"
    assert fiche["publiee_le"] == "2026-01-15T09:05:09+01:00"
    assert fiche["modifiee_le"] == "2025-07-14T12:30:00.250000+02:00"
    assert fiche["licence"]["url"].startswith("https://")


def test_une_fiche_minimale_a_des_champs_vides_et_nuls(publier, requete):
    fiche = publier(
        publics=[],
        niveau_participation=None,
        echelle="",
        quartier="",
        description="",
        porteur_nom="",
        porteur_type=None,
        partenaires=[],
        statut_action="",
        date_debut=None,
        date_debut_precision="",
        contact_structure="",
        contact_email="",
    )

    obtenu = par_le_sql([fiche.pk], requete)
    assert_identiques(obtenu, par_le_serializer([fiche.pk], requete))
    fiche = obtenu[0]
    for vide in ("publics", "partenaires", "liens", "documents", "sources"):
        assert fiche[vide] == [], vide
    for nul in (
        "niveau_participation", "echelle", "porteur_type", "budget", "methode_evaluation",
        "statut_action", "date_debut", "date_debut_precision", "date_fin",
        "date_fin_precision", "contact_formulaire",
    ):  # fmt: skip
        assert fiche[nul] is None, nul
    assert fiche["quartier"] == "" and fiche["contact_structure"] == ""


def test_un_code_inconnu_est_son_propre_libelle(publier, requete):
    fiche = publier()
    Fiche.objects.filter(pk=fiche.pk).update(budget="inconnu", licence="cc-by-4.0")
    obtenu = par_le_sql([fiche.pk], requete)
    assert_identiques(obtenu, par_le_serializer([fiche.pk], requete))
    assert obtenu[0]["budget"] == {"code": "inconnu", "libelle": "inconnu"}
    assert obtenu[0]["licence"] == {"code": "cc-by-4.0", "libelle": "cc-by-4.0", "url": None}


def test_l_ordre_des_ids_seules_les_fiches_publiees_et_une_seule_requete(
    publier, auteur, moderateur_nord, requete, django_assert_num_queries
):
    publiees = [publier(titre=f"Fiche {n}", territoires=["commune:59350"]) for n in range(15)]
    soumise = fiche_soumise(auteur, titre="Soumise")
    brouillon = Fiche.objects.create(slug="brouillon", titre="Brouillon", resume="")
    ids = [fiche.pk for fiche in reversed(publiees)]
    ids[7:7] = [soumise.pk, brouillon.pk, max(ids) + 1000]

    with django_assert_num_queries(1):
        texte = fiches_en_json(ids, requete)
    obtenu = json.loads(texte)
    assert [f["slug"] for f in obtenu] == [f.slug for f in reversed(publiees)]
    assert_identiques(obtenu, par_le_serializer(ids, requete))

    with django_assert_num_queries(1):
        assert [f["slug"] for f in par_le_sql([publiees[3].pk], requete)] == [publiees[3].slug]
    with django_assert_num_queries(1):
        assert fiches_en_json([soumise.pk, brouillon.pk], requete) == "[]"
    with django_assert_num_queries(0):
        assert fiches_en_json([], requete) == "[]"


def test_l_adresse_e_mail_du_contact_n_apparait_jamais(fiche_complete, requete):
    assert Fiche.objects.get(pk=fiche_complete.pk).contact_email == COURRIEL
    texte = fiches_en_json([fiche_complete.pk], requete)
    assert COURRIEL not in texte
    assert "@" not in texte
    assert "contact_email" not in texte


@pytest.mark.parametrize(
    "publiee_le, attendu",
    [
        (HIVER, "2026-01-15T09:05:09+01:00"),
        (ETE, "2025-07-14T12:30:00.250000+02:00"),
        # Both sides of the spring change: 02:00 does not exist in Paris.
        (datetime(2026, 3, 29, 0, 59, 59, 999999, UTC), "2026-03-29T01:59:59.999999+01:00"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "2026-03-29T03:00:00+02:00"),
        # Microseconds shown only when not zero.
        (datetime(2026, 10, 25, 0, 30, 0, 1, UTC), "2026-10-25T02:30:00.000001+02:00"),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "2026-10-25T02:30:00+01:00"),
    ],
)
def test_les_dates_d_ete_et_d_hiver_sont_celles_de_drf(publier, requete, publiee_le, attendu):
    fiche = publier(publiee_le=publiee_le)
    obtenu = par_le_sql([fiche.pk], requete)
    assert obtenu[0]["publiee_le"] == attendu
    assert_identiques(obtenu, par_le_serializer([fiche.pk], requete))


@pytest.mark.parametrize("fuseau", ["UTC", "America/Sao_Paulo", "Asia/Kolkata", "Europe/Paris"])
def test_les_dates_suivent_le_fuseau_courant_comme_drf(publier, requete, fuseau):
    fiche = publier(publiee_le=HIVER)
    Fiche.objects.filter(pk=fiche.pk).update(modifiee_le=ETE)
    with timezone.override(fuseau):
        obtenu = par_le_sql([fiche.pk], requete)
        assert_identiques(obtenu, par_le_serializer([fiche.pk], requete))
    if fuseau == "UTC":
        assert obtenu[0]["publiee_le"] == "2026-01-15T08:05:09Z"


def test_le_detail_de_l_api_donne_la_meme_fiche(client, fiche_complete):
    """Through the real view and its request (routing, versioning, host)."""
    reponse = client.get(f"/api/v1/pratiques/{fiche_complete.slug}/")
    assert reponse.status_code == 200
    requete = reponse.renderer_context["request"]
    assert_identiques(par_le_sql([fiche_complete.pk], requete), [reponse.json()])


def test_la_liste_de_l_api_donne_les_memes_fiches(client, publier, fiche_complete):
    """The list (built by PostgreSQL) shows each fiche as its detail (the serializer)."""
    for n in range(3):
        publier(titre=f"Fiche {n}", publiee_le=datetime(2026, 3, n + 1, tzinfo=UTC))
    reponse = client.get("/api/v1/pratiques/")
    assert reponse.status_code == 200
    resultats = reponse.json()["results"]
    assert len(resultats) == 4
    for fiche in resultats:
        detail = client.get(f"/api/v1/pratiques/{fiche['slug']}/")
        assert json.dumps(detail.json()) == json.dumps(fiche)
