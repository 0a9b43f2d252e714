"""/api/v1/reprises/: published reprises of published fiches only, public fields only."""

import pytest

from essaimage import services

pytestmark = pytest.mark.django_db


def test_l_api_liste_les_reprises_publiees_sans_rien_de_personnel(
    client, source, publier, declarer, geo, lectrice, moderateur_pas_de_calais, moderateur_nord
):
    publiee = declarer(source, geo.arras, contact_autorise=True, freins="Le local.")
    services.publier(publiee, par=moderateur_pas_de_calais)
    declarer(source, geo.roubaix)  # not moderated yet
    autre = publier(titre="Une autre fiche")
    services.publier(declarer(autre, geo.roubaix), par=moderateur_nord)

    reponse = client.get("/api/v1/reprises/", {"fiche": source.slug})
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["count"] == 1
    (reprise,) = corps["results"]
    assert reprise["fiche"] == {"slug": source.slug, "titre": source.titre}
    assert reprise["territoire"]["reference"] == "commune:62041"
    assert reprise["departement"] == "62"
    assert reprise["depuis"] == "2024-09"
    assert reprise["freins"] == "Le local."
    assert reprise["contact_autorise"] is True
    assert reprise["fiche_derivee"] is None
    assert lectrice.email not in reponse.content.decode()
    assert "auteur" not in reprise
    assert client.get("/api/v1/reprises/").json()["count"] == 2


def test_les_reprises_d_une_fiche_retiree_ne_sont_plus_exposees(
    client, source, declarer, geo, moderateur_pas_de_calais
):
    services.publier(declarer(source, geo.arras), par=moderateur_pas_de_calais)
    source.__class__.objects.filter(pk=source.pk).update(etat="archivee")
    assert client.get("/api/v1/reprises/").json()["count"] == 0


def test_une_page_au_dela_de_la_fin_est_une_404_en_json(client):
    reponse = client.get("/api/v1/reprises/", {"page": 99})
    assert reponse.status_code == 404
    assert reponse["Content-Type"].startswith("application/json")


def test_le_nombre_de_requetes_ne_depend_pas_de_la_taille_de_la_page(
    client, source, declarer, geo, moderateur_pas_de_calais, django_assert_max_num_queries
):
    for _ in range(5):
        services.publier(declarer(source, geo.arras), par=moderateur_pas_de_calais)
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/reprises/").json()["count"] == 5
