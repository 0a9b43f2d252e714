"""The recognition body's pages: the queue of its départements with the year's quota
("1 reconnaissance sur 5"), the examination screen and its decision, the quotas; a
modérateur of another département is refused."""

import pytest
from django.utils import timezone

from collectifs.models import EtatReconnaissance, QuotaDepartemental
from tests.collectifs.factories import candidat, quota
from tests.outils import connecte, texte, titre_de_la_page

pytestmark = pytest.mark.django_db


def test_la_file_montre_les_candidatures_et_le_quota_du_departement(
    geo, animatrice, moderateur_nord
):
    quota(geo.nord, nombre=5, enveloppe=100_000)
    candidat(animatrice, [geo.lille], nom="Collectif de Fives")
    candidat(animatrice, [geo.arras], nom="Collectif d’Arras")

    reponse = connecte(moderateur_nord).get("/collectifs/reconnaissance/")

    html = reponse.content.decode()
    assert titre_de_la_page(html) == "Reconnaissance des collectifs — Pratiques inspirantes"
    contenu = texte(html)
    annee = timezone.localdate().year
    assert f"Nord (59) : 0 reconnaissance sur 5 en {annee}" in contenu
    assert "0 € engagés sur une enveloppe de 100 000 €" in contenu
    assert "Collectif de Fives" in contenu and "Collectif d’Arras" not in contenu


def test_la_file_est_reservee_aux_moderateurs(geo, animatrice):
    assert connecte(animatrice).get("/collectifs/reconnaissance/").status_code == 403


def test_un_moderateur_reconnait_depuis_l_ecran_d_examen(geo, animatrice, moderateur_nord):
    quota(geo.nord, nombre=5, enveloppe=100_000)
    collectif = candidat(animatrice, [geo.lille])
    client = connecte(moderateur_nord)
    url = f"/collectifs/reconnaissance/{collectif.slug}/"

    page = client.get(url).content.decode()
    assert "Nadia Benali" in page, "the body sees every member's name"
    manque = client.post(url, {"decision": "reconnaitre"})
    assert "Indiquez le montant attribué" in manque.content.decode()

    reponse = client.post(url, {"decision": "reconnaitre", "montant": "20000", "message": ""})

    assert reponse.status_code == 302
    collectif.refresh_from_db()
    assert collectif.etat == EtatReconnaissance.RECONNU


def test_le_quota_atteint_est_dit_sur_l_ecran_d_examen(geo, animatrice, moderateur_nord):
    quota(geo.nord, nombre=0, enveloppe=0)
    collectif = candidat(animatrice, [geo.lille])

    reponse = connecte(moderateur_nord).post(
        f"/collectifs/reconnaissance/{collectif.slug}/", {"decision": "reconnaitre", "montant": "0"}
    )

    assert reponse.status_code == 409
    assert "quota de l’année est atteint" in reponse.content.decode()


def test_un_moderateur_d_un_autre_departement_n_examine_pas(
    geo, animatrice, moderateur_pas_de_calais
):
    quota(geo.nord)
    collectif = candidat(animatrice, [geo.lille])
    client = connecte(moderateur_pas_de_calais)
    url = f"/collectifs/reconnaissance/{collectif.slug}/"

    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "reconnaitre", "montant": "0"}).status_code == 403
    collectif.refresh_from_db()
    assert collectif.etat == EtatReconnaissance.CANDIDATURE


def test_fixer_le_quota_de_son_departement(geo, moderateur_nord):
    client = connecte(moderateur_nord)
    annee = timezone.localdate().year

    reponse = client.post(
        "/collectifs/reconnaissance/quotas/",
        {"departement": "departement:59", "annee": annee, "nombre_max": 4, "enveloppe": 80000},
    )
    assert reponse.status_code == 302
    refus = client.post(
        "/collectifs/reconnaissance/quotas/",
        {"departement": "Pas-de-Calais", "annee": annee, "nombre_max": 4, "enveloppe": 80000},
    )

    assert "Seuls les modérateurs du département" in refus.content.decode()
    quota_ = QuotaDepartemental.objects.get()
    assert (quota_.departement, quota_.nombre_max, quota_.enveloppe) == (geo.nord, 4, 80_000)
