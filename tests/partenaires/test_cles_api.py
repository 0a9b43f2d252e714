"""API keys (partenaires): stored hashed, recognised by their prefix, scoped, ending
by expiry or revocation, with their own rate limit and their use counted."""

from datetime import timedelta

import pytest
import redis
from django.db import connection
from django.urls import path
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.views import APIView

from partenaires import services, utilisation
from partenaires.models import CleApi, Portee, UtilisationCle
from tests.comptes.factories import OrganisationFactory
from tests.partenaires.factories import admin_partenaire, entete, nouvelle_cle

pytestmark = pytest.mark.django_db

LISTE = "/api/v1/pratiques/"


def test_seule_l_empreinte_de_la_cle_est_gardee_et_son_prefixe_est_visible():
    objet, cle = nouvelle_cle()
    prefixe, secret = cle.split(".")
    assert objet.prefix == prefixe and len(secret) == 32
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT row_to_json(c)::text FROM partenaires_cleapi c WHERE prefix = %s", [prefixe]
        )
        (ligne,) = curseur.fetchone()
    assert secret not in ligne and cle not in ligne
    assert objet.hashed_key.startswith("sha512$$")
    assert CleApi.objects.get(prefix=prefixe).is_valid(cle)


def test_une_cle_valide_lit_l_api_et_sans_cle_la_lecture_reste_ouverte(client):
    _, cle = nouvelle_cle()
    assert client.get(LISTE, **entete(cle)).status_code == 200
    assert client.get(LISTE).status_code == 200


@pytest.mark.parametrize(
    "alterer, code, debut",
    [
        (lambda objet, cle: cle[:-1] + ("x" if cle[-1] != "x" else "y"), "cle_inconnue",
         "Clé d’API inconnue"),
        (lambda objet, cle: "inconnue.abc", "cle_inconnue", "Clé d’API inconnue"),
        (lambda objet, cle: "\x00" + cle, "cle_inconnue", "Clé d’API inconnue"),
        (lambda objet, cle: services.revoquer_cle(admin_partenaire(objet.organisation), objet)
         and cle, "cle_revoquee", "La clé d’API"),
        (lambda objet, cle: CleApi.objects.filter(pk=objet.pk).update(
            expiry_date=timezone.now() - timedelta(days=1)) and cle, "cle_expiree",
         "La clé d’API"),
    ],
    ids=["secret faux", "préfixe inconnu", "caractère nul", "révoquée", "expirée"],
)  # fmt: skip
def test_une_cle_fausse_revoquee_ou_expiree_repond_401_en_francais(client, alterer, code, debut):
    objet, cle = nouvelle_cle()
    reponse = client.get(LISTE, **entete(alterer(objet, cle)))
    assert reponse.status_code == 401
    assert reponse["WWW-Authenticate"].startswith("Api-Key")
    assert reponse["Content-Type"] == "application/json"
    corps = reponse.json()
    assert corps["code"] == code
    assert corps["detail"].startswith(debut)
    if code == "cle_expiree":
        assert "a expiré le" in corps["detail"]
    if code == "cle_revoquee":
        assert "a été révoquée" in corps["detail"]


def test_la_revocation_ne_se_defait_pas():
    objet, _ = nouvelle_cle()
    services.revoquer_cle(admin_partenaire(objet.organisation), objet)
    objet = CleApi.objects.get(pk=objet.pk)
    assert objet.revoked and objet.revoquee_le is not None
    objet.revoked = False
    with pytest.raises(Exception, match="revoked"):
        objet.save()


def test_une_cle_sans_le_droit_de_lecture_repond_403_en_francais(client):
    _, cle = nouvelle_cle(portees=[Portee.IMPORT])
    reponse = client.get(LISTE, **entete(cle))
    assert reponse.status_code == 403
    assert reponse.json() == {
        "detail": reponse.json()["detail"],
        "code": "portee_insuffisante",
    }
    assert "n’a pas le droit «\u00a0Lecture\u00a0»" in reponse.json()["detail"]


class VueImport(APIView):
    portee_requise = Portee.IMPORT

    def post(self, request):
        return Response({"organisation": request.user.organisation.nom})


urlpatterns = [path("import/", VueImport.as_view())]


