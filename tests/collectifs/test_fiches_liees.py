"""A fiche's « collectif lié »: only its author links it, to a collectif they are an
accepted member of; the author or an animateur ends the link; the fiche page names the
collectif and the collectif page lists its published fiches."""

import pytest

from collectifs import membres, services
from collectifs.models import Collectif, College
from pratiques.models import Fiche
from tests.collectifs.factories import ajouter_membre, declarer
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import fiche_publiee, fiche_soumise

pytestmark = pytest.mark.django_db


@pytest.fixture
def collectif(geo, animatrice):
    return declarer(animatrice, [geo.lille], nom="Collectif de Fives")


def test_l_auteur_membre_lie_sa_fiche_au_collectif(collectif, auteur, moderateur_nord):
    ajouter_membre(collectif, College.ASSOCIATIONS, utilisateur=auteur)
    fiche = fiche_publiee(auteur, moderateur_nord)

    services.lier_fiche(fiche, collectif, par=auteur)

    assert Fiche.objects.get(pk=fiche.pk).collectif == collectif
    assert list(Collectif.objects.portant_des_fiches()) == [collectif]
    assert list(Collectif.objects.all().fiches_portees().values_list("pk", flat=True)) == [fiche.pk]
    assert collectif.evenements.filter(action="fiche_liee", acteur=auteur).exists()


def test_un_auteur_non_membre_ne_peut_pas_lier_sa_fiche(collectif, auteur):
    fiche = fiche_soumise(auteur)

    with pytest.raises(services.TransitionInterdite, match="dont vous êtes membre"):
        services.lier_fiche(fiche, collectif, par=auteur)

    assert Fiche.objects.get(pk=fiche.pk).collectif is None


def test_une_demande_en_attente_ne_suffit_pas(collectif, auteur):
    membres.demander_adhesion(collectif, par=auteur, college=College.HABITANTS)

    with pytest.raises(services.TransitionInterdite):
        services.lier_fiche(fiche_soumise(auteur), collectif, par=auteur)


def test_un_membre_ne_lie_pas_la_fiche_d_un_autre(collectif, auteur, animatrice):
    ajouter_membre(collectif, College.ASSOCIATIONS, utilisateur=auteur)
    fiche = fiche_soumise(auteur)

    with pytest.raises(services.TransitionInterdite, match="Seul l’auteur"):
        services.lier_fiche(fiche, collectif, par=animatrice)


def test_l_auteur_ou_un_animateur_retire_le_lien(collectif, auteur, animatrice):
    ajouter_membre(collectif, College.ASSOCIATIONS, utilisateur=auteur)
    fiche = fiche_soumise(auteur)
    services.lier_fiche(fiche, collectif, par=auteur)

    with pytest.raises(services.TransitionInterdite):
        services.delier_fiche(fiche, par=UtilisateurFactory())
    services.delier_fiche(fiche, par=animatrice)
    assert Fiche.objects.get(pk=fiche.pk).collectif is None

    services.lier_fiche(fiche, collectif, par=auteur)
    services.delier_fiche(fiche, par=auteur)
    assert Fiche.objects.get(pk=fiche.pk).collectif is None


def test_la_page_de_la_fiche_nomme_le_collectif(client, collectif, auteur, moderateur_nord):
    ajouter_membre(collectif, College.ASSOCIATIONS, utilisateur=auteur)
    fiche = fiche_publiee(auteur, moderateur_nord)
    sans = client.get(f"/pratiques/fiche/{fiche.slug}/").content.decode()
    assert "Portée par le collectif" not in sans

    services.lier_fiche(fiche, collectif, par=auteur)

    html = client.get(f"/pratiques/fiche/{fiche.slug}/").content.decode()
    assert "Portée par le collectif" in html
    assert f'href="/collectifs/{collectif.slug}/"' in html


def test_la_page_du_collectif_liste_ses_fiches_publiees_seulement(
    client, collectif, auteur, moderateur_nord
):
    ajouter_membre(collectif, College.ASSOCIATIONS, utilisateur=auteur)
    publiee = fiche_publiee(auteur, moderateur_nord, titre="Un café des parents publié")
    brouillon = fiche_soumise(auteur, titre="Une fiche encore en relecture")
    for fiche in (publiee, brouillon):
        services.lier_fiche(fiche, collectif, par=auteur)

    html = client.get(f"/collectifs/{collectif.slug}/").content.decode()

    assert publiee.titre in html
    assert brouillon.titre not in html


def test_lier_depuis_la_page_de_l_auteur(collectif, auteur):
    from tests.outils import connecte

    ajouter_membre(collectif, College.ASSOCIATIONS, utilisateur=auteur)
    fiche = fiche_soumise(auteur)
    client = connecte(auteur)
    url = f"/collectifs/fiche/{fiche.pk}/collectif/"

    assert client.get(url).status_code == 200
    reponse = client.post(url, {"lier": "1", "collectif": collectif.pk})

    assert reponse.status_code == 302
    assert Fiche.objects.get(pk=fiche.pk).collectif == collectif
    autre = connecte(UtilisateurFactory())
    assert autre.get(url).status_code == 403
    assert autre.post(url, {"delier": "1"}).status_code == 403
    assert client.post(url, {"delier": "1"}).status_code == 302
    assert Fiche.objects.get(pk=fiche.pk).collectif is None


def test_lier_depuis_les_pages_de_gestion(collectif, animatrice, moderateur_nord):
    from tests.outils import connecte

    fiche = fiche_publiee(animatrice, moderateur_nord)
    client = connecte(animatrice)
    url = f"/collectifs/{collectif.slug}/gerer/fiches/"

    assert fiche.titre in client.get(url).content.decode()
    assert client.post(url, {"lier": "1", "fiche": fiche.pk}).status_code == 302
    assert Fiche.objects.get(pk=fiche.pk).collectif == collectif
    assert client.post(url, {"delier": "abc"}).status_code == 404
    assert client.post(url, {"delier": str(fiche.pk)}).status_code == 302
    assert Fiche.objects.get(pk=fiche.pk).collectif is None
