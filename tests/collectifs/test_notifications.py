"""E-mails about recognition go through the outbox (core.EmailSortant rows written in
the transaction of the change): the département's modérateurs learn of an application
and of a yearly report, the animateurs of the decision."""

import pytest
from django.utils import timezone

from collectifs import services
from collectifs.models import College
from core.models import EmailSortant
from tests.collectifs.factories import ajouter_membre, candidat, completer, declarer, quota
from tests.pratiques.factories import moderateur_de

pytestmark = pytest.mark.django_db


def destinataires():
    return sorted(a for courriel in EmailSortant.objects.all() for a in courriel.destinataires)


def test_une_candidature_est_annoncee_aux_moderateurs_du_departement(
    geo, animatrice, moderateur_nord, moderateur_pas_de_calais
):
    collectif = declarer(animatrice, [geo.lille])
    completer(collectif)

    services.candidater(collectif, par=animatrice, message="Nous sommes prêts.")

    (courriel,) = EmailSortant.objects.all()
    assert courriel.destinataires == [moderateur_nord.email]
    assert "Demande de reconnaissance" in courriel.sujet
    assert f"/collectifs/reconnaissance/{collectif.slug}/" in courriel.corps_texte
    assert "Nous sommes prêts." in courriel.corps_texte


def test_un_moderateur_membre_du_collectif_n_est_pas_appele_a_l_examiner(
    geo, animatrice, moderateur_nord
):
    collegue = moderateur_de(geo.nord, email="collegue.nord@exemple.fr")
    collectif = declarer(animatrice, [geo.lille])
    completer(collectif)
    ajouter_membre(collectif, College.PROFESSIONNELS, utilisateur=moderateur_nord)

    services.candidater(collectif, par=animatrice)

    (courriel,) = EmailSortant.objects.all()
    assert courriel.destinataires == [collegue.email]


def test_une_candidature_nationale_est_annoncee_aux_administrateurs(
    geo, animatrice, moderateur_nord, admin_national
):
    candidat(animatrice, [geo.lille, geo.arras])

    assert destinataires() == [admin_national.email]


def test_la_decision_est_annoncee_aux_animateurs(geo, animatrice, moderateur_nord):
    quota(geo.nord)
    collectif = candidat(animatrice, [geo.lille])
    EmailSortant.objects.all().delete()

    services.reconnaitre(collectif, par=moderateur_nord, montant=10_000)

    (courriel,) = EmailSortant.objects.all()
    assert courriel.destinataires == [animatrice.email]
    assert "reconnu" in courriel.sujet
    assert "jusqu'au" in courriel.corps_texte


def test_un_refus_donne_son_motif_et_son_message(geo, animatrice, moderateur_nord):
    collectif = candidat(animatrice, [geo.lille])
    EmailSortant.objects.all().delete()

    services.refuser(collectif, par=moderateur_nord, motif="hors_champ", message="Hors sujet.")

    (courriel,) = EmailSortant.objects.all()
    assert "Hors du champ du développement social local" in courriel.corps_texte
    assert "Hors sujet." in courriel.corps_texte


def test_un_rapport_depose_est_annonce_au_departement_qui_en_accuse_reception(
    geo, animatrice, moderateur_nord, moderateur_pas_de_calais
):
    collectif = declarer(animatrice, [geo.lille])
    annee = timezone.localdate().year
    donnees = {
        "activites": "Douze assemblées.", "participants_elus": 2,
        "participants_professionnels": 5, "participants_associations": 4,
        "participants_habitants": 30, "enseignements": "Se réunir le soir.",
    }  # fmt: skip

    rapport = services.deposer_rapport(collectif, par=animatrice, annee=annee, donnees=donnees)

    assert destinataires() == [moderateur_nord.email]
    with pytest.raises(services.TransitionInterdite):
        services.accuser_reception(rapport, par=moderateur_pas_de_calais)
    services.accuser_reception(rapport, par=moderateur_nord)
    with pytest.raises(services.EtatIncompatible, match="plus modifiable"):
        services.deposer_rapport(collectif, par=animatrice, annee=annee, donnees=donnees)
    with pytest.raises(services.EtatIncompatible, match="année à venir"):
        services.deposer_rapport(collectif, par=animatrice, annee=annee + 1, donnees=donnees)
