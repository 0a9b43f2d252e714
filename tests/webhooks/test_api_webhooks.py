"""/api/v1/webhooks/: a key with the `webhooks` scope manages its organisation's
endpoints and reads their deliveries; without a key 401, without the scope 403,
another organisation's endpoint 404, invalid data 400 with the errors by field."""

import pytest

from partenaires.models import Portee
from tests.comptes.factories import OrganisationFactory
from tests.partenaires.factories import entete, nouvelle_cle
from tests.webhooks.factories import point
from webhooks import services
from webhooks.evenements import FICHE_ARCHIVEE, FICHE_PUBLIEE, IMPORT_TERMINE, TEST
from webhooks.models import Livraison, PointDeTerminaison

pytestmark = pytest.mark.django_db

BASE = "/api/v1/webhooks/"


@pytest.fixture
def organisation():
    return OrganisationFactory(nom="MSA Picardie")


@pytest.fixture
def cle(organisation):
    _, texte = nouvelle_cle(organisation, portees=(Portee.WEBHOOKS,))
    return entete(texte)


def test_sans_cle_401_et_sans_le_droit_403(client, organisation):
    reponse = client.get(BASE)
    assert reponse.status_code == 401
    assert reponse["WWW-Authenticate"].startswith("Api-Key")
    _, lecture = nouvelle_cle(organisation, portees=(Portee.LECTURE,))
    reponse = client.post(
        BASE,
        {"url": "https://exemple.org/", "evenements": [FICHE_PUBLIEE]},
        content_type="application/json",
        **entete(lecture),
    )
    assert reponse.status_code == 403
    assert reponse.json()["code"] == "portee_insuffisante"
    assert not PointDeTerminaison.objects.exists()


def test_creer_lire_modifier_supprimer_un_point(client, organisation, cle):
    reponse = client.post(
        BASE,
        {
            "url": "https://recepteur.example.org/crochet",
            "evenements": [FICHE_PUBLIEE, IMPORT_TERMINE],
            "description": "Entrepôt",
        },
        content_type="application/json",
        **cle,
    )
    assert reponse.status_code == 201, reponse.json()
    cree = reponse.json()
    objet = PointDeTerminaison.objects.get()
    assert objet.organisation == organisation and objet.cree_par is None
    assert cree["id"] == objet.pk
    assert cree["secret"] == objet.secret and cree["secret"].startswith("whsec_")
    assert cree["evenements"] == [FICHE_PUBLIEE, IMPORT_TERMINE]
    assert cree["actif"] is True

    liste = client.get(BASE, **cle).json()
    assert liste["count"] == 1 and liste["results"][0]["url"] == objet.url

    adresse = f"{BASE}{objet.pk}/"
    reponse = client.patch(
        adresse, {"evenements": [FICHE_ARCHIVEE]}, content_type="application/json", **cle
    )
    assert reponse.status_code == 200 and reponse.json()["evenements"] == [FICHE_ARCHIVEE]
    reponse = client.put(
        adresse,
        {"url": "https://autre.example.org/", "evenements": [FICHE_PUBLIEE]},
        content_type="application/json",
        **cle,
    )
    assert reponse.status_code == 200
    objet.refresh_from_db()
    assert objet.url == "https://autre.example.org/" and objet.evenements == [FICHE_PUBLIEE]

    ancien = objet.secret
    nouveau = client.post(f"{adresse}renouveler-secret/", **cle).json()["secret"]
    assert nouveau != ancien and PointDeTerminaison.objects.get().secret == nouveau

    assert client.delete(adresse, **cle).status_code == 204
    assert not PointDeTerminaison.objects.exists()


@pytest.mark.parametrize(
    ("donnees", "champ", "message"),
    [
        ({"url": "http://exemple.org/", "evenements": [FICHE_PUBLIEE]}, "url", "https://"),
        ({"url": "pas une adresse", "evenements": [FICHE_PUBLIEE]}, "url", "URL valide"),
        ({"url": "https://exemple.org/", "evenements": []}, "evenements", ""),
        ({"url": "https://exemple.org/", "evenements": ["fiche.inconnue"]}, "evenements", ""),
        ({"url": "https://exemple.org/", "evenements": [TEST]}, "evenements", ""),
        ({"url": "https://192.168.1.2/", "evenements": [FICHE_PUBLIEE]}, "url", "réseau privé"),
        ({"evenements": [FICHE_PUBLIEE]}, "url", "obligatoire"),
    ],
)
def test_des_donnees_invalides_donnent_400_par_champ(
    client, cle, settings, donnees, champ, message
):
    settings.WEBHOOKS_ADRESSES_LOCALES = False
    reponse = client.post(BASE, donnees, content_type="application/json", **cle)
    assert reponse.status_code == 400
    erreurs = reponse.json()
    assert champ in erreurs
    assert message in str(erreurs[champ])
    assert not PointDeTerminaison.objects.exists()


