"""Joining, approving, declining, leaving: animateurs approve join requests, a member
leaves when they want, the last animateur names another before leaving, and each step
writes to the journal and e-mails the people concerned through the outbox."""

import pytest

from collectifs import membres, services
from collectifs.models import College, Membre
from core.models import EmailSortant
from tests.collectifs.factories import ajouter_membre, declarer
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def collectif(geo, animatrice):
    return declarer(animatrice, [geo.lille])


def courriels_a(adresse):
    return list(EmailSortant.objects.filter(destinataires__contains=[adresse]))


def test_le_declarant_est_le_premier_animateur(collectif, animatrice):
    membre = Membre.objects.get(collectif=collectif)
    assert (membre.utilisateur, membre.role, membre.statut) == (
        animatrice, Membre.Role.ANIMATEUR, Membre.Statut.ACCEPTE
    )  # fmt: skip
    assert membre.nom_public is False, "names are not public unless the member chooses"
    assert services.est_animateur(animatrice, collectif)


def test_une_demande_d_adhesion_est_transmise_aux_animateurs(collectif, animatrice):
    personne = UtilisateurFactory(prenom="Jean", nom="Devos")

    membre = membres.demander_adhesion(
        collectif, par=personne, college=College.ASSOCIATIONS, fonction="Amicale des locataires",
        message="Je représente l’amicale.",
    )  # fmt: skip

    assert membre.statut == Membre.Statut.EN_ATTENTE
    assert not services.est_animateur(personne, collectif)
    (courriel,) = courriels_a(animatrice.email)
    assert "Nouvelle demande pour rejoindre" in courriel.sujet
    assert (
        "Jean Devos" in courriel.corps_texte and "Je représente l’amicale." in courriel.corps_texte
    )
    assert personne.email not in courriel.corps_texte
    assert collectif.evenements.filter(action="adhesion_demandee", acteur=personne).exists()


def test_on_ne_demande_pas_deux_fois(collectif):
    personne = UtilisateurFactory()
    membres.demander_adhesion(collectif, par=personne, college=College.HABITANTS)

    with pytest.raises(services.EtatIncompatible, match="attend déjà"):
        membres.demander_adhesion(collectif, par=personne, college=College.HABITANTS)


def test_un_animateur_accepte_une_demande(collectif, animatrice):
    personne = UtilisateurFactory()
    demande = membres.demander_adhesion(collectif, par=personne, college=College.HABITANTS)

    membres.accepter(demande, par=animatrice)

    demande.refresh_from_db()
    assert demande.statut == Membre.Statut.ACCEPTE and demande.accepte_le
    (courriel,) = courriels_a(personne.email)
    assert "Bienvenue" in courriel.sujet
    assert collectif.evenements.filter(action="adhesion_acceptee", acteur=animatrice).exists()


def test_un_animateur_decline_une_demande(collectif, animatrice):
    personne = UtilisateurFactory()
    demande = membres.demander_adhesion(collectif, par=personne, college=College.HABITANTS)

    membres.decliner(demande, par=animatrice)

    assert not Membre.objects.filter(pk=demande.pk).exists()
    (courriel,) = courriels_a(personne.email)
    assert "n'ont pas donné suite" in courriel.corps_texte
    assert collectif.evenements.filter(action="adhesion_declinee").exists()


def test_un_simple_membre_ne_repond_pas_aux_demandes(collectif):
    simple = ajouter_membre(collectif, College.HABITANTS).utilisateur
    demande = membres.demander_adhesion(collectif, par=UtilisateurFactory(), college="habitants")

    for action in (membres.accepter, membres.decliner):
        with pytest.raises(services.TransitionInterdite):
            action(demande, par=simple)


def test_une_reponse_ne_se_donne_qu_une_fois(collectif, animatrice):
    demande = membres.demander_adhesion(collectif, par=UtilisateurFactory(), college="habitants")
    membres.accepter(demande, par=animatrice)

    with pytest.raises(services.EtatIncompatible, match="déjà reçu une réponse"):
        membres.decliner(demande, par=animatrice)


