"""Tombstones (pratiques.models.Retrait, /api/v1/pratiques/retraits/): every fiche that
leaves publication, however it leaves, gets one in the same transaction, so that a
partner's copy never keeps a withdrawn fiche; publishing it again removes it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pratiques import services
from pratiques.models import Etat, Fiche, Retrait
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import Geographie, fiche_publiee, moderateur_de

pytestmark = pytest.mark.django_db

URL = "/api/v1/pratiques/retraits/"


@pytest.fixture
def acteurs():
    geo = Geographie()
    return UtilisateurFactory(), moderateur_de(geo.nord)


def retraits():
    return {(r.fiche_id, r.slug, r.motif) for r in Retrait.objects.all()}


def test_publier_ne_cree_pas_de_retrait_archiver_en_cree_un(acteurs):
    auteur, moderateur = acteurs
    fiche = fiche_publiee(auteur, moderateur)
    assert retraits() == set()
    avant = timezone.now()
    services.archiver(fiche, par=moderateur)
    assert retraits() == {(fiche.pk, fiche.slug, Retrait.Motif.ARCHIVEE)}
    assert Retrait.objects.get().retiree_le >= avant - timedelta(seconds=1)


def test_supprimer_une_fiche_publiee_laisse_un_retrait_supprimee(acteurs):
    auteur, moderateur = acteurs
    fiche = fiche_publiee(auteur, moderateur)
    brouillon = services.creer_brouillon(auteur=auteur, contenu={"titre": "Jamais publiée"})
    pk, slug = fiche.pk, fiche.slug
    fiche.delete()
    brouillon.delete()  # never published: nothing to withdraw
    assert retraits() == {(pk, slug, Retrait.Motif.SUPPRIMEE)}


def test_une_mise_a_jour_en_masse_retire_chaque_fiche_et_republier_efface_le_retrait(acteurs):
    auteur, moderateur = acteurs
    fiches = [fiche_publiee(auteur, moderateur, titre=f"Pratique {n}") for n in range(3)]
    autre = fiche_publiee(auteur, moderateur, titre="Reste en ligne")
    Fiche.objects.filter(pk__in=[f.pk for f in fiches[:2]]).update(etat=Etat.ARCHIVEE)
    Fiche.objects.filter(pk=fiches[2].pk).update(etat=Etat.BROUILLON)
    assert retraits() == {
        (fiches[0].pk, fiches[0].slug, Retrait.Motif.ARCHIVEE),
        (fiches[1].pk, fiches[1].slug, Retrait.Motif.ARCHIVEE),
        (fiches[2].pk, fiches[2].slug, Retrait.Motif.DEPUBLIEE),
    }
    # An update of fiches that stay published (or stay withdrawn) changes nothing.
    Fiche.objects.filter(pk__in=[autre.pk, fiches[0].pk]).update(commentaires="relu")
    assert len(retraits()) == 3
    Fiche.objects.filter(pk=fiches[2].pk).update(etat=Etat.PUBLIEE)
    assert {r[0] for r in retraits()} == {fiches[0].pk, fiches[1].pk}


def test_l_api_donne_les_retraits_depuis_une_date_dans_l_ordre(client, acteurs):
    auteur, moderateur = acteurs
    ancienne, recente = (fiche_publiee(auteur, moderateur, titre=t) for t in ("Une", "Deux"))
    services.archiver(ancienne, par=moderateur)
    Retrait.objects.filter(fiche_id=ancienne.pk).update(
        retiree_le=timezone.now() - timedelta(days=3)
    )
    slug_recente = recente.slug
    recente.delete()

    tout = client.get(URL).json()
    assert tout["count"] == 2
    assert [(r["slug"], r["motif"]) for r in tout["results"]] == [
        (ancienne.slug, "archivee"),
        (slug_recente, "supprimee"),
    ]
    assert set(tout["results"][0]) == {"slug", "retiree_le", "motif"}

    depuis = (timezone.now() - timedelta(days=1)).isoformat()
    recents = client.get(URL, {"updated_since": depuis}).json()
    assert [r["slug"] for r in recents["results"]] == [slug_recente]
    # Neither is in the list of fiches any more.
    assert client.get("/api/v1/pratiques/", {"updated_since": depuis}).json()["results"] == []


def test_une_date_invalide_est_un_400(client):
    reponse = client.get(URL, {"updated_since": "hier"})
    assert reponse.status_code == 400
    assert list(reponse.json()) == ["updated_since"]


def test_une_fiche_ne_prend_pas_l_adresse_de_la_liste_des_retraits(acteurs):
    auteur, _ = acteurs
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Retraits"})
    assert fiche.slug != "retraits" and fiche.slug.startswith("retraits")
