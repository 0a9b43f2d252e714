"""The composition rule: at least one elected person or head of institution, two
professionals and two association representatives; a collectif that does not meet it
cannot apply for recognition, and the checklist says what is missing."""

import pytest

from collectifs import services
from collectifs.composition import composition_de
from collectifs.models import College, EtatReconnaissance, EvenementCollectif
from tests.collectifs.factories import ajouter_membre, completer, declarer

pytestmark = pytest.mark.django_db


def test_un_collectif_complet_respecte_la_regle(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    completer(collectif)

    composition = composition_de(collectif)

    assert composition.conforme
    assert composition.manques == []
    assert [ligne.constat for ligne in composition.lignes] == ["1 sur 1", "2 sur 2", "2 sur 2"]


@pytest.mark.parametrize(
    ("college", "manque"),
    [
        (
            College.ELUS,
            "au moins un élu ou responsable d’institution (0 sur 1\u00a0: il en manque 1)",
        ),
        (College.PROFESSIONNELS, "au moins deux professionnels (1 sur 2\u00a0: il en manque 1)"),
        (
            College.ASSOCIATIONS,
            "au moins deux représentants d’associations (0 sur 2\u00a0: il en manque 2)",
        ),
    ],
)
def test_il_manque_chaque_college_requis(geo, animatrice, college, manque):
    # The declarer is a professional: one of the two professionals is there.
    collectif = declarer(animatrice, [geo.lille])
    completer(collectif, sauf=college)

    composition = composition_de(collectif)

    assert not composition.conforme
    assert composition.manques == [manque]


def test_les_habitants_sont_bienvenus_mais_ne_comptent_pas_pour_la_regle(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille], college=College.HABITANTS)
    for _ in range(5):
        ajouter_membre(collectif, College.HABITANTS)

    composition = composition_de(collectif)

    assert composition.comptes[College.HABITANTS] == 6
    assert len(composition.manques) == 3


def test_les_demandes_en_attente_ne_comptent_pas(geo, animatrice):
    from collectifs import membres
    from tests.comptes.factories import UtilisateurFactory

    collectif = declarer(animatrice, [geo.lille])
    completer(collectif, sauf=College.ELUS)
    membres.demander_adhesion(collectif, par=UtilisateurFactory(), college=College.ELUS)

    assert not composition_de(collectif).conforme


@pytest.mark.parametrize("college", [College.ELUS, College.PROFESSIONNELS, College.ASSOCIATIONS])
def test_un_collectif_incomplet_ne_peut_pas_demander_sa_reconnaissance(geo, animatrice, college):
    collectif = declarer(animatrice, [geo.lille])
    completer(collectif, sauf=college)

    with pytest.raises(services.EtatIncompatible, match="ne respecte pas encore la règle"):
        services.candidater(collectif, par=animatrice)

    collectif.refresh_from_db()
    assert collectif.etat == EtatReconnaissance.DECLARE
    assert not EvenementCollectif.objects.filter(collectif=collectif, action="candidater").exists()


def test_un_collectif_complet_demande_sa_reconnaissance(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    completer(collectif)

    services.candidater(collectif, par=animatrice, message="Nous sommes prêts.")

    collectif.refresh_from_db()
    assert collectif.etat == EtatReconnaissance.CANDIDATURE
    evenement = collectif.evenements.get(action="candidater")
    assert (evenement.acteur, evenement.etat_avant, evenement.etat_apres, evenement.message) == (
        animatrice, EtatReconnaissance.DECLARE, EtatReconnaissance.CANDIDATURE, "Nous sommes prêts."
    )  # fmt: skip


def test_seul_un_animateur_demande_la_reconnaissance(geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    completer(collectif)
    simple_membre = ajouter_membre(collectif, College.HABITANTS).utilisateur

    with pytest.raises(services.TransitionInterdite, match="animateurs"):
        services.candidater(collectif, par=simple_membre)
