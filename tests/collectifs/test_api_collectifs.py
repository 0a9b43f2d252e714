"""/api/v1/collectifs/: the collectifs' published information, read-only — never the
name of a member who did not choose to show it, never an e-mail address — with the
list page's filters, page pagination (at most 100) and a documented schema."""

import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from collectifs import services
from collectifs.models import College
from tests.collectifs.factories import ajouter_membre, candidat, declarer, quota
from tests.pratiques.factories import fiche_publiee, fiche_soumise

pytestmark = pytest.mark.django_db

LISTE = "/api/v1/collectifs/"


def lire(client, url, donnees=None, statut=200):
    reponse = client.get(url, donnees)
    assert reponse.status_code == statut, reponse.content[:2000]
    return reponse.json()


@pytest.fixture
def fives(geo, animatrice, moderateur_nord, auteur):
    quota(geo.nord)
    collectif = candidat(animatrice, [geo.lille], nom="Collectif de Fives")
    services.reconnaitre(collectif, par=moderateur_nord, montant=10_000)
    ajouter_membre(collectif, College.ELUS, nom_public=True, prenom="Hélène", nom="Vasseur")
    ajouter_membre(collectif, College.HABITANTS, nom_public=False, prenom="Jean", nom="Secret")
    ajouter_membre(collectif, College.HABITANTS, utilisateur=auteur)
    publiee = fiche_publiee(auteur, moderateur_nord, titre="Un café des parents")
    services.lier_fiche(publiee, collectif, par=auteur)
    services.lier_fiche(fiche_soumise(auteur, titre="Encore en relecture"), collectif, par=auteur)
    return collectif


def test_la_liste_donne_les_collectifs_et_leur_composition(client, fives):
    page = lire(client, LISTE)

    assert page["count"] == 1
    (collectif,) = page["results"]
    assert collectif["slug"] == fives.slug
    assert collectif["url"].endswith(f"/collectifs/{fives.slug}/")
    assert collectif["reconnaissance"]["reconnu"] is True
    assert collectif["reconnaissance"]["etat"] == {"code": "reconnu", "libelle": "Reconnu"}
    assert collectif["reconnaissance"]["departement"] == "59"
    assert collectif["territoires"][0]["reference"] == "commune:59350"
    colleges = {c["college"]["code"]: c for c in collectif["composition"]["colleges"]}
    assert colleges["elus"]["nombre"] == 2
    assert colleges["elus"]["membres_publics"] == [{"nom": "Hélène Vasseur", "fonction": ""}]
    assert colleges["habitants"] == {
        "college": {"code": "habitants", "libelle": "Habitants"},
        "nombre": 2,
        "membres_publics": [],
    }
    assert collectif["composition"]["conforme"] is True


def test_ni_nom_prive_ni_adresse_e_mail(client, fives, animatrice, auteur):
    for texte in (
        client.get(LISTE).content.decode(),
        client.get(f"{LISTE}{fives.slug}/").content.decode(),
    ):
        assert "Secret" not in texte and "Benali" not in texte
        assert "@" not in texte
        assert "Encore en relecture" not in texte


def test_le_detail_donne_les_fiches_publiees_les_moyens_et_les_rapports_recus(client, fives):
    detail = lire(client, f"{LISTE}{fives.slug}/")

    assert [f["titre"] for f in detail["fiches"]] == ["Un café des parents"]
    assert detail["fiches"][0]["url"].endswith(f"/api/v1/pratiques/{detail['fiches'][0]['slug']}/")
    assert detail["forme"] == {"code": "informel", "libelle": "Collectif informel"}
    assert (
        detail["gouvernance"] and detail["rapports"] == [] and detail["tiers_accompagnant"] is None
    )


def test_seuls_les_rapports_recus_par_le_departement_sont_publies(
    client, fives, animatrice, moderateur_nord
):
    donnees = {
        "activites": "Douze assemblées.", "participants_elus": 2,
        "participants_professionnels": 5, "participants_associations": 4,
        "participants_habitants": 30, "enseignements": "Se réunir le soir.",
    }  # fmt: skip
    annee = timezone.localdate().year
    recu = services.deposer_rapport(fives, par=animatrice, annee=annee - 1, donnees=donnees)
    services.accuser_reception(recu, par=moderateur_nord)
    services.deposer_rapport(fives, par=animatrice, annee=annee, donnees=donnees)

    rapports = lire(client, f"{LISTE}{fives.slug}/")["rapports"]

    assert [r["annee"] for r in rapports] == [annee - 1]
    assert rapports[0]["participants"] == {
        "elus": 2, "professionnels": 5, "associations": 4, "habitants": 30
    }  # fmt: skip


def test_un_slug_inconnu_est_une_404(client, db):
    assert client.get(f"{LISTE}inconnu/").status_code == 404


@pytest.mark.parametrize(
    ("parametres", "attendus"),
    [
        ({"territoire": "departement:59"}, ["Collectif de Fives", "Collectif de Roubaix"]),
        ({"territoire": "commune:59512"}, ["Collectif de Roubaix"]),
        ({"territoire": "departement:62"}, []),
        ({"reconnu": "oui"}, ["Collectif de Fives"]),
        ({"reconnu": "non"}, ["Collectif de Roubaix"]),
        ({"thematique": "parentalite_familles"}, ["Collectif de Fives"]),
    ],
)
def test_les_filtres(client, fives, geo, animatrice, parametres, attendus):
    declarer(animatrice, [geo.roubaix], nom="Collectif de Roubaix")

    page = lire(client, LISTE, parametres)

    assert [c["nom"] for c in page["results"]] == attendus


def test_un_filtre_invalide_est_une_400_en_francais(client, db):
    erreurs = lire(client, LISTE, {"territoire": "departement:999", "reconnu": "peut-etre"}, 400)

    assert set(erreurs) == {"territoire", "reconnu"}
    assert "Aucun territoire ne correspond" in erreurs["territoire"][0]


def test_la_pagination_par_pages_de_cent_au_plus(client, geo, animatrice):
    for n in range(3):
        declarer(animatrice, [geo.lille], nom=f"Collectif {n}")

    page = lire(client, LISTE, {"page_size": 2})
    assert (page["count"], len(page["results"])) == (3, 2)
    assert lire(client, page["next"])["results"][0]["nom"] == "Collectif 2"
    assert len(lire(client, LISTE, {"page_size": 1000})["results"]) == 3
    assert client.get(LISTE, {"page": 99}).status_code == 404


def test_la_liste_fait_un_nombre_borne_de_requetes(
    client, geo, animatrice, django_assert_max_num_queries
):
    for n in range(10):
        collectif = declarer(animatrice, [geo.lille], nom=f"Collectif {n}")
        ajouter_membre(collectif, College.ELUS, nom_public=True)
    with django_assert_max_num_queries(6):
        assert len(lire(client, LISTE)["results"]) == 10


def test_le_schema_documente_la_liste_et_le_detail(client, tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)
    operation = schema["paths"]["/api/v1/collectifs/"]["get"]
    parametres = {p["name"] for p in operation["parameters"]}
    assert {"territoire", "reconnu", "thematique", "page", "page_size"} <= parametres
    assert "/api/v1/collectifs/{slug}/" in schema["paths"]