def test_un_membre_quitte_le_collectif(collectif):
    membre = ajouter_membre(collectif, College.HABITANTS)

    membres.quitter(collectif, par=membre.utilisateur)

    assert not Membre.objects.filter(pk=membre.pk).exists()
    assert collectif.evenements.filter(action="depart", acteur=membre.utilisateur).exists()


def test_une_demande_en_attente_peut_etre_retiree(collectif):
    personne = UtilisateurFactory()
    membres.demander_adhesion(collectif, par=personne, college=College.HABITANTS)

    membres.quitter(collectif, par=personne)

    assert not Membre.objects.filter(collectif=collectif, utilisateur=personne).exists()
    assert collectif.evenements.filter(action="demande_retiree").exists()


def test_le_dernier_animateur_ne_part_pas_sans_designer_un_successeur(collectif, animatrice):
    autre = ajouter_membre(collectif, College.ELUS)

    with pytest.raises(services.EtatIncompatible, match="dernier animateur"):
        membres.quitter(collectif, par=animatrice)
    assert services.est_animateur(animatrice, collectif)

    membres.quitter(collectif, par=animatrice, successeur=autre)

    assert not Membre.objects.filter(collectif=collectif, utilisateur=animatrice).exists()
    assert services.est_animateur(autre.utilisateur, collectif)


def test_le_successeur_doit_etre_un_membre_accepte_du_collectif(geo, collectif, animatrice):
    demande = membres.demander_adhesion(collectif, par=UtilisateurFactory(), college="habitants")
    ailleurs = ajouter_membre(declarer(UtilisateurFactory(), [geo.lille], nom="Autre"), "elus")

    for successeur in (demande, ailleurs):
        with pytest.raises(services.EtatIncompatible, match="Désignez un membre"):
            membres.quitter(collectif, par=animatrice, successeur=successeur)
    assert services.est_animateur(animatrice, collectif)


def test_un_animateur_parmi_d_autres_part_librement(collectif, animatrice):
    ajouter_membre(collectif, College.ELUS, role=Membre.Role.ANIMATEUR)

    membres.quitter(collectif, par=animatrice)

    assert Membre.objects.animateurs().filter(collectif=collectif).count() == 1


def test_les_animateurs_nomment_et_retirent_des_animateurs_sans_jamais_en_manquer(
    collectif, animatrice
):
    autre = ajouter_membre(collectif, College.ELUS)
    moi = Membre.objects.get(collectif=collectif, utilisateur=animatrice)

    with pytest.raises(services.EtatIncompatible, match="au moins un animateur"):
        membres.changer_role(moi, par=animatrice, role=Membre.Role.MEMBRE)
    membres.changer_role(autre, par=animatrice, role=Membre.Role.ANIMATEUR)
    membres.changer_role(moi, par=animatrice, role=Membre.Role.MEMBRE)

    assert list(Membre.objects.animateurs().filter(collectif=collectif)) == [autre]
    assert not services.est_animateur(animatrice, collectif)


def test_un_animateur_retire_un_membre(collectif, animatrice):
    membre = ajouter_membre(collectif, College.HABITANTS)

    membres.retirer(membre, par=animatrice)

    assert not Membre.objects.filter(pk=membre.pk).exists()
    with pytest.raises(services.EtatIncompatible):
        membres.retirer(Membre.objects.get(utilisateur=animatrice), par=animatrice)


def test_chaque_membre_choisit_si_son_nom_est_public(collectif):
    membre = ajouter_membre(collectif, College.HABITANTS)

    membres.modifier_participation(
        collectif, par=membre.utilisateur, college=College.ASSOCIATIONS, fonction="Amicale",
        nom_public=True,
    )  # fmt: skip

    membre.refresh_from_db()
    assert (membre.college, membre.fonction, membre.nom_public) == (
        College.ASSOCIATIONS, "Amicale", True
    )  # fmt: skip