def test_un_json_illisible_donne_400(client, cle):
    reponse = client.post(BASE, "{pas du json", content_type="application/json", **cle)
    assert reponse.status_code == 400
    assert not PointDeTerminaison.objects.exists()


def test_le_point_d_une_autre_organisation_est_introuvable(client, cle):
    autre = point("https://autre.example.org/")
    for methode, suffixe in (
        ("get", ""),
        ("patch", ""),
        ("delete", ""),
        ("get", "livraisons/"),
        ("post", "tester/"),
        ("post", "reactiver/"),
        ("post", "renouveler-secret/"),
    ):
        reponse = getattr(client, methode)(
            f"{BASE}{autre.pk}/{suffixe}", content_type="application/json", **cle
        )
        assert reponse.status_code == 404, (methode, suffixe)
    assert client.get(f"{BASE}999999999999999999/", **cle).status_code == 404
    assert PointDeTerminaison.objects.get().secret == autre.secret
    assert not Livraison.objects.exists()


def test_tester_puis_lire_les_envois(client, organisation, cle, django_assert_max_num_queries):
    objet = point("https://recepteur.example.org/", organisation)
    reponse = client.post(f"{BASE}{objet.pk}/tester/", **cle)
    assert reponse.status_code == 202
    assert reponse.json()["evenement"] == TEST and reponse.json()["etat"] == "a_envoyer"
    for rang in range(5):
        services.emettre(IMPORT_TERMINE, {"rang": rang}, organisation=organisation)
    with django_assert_max_num_queries(8):
        envois = client.get(f"{BASE}{objet.pk}/livraisons/", {"page_size": 3}, **cle).json()
    assert envois["count"] == 6 and len(envois["results"]) == 3
    assert envois["results"][0]["donnees"] == {"rang": 4}
    assert set(envois["results"][0]) >= {
        "identifiant",
        "etat",
        "tentatives",
        "dernier_statut",
        "derniere_duree_ms",
        "prochain_essai_le",
    }
    assert client.get(f"{BASE}{objet.pk}/livraisons/", {"page": 9}, **cle).status_code == 404


def test_un_point_desactive_refuse_le_test_en_409_et_se_reactive(client, organisation, cle):
    objet = point("https://recepteur.example.org/", organisation)
    PointDeTerminaison.objects.filter(pk=objet.pk).update(actif=False)
    reponse = client.post(f"{BASE}{objet.pk}/tester/", **cle)
    assert reponse.status_code == 409
    assert reponse.json()["code"] == "point_desactive"
    reponse = client.post(f"{BASE}{objet.pk}/reactiver/", **cle)
    assert reponse.status_code == 200 and reponse.json()["actif"] is True
    assert client.post(f"{BASE}{objet.pk}/tester/", **cle).status_code == 202


def test_les_operations_sont_documentees_avec_leurs_codes(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    chemins = {c: o for c, o in schema["paths"].items() if c.startswith(BASE)}
    assert set(chemins) == {
        BASE,
        f"{BASE}{{id}}/",
        f"{BASE}{{id}}/livraisons/",
        f"{BASE}{{id}}/reactiver/",
        f"{BASE}{{id}}/renouveler-secret/",
        f"{BASE}{{id}}/tester/",
    }
    for chemin, operations in chemins.items():
        for methode, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "429"} <= codes, (chemin, methode)
            if "{id}" in chemin:
                assert "404" in codes, (chemin, methode)
            if methode in ("post", "put", "patch") and chemin in (BASE, f"{BASE}{{id}}/"):
                assert "400" in codes, (chemin, methode)
    assert "409" in chemins[f"{BASE}{{id}}/tester/"]["post"]["responses"]