@pytest.mark.urls(__name__)
def test_une_operation_d_import_exige_une_cle_qui_en_a_le_droit(client):
    organisation = OrganisationFactory(nom="CAF du Nord")
    _, lecture = nouvelle_cle(organisation, portees=[Portee.LECTURE])
    _, importer = nouvelle_cle(organisation, portees=[Portee.LECTURE, Portee.IMPORT])
    sans_cle = client.post("/import/")
    assert sans_cle.status_code == 401
    assert sans_cle.json()["code"] == "not_authenticated"
    assert sans_cle["WWW-Authenticate"].startswith("Api-Key")
    assert client.post("/import/", **entete(lecture)).status_code == 403
    reponse = client.post("/import/", **entete(importer))
    assert reponse.status_code == 200
    assert reponse.json() == {"organisation": "CAF du Nord"}


def test_une_cle_a_sa_propre_limite_plus_haute_que_celle_des_anonymes(client, settings):
    settings.API_LIMITE_ANONYME = "3/min"
    settings.API_LIMITE_CLE = "5/min"
    objet, cle = nouvelle_cle()
    _, autre = nouvelle_cle()
    for _ in range(3):
        assert client.get(LISTE).status_code == 200
    assert client.get(LISTE).status_code == 429
    # From the same address, the key still has its own five calls.
    for _ in range(5):
        assert client.get(LISTE, **entete(cle)).status_code == 200
    reponse = client.get(LISTE, **entete(cle))
    assert reponse.status_code == 429
    assert 0 < int(reponse["Retry-After"]) <= 60
    assert reponse.json()["code"] == "throttled"
    assert reponse.json()["detail"].startswith("Requête ralentie")
    # Counted in Redis, per key; another key of the same address is not slowed down.
    assert redis.Redis.from_url(settings.REDIS_URL).keys(f"*throttle_cle_{objet.pk}")
    assert client.get(LISTE, **entete(autre)).status_code == 200


def test_les_appels_sont_comptes_par_jour_sans_ecriture_puis_enregistres():
    from django.test import Client

    objet, cle = nouvelle_cle()
    client = Client()
    for _ in range(3):
        assert client.get(LISTE, **entete(cle)).status_code == 200
    assert not UtilisationCle.objects.exists()
    objet.refresh_from_db()
    assert objet.derniere_utilisation is None
    en_attente, dernieres = utilisation.en_attente([objet.pk])
    assert en_attente == {(objet.pk, timezone.localdate()): 3}

    assert utilisation.enregistrer() == 1
    (ligne,) = UtilisationCle.objects.filter(cle=objet)
    assert (ligne.jour, ligne.nombre) == (timezone.localdate(), 3)
    objet.refresh_from_db()
    assert objet.derniere_utilisation == dernieres[objet.pk]
    assert timezone.now() - objet.derniere_utilisation < timedelta(minutes=1)
    assert utilisation.en_attente([objet.pk]) == ({}, {})

    # The next run adds to the day's row; nothing counted, nothing written.
    client.get(LISTE, **entete(cle))
    assert utilisation.enregistrer() == 1
    assert UtilisationCle.objects.get(cle=objet).nombre == 4
    assert utilisation.enregistrer() == 0
    assert UtilisationCle.objects.get(cle=objet).nombre == 4


def test_les_erreurs_de_l_api_ont_un_detail_et_un_code(client):
    introuvable = client.get("/api/v1/pratiques/inexistante/")
    assert introuvable.status_code == 404
    assert introuvable.json() == {
        "detail": "Aucune fiche publiée ne porte ce slug.",
        "code": "not_found",
    }
    # Invalid parameters keep DRF's shape: the messages by parameter.
    invalide = client.get(LISTE, {"thematique": "inconnue"})
    assert invalide.status_code == 400
    assert list(invalide.json()) == ["thematique"]


def test_la_page_de_l_api_explique_les_cles_et_leur_limite(client, settings):
    settings.API_LIMITE_CLE = "600/min"
    html = client.get("/api/").content.decode()
    assert "Authorization: Api-Key &lt;clé&gt;" in html
    assert "chaque clé peut faire 600 requêtes par minute" in html
    assert "/api/v1/pratiques/retraits/?updated_since=" in html
