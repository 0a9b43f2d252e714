"""Delivering: each call is signed (Standard Webhooks) and verified by a real receiver
on the loopback; failures are retried with the declared backoff, then abandoned; an
endpoint failing for long is disabled and its organisation told by e-mail."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import EmailSortant
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.partenaires.factories import admin_partenaire
from tests.webhooks.factories import point
from webhooks import politique, services
from webhooks.evenements import IMPORT_TERMINE, TEST
from webhooks.models import Livraison, PointDeTerminaison

pytestmark = pytest.mark.django_db


def _point_de(recepteur, **champs):
    objet = point(recepteur.url, **champs)
    recepteur.secret = objet.secret
    return objet


def _echeance_passee(livraison):
    Livraison.objects.filter(pk=livraison.pk).update(
        prochain_essai_le=timezone.now() - timedelta(seconds=1)
    )


def test_un_envoi_est_signe_et_verifie_par_le_recepteur_du_partenaire(recepteur):
    objet = _point_de(recepteur)
    (livraison,) = services.emettre(
        IMPORT_TERMINE, {"fiches_creees": 3}, organisation=objet.organisation
    )
    assert services.livrer(livraison.pk) is True

    (appel,) = recepteur.appels
    assert appel.erreur == ""
    assert appel.contenu == {
        "type": "import.termine",
        "timestamp": livraison.cree_le.isoformat(),
        "data": {"fiches_creees": 3},
    }
    en_tetes = {nom.lower(): valeur for nom, valeur in appel.en_tetes.items()}
    assert en_tetes["webhook-id"] == livraison.identifiant
    assert livraison.identifiant.startswith("msg_")
    assert en_tetes["webhook-signature"].startswith("v1,")
    assert abs(int(en_tetes["webhook-timestamp"]) - timezone.now().timestamp()) < 10
    assert en_tetes["content-type"] == "application/json"

    livraison.refresh_from_db()
    assert livraison.etat == Livraison.Etat.LIVREE
    assert livraison.tentatives == 1
    assert livraison.dernier_statut == 200
    assert livraison.derniere_duree_ms is not None and livraison.derniere_duree_ms >= 0
    assert livraison.livree_le is not None and livraison.prochain_essai_le is None
    # Delivered once: asking again sends nothing.
    assert services.livrer(livraison.pk) is False
    assert len(recepteur.appels) == 1


def test_une_signature_faite_avec_un_autre_secret_est_refusee_par_le_recepteur(recepteur):
    objet = _point_de(recepteur)
    recepteur.secret = PointDeTerminaison._meta.get_field("secret").get_default()
    livraison = services.tester(objet.cree_par, objet)
    assert services.livrer(livraison.pk) is False
    (appel,) = recepteur.appels
    assert appel.contenu is None and "signature" in appel.erreur.lower()
    livraison.refresh_from_db()
    assert livraison.etat == Livraison.Etat.ECHEC
    assert livraison.dernier_statut == 401
    assert livraison.derniere_erreur == "Réponse HTTP 401."


def test_renouveler_le_secret_change_la_signature(recepteur):
    objet = _point_de(recepteur)
    ancien = objet.secret
    objet = services.renouveler_secret(objet.cree_par, objet)
    assert objet.secret != ancien and objet.secret.startswith("whsec_")
    livraison = services.tester(objet.cree_par, objet)
    assert services.livrer(livraison.pk) is False  # the receiver still holds the old one
    recepteur.secret = objet.secret
    _echeance_passee(livraison)
    assert services.livrer(livraison.pk) is True
    assert recepteur.appels[-1].contenu["type"] == TEST


def test_un_echec_est_reessaye_selon_le_delai_croissant_puis_abandonne(recepteur):
    objet = _point_de(recepteur)
    recepteur.statut = 503
    livraison = services.tester(objet.cree_par, objet)
    for rang in range(1, politique.TENTATIVES_MAX + 1):
        avant = timezone.now()
        assert services.renvoyer_dues(anciennete_seconds=0) == 0
        livraison.refresh_from_db()
        assert livraison.tentatives == rang
        assert livraison.dernier_statut == 503
        if rang < politique.TENTATIVES_MAX:
            assert livraison.etat == Livraison.Etat.ECHEC
            attendu = avant + politique.DELAIS[rang - 1]
            assert abs((livraison.prochain_essai_le - attendu).total_seconds()) < 5
            # Not due yet: nothing is sent.
            assert services.livrer(livraison.pk) is False
            assert len(recepteur.appels) == rang
            _echeance_passee(livraison)
    assert livraison.etat == Livraison.Etat.ABANDONNEE
    assert livraison.prochain_essai_le is None
    assert len(recepteur.appels) == politique.TENTATIVES_MAX
    # The whole schedule spans about three days.
    assert timedelta(days=2) < sum(politique.DELAIS, timedelta()) < timedelta(days=4)


def test_un_succes_apres_des_echecs_remet_le_compte_a_zero(recepteur):
    objet = _point_de(recepteur)
    recepteur.statut = 500
    livraison = services.tester(objet.cree_par, objet)
    services.livrer(livraison.pk)
    objet.refresh_from_db()
    assert objet.echecs_consecutifs == 1 and objet.en_echec_depuis is not None
    recepteur.statut = 204
    _echeance_passee(livraison)
    assert services.livrer(livraison.pk) is True
    objet.refresh_from_db()
    assert objet.echecs_consecutifs == 0 and objet.en_echec_depuis is None


def test_une_redirection_n_est_pas_suivie(recepteur):
    objet = _point_de(recepteur)
    recepteur.statut = 302
    recepteur.en_tetes_reponse = {"Location": "http://127.0.0.1:9/ailleurs"}
    livraison = services.tester(objet.cree_par, objet)
    assert services.livrer(livraison.pk) is False
    livraison.refresh_from_db()
    assert len(recepteur.appels) == 1
    assert livraison.dernier_statut == 302
    assert livraison.derniere_erreur == "Redirection (302) non suivie."


def test_un_recepteur_trop_lent_est_un_echec(recepteur, monkeypatch):
    monkeypatch.setattr(politique, "DELAI_HTTP", 0.3)
    objet = _point_de(recepteur)
    recepteur.attente = 1.0
    livraison = services.tester(objet.cree_par, objet)
    assert services.livrer(livraison.pk) is False
    livraison.refresh_from_db()
    assert livraison.dernier_statut is None
    assert livraison.derniere_erreur == "Pas de réponse dans les 0.3\u00a0secondes."


def test_un_serveur_injoignable_est_un_echec_explique(recepteur):
    objet = point("http://127.0.0.1:9/rien-n-ecoute-ici")
    livraison = services.tester(objet.cree_par, objet)
    assert services.livrer(livraison.pk) is False
    livraison.refresh_from_db()
    assert livraison.etat == Livraison.Etat.ECHEC
    assert livraison.derniere_erreur == "Connexion impossible."


def _en_echec_depuis(objet, duree, echecs):
    PointDeTerminaison.objects.filter(pk=objet.pk).update(
        echecs_consecutifs=echecs, en_echec_depuis=timezone.now() - duree
    )


def test_un_point_en_echec_depuis_longtemps_est_desactive_et_l_organisation_prevenue(recepteur):
    organisation = OrganisationFactory(nom="CAF de la Somme")
    objet = _point_de(recepteur, organisation=organisation)
    autre_gestionnaire = admin_partenaire(organisation, email="autre.gestion@caf.example.fr")
    inactif = admin_partenaire(organisation, email="parti@caf.example.fr", is_active=False)
    ailleurs = admin_partenaire(OrganisationFactory(), email="ailleurs@msa.example.fr")
    UtilisateurFactory(email="simple.membre@caf.example.fr")
    recepteur.statut = 500
    en_attente = services.emettre(IMPORT_TERMINE, {"n": 1}, organisation=organisation)[0]
    _en_echec_depuis(objet, politique.DUREE_AVANT_DESACTIVATION + timedelta(hours=1), 9)

    livraison = services.tester(objet.cree_par, objet)
    services.livrer(livraison.pk)

    objet.refresh_from_db()
    assert not objet.actif
    assert objet.desactive_le is not None
    assert objet.motif_desactivation.startswith("10\u00a0envois en échec depuis le ")
    en_attente.refresh_from_db()
    assert en_attente.etat == Livraison.Etat.ABANDONNEE
    assert en_attente.derniere_erreur == "Point de terminaison désactivé."
    courriels = EmailSortant.objects.filter(sujet__contains="désactivé")
    destinataires = sorted(d for c in courriels for d in c.destinataires)
    assert destinataires == sorted([objet.cree_par.email, autre_gestionnaire.email])
    assert inactif.email not in destinataires and ailleurs.email not in destinataires
    corps = courriels[0].corps_texte
    assert objet.url in corps and f"/partenaires/webhooks/{objet.pk}/" in corps
    # Disabled: nothing more is sent, and no new event is queued for it.
    assert services.emettre(IMPORT_TERMINE, {"n": 2}, organisation=organisation) == []
    appels = len(recepteur.appels)
    assert services.renvoyer_dues(anciennete_seconds=0) == 0
    assert len(recepteur.appels) == appels

    # Enabled again: it receives the next events, its run of failures forgotten.
    recepteur.statut = 200
    objet = services.reactiver(objet.cree_par, objet)
    assert objet.actif and objet.echecs_consecutifs == 0 and objet.motif_desactivation == ""
    (nouvelle,) = services.emettre(IMPORT_TERMINE, {"n": 3}, organisation=organisation)
    assert services.livrer(nouvelle.pk) is True


def test_des_echecs_nombreux_mais_recents_ne_desactivent_pas(recepteur):
    objet = _point_de(recepteur)
    recepteur.statut = 500
    _en_echec_depuis(objet, politique.DUREE_AVANT_DESACTIVATION - timedelta(hours=1), 50)
    services.livrer(services.tester(objet.cree_par, objet).pk)
    objet.refresh_from_db()
    assert objet.actif and objet.echecs_consecutifs == 51


def test_des_echecs_anciens_mais_peu_nombreux_ne_desactivent_pas(recepteur):
    objet = _point_de(recepteur)
    recepteur.statut = 500
    _en_echec_depuis(objet, timedelta(days=30), politique.ECHECS_AVANT_DESACTIVATION - 2)
    services.livrer(services.tester(objet.cree_par, objet).pk)
    objet.refresh_from_db()
    assert objet.actif
    assert not EmailSortant.objects.filter(sujet__contains="désactivé").exists()


def test_le_corps_est_le_meme_a_chaque_tentative(recepteur):
    objet = _point_de(recepteur)
    recepteur.statut = 500
    livraison = services.tester(objet.cree_par, objet)
    services.livrer(livraison.pk)
    _echeance_passee(livraison)
    services.livrer(livraison.pk)
    premier, second = recepteur.appels
    assert premier.corps == second.corps
    assert json.loads(premier.corps)["data"]["message"]
    assert premier.en_tetes["webhook-id"] == second.en_tetes["webhook-id"]


def test_les_livraisons_terminees_sont_purgees_apres_trente_jours(recepteur):
    objet = _point_de(recepteur)
    vieilles = [services.tester(objet.cree_par, objet) for _ in range(3)]
    recente = services.tester(objet.cree_par, objet)
    Livraison.objects.filter(pk=vieilles[0].pk).update(etat=Livraison.Etat.LIVREE)
    Livraison.objects.filter(pk=vieilles[1].pk).update(etat=Livraison.Etat.ABANDONNEE)
    Livraison.objects.filter(pk=recente.pk).update(etat=Livraison.Etat.LIVREE)
    Livraison.objects.filter(pk__in=[v.pk for v in vieilles]).update(
        cree_le=timezone.now() - timedelta(days=31)
    )
    assert services.purger() == 2
    # Still pending (even old) or recent: kept.
    assert set(Livraison.objects.values_list("pk", flat=True)) == {vieilles[2].pk, recente.pk}
