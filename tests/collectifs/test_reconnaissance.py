"""Recognition by the département's body (its modérateurs; national administrators
for a collectif of several départements), within the year's quota and envelope, for
three years; every transition logged, the transition table enforced."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from collectifs import cycle, services
from collectifs.models import (
    Collectif,
    College,
    EtatReconnaissance,
    QuotaDepartemental,
    Reconnaissance,
)
from tests.collectifs.factories import ajouter_membre, candidat, declarer, quota

pytestmark = pytest.mark.django_db

E = EtatReconnaissance


def test_le_departement_est_celui_des_territoires_du_collectif(geo, animatrice):
    assert declarer(animatrice, [geo.lille]).departement == geo.nord
    assert declarer(animatrice, [geo.lille, geo.roubaix], nom="B").departement == geo.nord
    # Several départements, or a région: the national body.
    assert declarer(animatrice, [geo.lille, geo.arras], nom="C").departement is None
    assert declarer(animatrice, [geo.hdf], nom="D").departement is None


def test_un_moderateur_du_departement_reconnait_le_collectif_pour_trois_ans(
    geo, animatrice, moderateur_nord
):
    quota(geo.nord, nombre=5, enveloppe=100_000)
    collectif = candidat(animatrice, [geo.lille])

    services.reconnaitre(collectif, par=moderateur_nord, montant=20_000, message="Bienvenue.")

    collectif.refresh_from_db()
    aujourd_hui = timezone.localdate()
    assert collectif.etat == E.RECONNU and collectif.est_reconnu()
    assert collectif.reconnu_le == aujourd_hui
    assert collectif.reconnu_jusqu_au == cycle.periode(aujourd_hui)[1]
    assert (collectif.reconnu_jusqu_au - aujourd_hui).days in (1094, 1095)
    reconnaissance = Reconnaissance.objects.get(collectif=collectif)
    assert (reconnaissance.departement, reconnaissance.montant) == (geo.nord, 20_000)
    evenement = collectif.evenements.get(action="reconnaitre")
    assert (evenement.acteur, evenement.etat_avant, evenement.etat_apres, evenement.message) == (
        moderateur_nord, E.CANDIDATURE, E.RECONNU, "Bienvenue."
    )  # fmt: skip
    assert services.etat_du_quota(geo.nord, aujourd_hui.year).resume == (
        f"1 reconnaissance sur 5 en {aujourd_hui.year}"
    )


def test_un_moderateur_d_un_autre_departement_ne_peut_pas_reconnaitre(
    geo, animatrice, moderateur_pas_de_calais
):
    quota(geo.nord)
    collectif = candidat(animatrice, [geo.lille])

    with pytest.raises(services.TransitionInterdite, match="modérateurs du département"):
        services.reconnaitre(collectif, par=moderateur_pas_de_calais, montant=0)

    collectif.refresh_from_db()
    assert collectif.etat == E.CANDIDATURE
    assert not services.peut_reconnaitre(moderateur_pas_de_calais, collectif)


def test_un_moderateur_membre_du_collectif_ne_le_reconnait_pas(geo, animatrice, moderateur_nord):
    quota(geo.nord)
    collectif = candidat(animatrice, [geo.lille])
    ajouter_membre(collectif, College.PROFESSIONNELS, utilisateur=moderateur_nord)

    with pytest.raises(services.TransitionInterdite):
        services.reconnaitre(collectif, par=moderateur_nord, montant=0)


def test_un_administrateur_national_membre_du_collectif_ne_le_reconnait_pas(
    geo, animatrice, admin_national
):
    quota(geo.nord)
    collectif = candidat(animatrice, [geo.lille])
    ajouter_membre(collectif, College.ELUS, utilisateur=admin_national)

    assert not services.peut_reconnaitre(admin_national, collectif)
    with pytest.raises(services.TransitionInterdite):
        services.reconnaitre(collectif, par=admin_national, montant=0)
    assert collectif.evenements.filter(action="reconnaitre").count() == 0


def test_un_contributeur_ou_un_animateur_ne_reconnait_pas(geo, animatrice, auteur):
    quota(geo.nord)
    collectif = candidat(animatrice, [geo.lille])
    for personne in (auteur, animatrice):
        with pytest.raises(services.TransitionInterdite):
            services.reconnaitre(collectif, par=personne, montant=0)


def test_un_collectif_de_plusieurs_departements_est_reconnu_au_niveau_national(
    geo, animatrice, moderateur_nord, admin_national
):
    quota(None, nombre=1, enveloppe=10_000)
    collectif = candidat(animatrice, [geo.lille, geo.arras])

    with pytest.raises(services.TransitionInterdite):
        services.reconnaitre(collectif, par=moderateur_nord, montant=0)
    services.reconnaitre(collectif, par=admin_national, montant=5_000)

    assert Reconnaissance.objects.get(collectif=collectif).departement is None


def test_sans_quota_fixe_aucune_reconnaissance(geo, animatrice, moderateur_nord):
    collectif = candidat(animatrice, [geo.lille])

    with pytest.raises(services.EtatIncompatible, match="Aucun quota"):
        services.reconnaitre(collectif, par=moderateur_nord, montant=0)


def test_le_quota_de_l_annee_est_respecte(geo, animatrice, moderateur_nord):
    quota(geo.nord, nombre=1)
    premier = candidat(animatrice, [geo.lille], nom="Premier")
    second = candidat(animatrice, [geo.roubaix], nom="Second")
    services.reconnaitre(premier, par=moderateur_nord, montant=0)

    with pytest.raises(services.EtatIncompatible, match="quota de l’année est atteint"):
        services.reconnaitre(second, par=moderateur_nord, montant=0)

    second.refresh_from_db()
    assert second.etat == E.CANDIDATURE


def test_le_quota_d_une_autre_annee_ou_d_un_autre_departement_ne_compte_pas(
    geo, animatrice, moderateur_nord
):
    quota(geo.nord, annee=timezone.localdate().year - 1, nombre=10)
    quota(geo.pas_de_calais, nombre=10)
    collectif = candidat(animatrice, [geo.lille])

    with pytest.raises(services.EtatIncompatible, match="Aucun quota"):
        services.reconnaitre(collectif, par=moderateur_nord, montant=0)


def test_l_enveloppe_de_l_annee_est_respectee(geo, animatrice, moderateur_nord):
    quota(geo.nord, nombre=5, enveloppe=30_000)
    premier = candidat(animatrice, [geo.lille], nom="Premier")
    second = candidat(animatrice, [geo.roubaix], nom="Second")
    services.reconnaitre(premier, par=moderateur_nord, montant=20_000)

    with pytest.raises(
        services.EtatIncompatible, match="10\u202f000\u00a0€ sur 30\u202f000\u00a0€"
    ):
        services.reconnaitre(second, par=moderateur_nord, montant=15_000)
    services.reconnaitre(second, par=moderateur_nord, montant=10_000)

    etat = services.etat_du_quota(geo.nord, timezone.localdate().year)
    assert (etat.reconnaissances, etat.engage, etat.disponible) == (2, 30_000, 0)


@pytest.mark.parametrize("decision", ["demander_modifications", "refuser"])
def test_demander_des_modifications_ou_refuser_exige_un_motif_et_un_message(
    geo, animatrice, moderateur_nord, decision
):
    collectif = candidat(animatrice, [geo.lille])
    faire = getattr(services, decision)

    with pytest.raises(services.EtatIncompatible, match="motif"):
        faire(collectif, par=moderateur_nord, motif="", message="Précisez.")
    with pytest.raises(services.EtatIncompatible, match="message"):
        faire(collectif, par=moderateur_nord, motif="gouvernance", message="  ")
    faire(collectif, par=moderateur_nord, motif="gouvernance", message="Précisez qui décide.")

    collectif.refresh_from_db()
    attendu = cycle.TRANSITIONS[decision].vers
    assert collectif.etat == attendu
    evenement = collectif.evenements.get(action=decision)
    assert (evenement.etat_avant, evenement.etat_apres, evenement.motif, evenement.message) == (
        E.CANDIDATURE, attendu, "gouvernance", "Précisez qui décide."
    )  # fmt: skip


def test_apres_des_modifications_demandees_le_collectif_candidate_a_nouveau(
    geo, animatrice, moderateur_nord
):
    collectif = candidat(animatrice, [geo.lille])
    services.demander_modifications(collectif, par=moderateur_nord, motif="projet", message="Plus.")

    services.candidater(collectif, par=animatrice)

    collectif.refresh_from_db()
    assert collectif.etat == E.CANDIDATURE
    assert list(collectif.evenements.values_list("action", flat=True)) == [
        "declarer", "candidater", "demander_modifications", "candidater"
    ]  # fmt: skip


def test_on_ne_decide_que_sur_une_candidature(geo, animatrice, moderateur_nord):
    quota(geo.nord)
    collectif = declarer(animatrice, [geo.lille])

    with pytest.raises(services.EtatIncompatible, match="pas possible"):
        services.reconnaitre(collectif, par=moderateur_nord, montant=0)
    with pytest.raises(services.EtatIncompatible, match="pas possible"):
        services.refuser(collectif, par=moderateur_nord, motif="autre", message="Non.")


def test_la_table_des_transitions_dit_qui_fait_quoi_depuis_chaque_etat():
    assert [t.nom for t in cycle.possibles(E.DECLARE, cycle.Acteur.ANIMATEUR)] == ["candidater"]
    assert [t.nom for t in cycle.possibles(E.CANDIDATURE, cycle.Acteur.ANIMATEUR)] == []
    assert [t.nom for t in cycle.possibles(E.CANDIDATURE, cycle.Acteur.INSTANCE)] == [
        "reconnaitre", "demander_modifications", "refuser"
    ]  # fmt: skip
    assert [t.nom for t in cycle.possibles(E.RECONNU, cycle.Acteur.ANIMATEUR)] == ["renouveler"]
    assert [t.nom for t in cycle.possibles(E.RECONNU, cycle.Acteur.SYSTEME)] == ["expirer"]
    assert [t.nom for t in cycle.possibles(E.EXPIRE, cycle.Acteur.ANIMATEUR)] == ["renouveler"]


def _reconnu(geo, animatrice, moderateur, debut: date):
    quota(geo.nord)
    collectif = candidat(animatrice, [geo.lille])
    services.reconnaitre(collectif, par=moderateur, montant=0)
    debut, fin = cycle.periode(debut)
    Collectif.objects.filter(pk=collectif.pk).update(reconnu_le=debut, reconnu_jusqu_au=fin)
    collectif.refresh_from_db()
    return collectif


def test_une_reconnaissance_echue_expire(geo, animatrice, moderateur_nord):
    collectif = _reconnu(geo, animatrice, moderateur_nord, date(2020, 3, 1))

    assert services.expirer_echues() == 1
    assert services.expirer_echues() == 0

    collectif.refresh_from_db()
    assert collectif.etat == E.EXPIRE and not collectif.est_reconnu()
    evenement = collectif.evenements.get(action="expirer")
    assert (evenement.acteur, evenement.etat_avant, evenement.etat_apres) == (
        None, E.RECONNU, E.EXPIRE
    )  # fmt: skip


def test_le_renouvellement_s_ouvre_trois_mois_avant_la_fin(geo, animatrice, moderateur_nord):
    aujourd_hui = timezone.localdate()
    collectif = _reconnu(geo, animatrice, moderateur_nord, aujourd_hui - timedelta(days=365))

    with pytest.raises(services.EtatIncompatible, match="trois mois avant la fin"):
        services.candidater(collectif, par=animatrice)

    fin = aujourd_hui + timedelta(days=60)
    Collectif.objects.filter(pk=collectif.pk).update(reconnu_jusqu_au=fin)
    services.candidater(collectif, par=animatrice)
    collectif.refresh_from_db()
    assert collectif.etat == E.CANDIDATURE
    assert collectif.est_reconnu(), "still recognised while the renewal is examined"
    assert collectif.evenements.filter(action="renouveler").exists()

    # Renewed, the new period follows the current one.
    services.reconnaitre(collectif, par=moderateur_nord, montant=0)
    collectif.refresh_from_db()
    assert collectif.reconnu_jusqu_au == cycle.periode(fin + timedelta(days=1))[1]


def test_un_collectif_expire_peut_demander_son_renouvellement(geo, animatrice, moderateur_nord):
    collectif = _reconnu(geo, animatrice, moderateur_nord, date(2020, 3, 1))
    services.expirer_echues()

    services.candidater(collectif, par=animatrice)
    services.reconnaitre(collectif, par=moderateur_nord, montant=0)

    collectif.refresh_from_db()
    assert collectif.reconnu_le == timezone.localdate() and collectif.est_reconnu()


def test_le_quota_est_fixe_par_le_departement_ou_un_administrateur(
    geo, moderateur_nord, moderateur_pas_de_calais, admin_national
):
    annee = timezone.localdate().year
    services.fixer_quota(
        par=moderateur_nord, departement=geo.nord, annee=annee, nombre_max=3, enveloppe=1
    )
    services.fixer_quota(
        par=admin_national, departement=geo.nord, annee=annee, nombre_max=4, enveloppe=2
    )
    services.fixer_quota(
        par=admin_national, departement=None, annee=annee, nombre_max=1, enveloppe=3
    )

    with pytest.raises(services.TransitionInterdite):
        services.fixer_quota(
            par=moderateur_pas_de_calais,
            departement=geo.nord,
            annee=annee,
            nombre_max=9,
            enveloppe=9,
        )
    with pytest.raises(services.TransitionInterdite):
        services.fixer_quota(
            par=moderateur_nord, departement=None, annee=annee, nombre_max=9, enveloppe=9
        )

    assert QuotaDepartemental.objects.get(departement=geo.nord).nombre_max == 4
    assert QuotaDepartemental.objects.get(departement=None).enveloppe == 3


def test_un_quota_ne_descend_pas_sous_ce_qui_est_deja_reconnu(geo, animatrice, moderateur_nord):
    quota(geo.nord, nombre=2, enveloppe=50_000)
    services.reconnaitre(candidat(animatrice, [geo.lille]), par=moderateur_nord, montant=40_000)
    annee = timezone.localdate().year

    for nombre, enveloppe in ((0, 50_000), (2, 30_000)):
        with pytest.raises(services.EtatIncompatible, match="ne peuvent pas descendre"):
            services.fixer_quota(
                par=moderateur_nord, departement=geo.nord, annee=annee, nombre_max=nombre,
                enveloppe=enveloppe,
            )  # fmt: skip
