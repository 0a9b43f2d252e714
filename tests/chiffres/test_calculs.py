"""The figures equal what the fiches built here say, counted again another way (in
Python over the plan, or through the ORM's many-to-many relations rather than the
arrays the figures read)."""

from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from chiffres import calculs
from chiffres.calculs import Perimetre
from collectifs.models import Collectif, EtatReconnaissance, Reconnaissance
from pratiques.models import Etat, Fiche, Thematique
from tests.chiffres.conftest import moment
from tests.collectifs.factories import declarer as declarer_collectif

pytestmark = pytest.mark.django_db

ANNEE_2025 = {"debut": date(2025, 1, 1), "fin": date(2025, 12, 1)}


def percentile_cont(valeurs, fraction):
    """PostgreSQL's percentile_cont, written out: linear between the two nearest ranks."""
    valeurs = sorted(valeurs)
    position = fraction * (len(valeurs) - 1)
    bas = int(position)
    haut = min(bas + 1, len(valeurs) - 1)
    return valeurs[bas] + (valeurs[haut] - valeurs[bas]) * (position - bas)


def test_l_activite_de_moderation_d_un_departement(plateforme, geo):
    p = Perimetre(**ANNEE_2025, departements=(geo.nord.pk,))
    attendu = Counter(decision for _, _, _, decision in plateforme.lille if decision)
    assert calculs.activite(p) == {
        "soumises": len(plateforme.lille),
        "publiees": attendu[Etat.PUBLIEE],
        "modifications_demandees": attendu[Etat.MODIFICATIONS_DEMANDEES],
        "refusees": attendu[Etat.REFUSEE],
        "en_attente": Fiche.objects.filter(
            etat=Etat.SOUMISE, departement_moderation=geo.nord
        ).count(),
    }
    assert calculs.activite(p)["en_attente"] == 1


def test_l_activite_nationale_additionne_les_departements(plateforme, geo):
    partout = calculs.activite(Perimetre(**ANNEE_2025))
    nord = calculs.activite(Perimetre(**ANNEE_2025, departements=(geo.nord.pk,)))
    pdc = calculs.activite(Perimetre(**ANNEE_2025, departements=(geo.pas_de_calais.pk,)))
    assert partout == {cle: nord[cle] + pdc[cle] for cle in partout}
    assert partout["soumises"] == len(plateforme.soumissions)


def test_la_periode_ne_garde_que_ses_mois(plateforme, geo):
    fevrier_mars = Perimetre(date(2025, 2, 1), date(2025, 3, 1), departements=(geo.nord.pk,))
    soumises = [s for s in plateforme.lille if date(2025, 2, 1) <= s[1].date() < date(2025, 4, 1)]
    assert calculs.activite(fevrier_mars)["soumises"] == len(soumises) == 3


def test_les_delais_de_decision_mediane_et_90e_centile(plateforme, geo):
    for perimetre, soumissions in (
        (Perimetre(**ANNEE_2025), plateforme.soumissions),
        (Perimetre(**ANNEE_2025, departements=(geo.nord.pk,)), plateforme.lille),
    ):
        attentes = [
            (decidee.timestamp() - soumise.timestamp()) / 86400  # elapsed, across DST
            for _, soumise, decidee, _ in soumissions
            if decidee is not None
        ]
        resultat = calculs.delais(perimetre)
        assert resultat.nombre == len(attentes)
        assert resultat.mediane == pytest.approx(percentile_cont(attentes, 0.5))
        assert resultat.p90 == pytest.approx(percentile_cont(attentes, 0.9))


def test_sans_decision_dans_la_periode_pas_de_delai(plateforme):
    resultat = calculs.delais(Perimetre(date(2024, 1, 1), date(2024, 12, 1)))
    assert (resultat.nombre, resultat.mediane, resultat.p90) == (0, None, None)


def test_les_publications_par_mois_et_par_thematique(plateforme, geo):
    p = Perimetre(**ANNEE_2025, departements=(geo.nord.pk,))
    publiees = Fiche.objects.filter(
        etat=Etat.PUBLIEE,
        departement_moderation=geo.nord,
        publiee_le__year=2025,
    )
    par_mois = Counter(timezone.localtime(f.publiee_le).date().replace(day=1) for f in publiees)
    assert calculs.publiees_par_mois(p) == [(mois, par_mois.get(mois, 0)) for mois in p.mois]
    assert sum(n for _, n in calculs.publiees_par_mois(p)) == 3
    assert calculs.par_thematique(p) == [
        (t.libelle, publiees.filter(thematiques=t).count())
        for t in Thematique.objects.filter(actif=True)
    ]


def test_les_publications_par_thematique_et_par_annee(plateforme, geo, publier):
    publier(titre="Une pratique de 2024", publiee_le=moment(2024, 11))
    p = Perimetre(date(2024, 6, 1), date(2025, 12, 1))
    comptes = calculs.par_valeur_et_annee(p, "thematiques_ids")
    for thematique in Thematique.objects.filter(actif=True):
        for annee in (2024, 2025):
            attendu = Fiche.objects.filter(
                etat=Etat.PUBLIEE, thematiques=thematique, publiee_le__year=annee
            ).count()
            assert comptes.get((thematique.pk, annee), 0) == attendu
    assert sum(comptes.values()) == 5


def test_le_lieu_de_la_page_publique_suit_les_territoires_des_fiches(plateforme, geo):
    p = Perimetre(**ANNEE_2025, lieu=geo.mel.pk)
    dans_la_mel = Fiche.objects.filter(
        etat=Etat.PUBLIEE, territoires__in=[geo.lille, geo.roubaix]
    ).distinct()
    assert sum(n for _, n in calculs.publiees_par_mois(p)) == dans_la_mel.count() == 3
    niveaux = dict(calculs.par_niveau_participation(p))
    assert sum(niveaux.values()) == dans_la_mel.count()


def test_les_reprises(avec_reprises, geo):
    mois = timezone.localdate().replace(day=1)
    assert calculs.reprises(Perimetre(mois, mois)) == {
        "declarees": 3,
        "publiees": 1,
        "refusees": 1,
        "en_attente": 1,
    }
    assert calculs.reprises(Perimetre(mois, mois, departements=(geo.nord.pk,))) == {
        "declarees": 2,
        "publiees": 1,
        "refusees": 0,
        "en_attente": 1,
    }
    # In a place: Roubaix's and Lille's reprises are in the MEL.
    assert calculs.reprises(Perimetre(mois, mois, lieu=geo.mel.pk))["declarees"] == 2


def test_les_collectifs_et_les_reconnaissances(geo, auteur):
    aujourd_hui = timezone.localdate()
    nord = declarer_collectif(auteur, [geo.lille], nom="Collectif de Fives")
    pdc = declarer_collectif(auteur, [geo.arras], nom="Collectif d’Arras")
    Collectif.objects.filter(pk=nord.pk).update(
        etat=EtatReconnaissance.RECONNU,
        reconnu_le=aujourd_hui.replace(day=1),
        reconnu_jusqu_au=aujourd_hui.replace(year=aujourd_hui.year + 3),
    )
    Reconnaissance.objects.create(
        collectif=nord, departement=geo.nord, annee=aujourd_hui.year, debut=aujourd_hui,
        fin=aujourd_hui.replace(year=aujourd_hui.year + 3), montant=5000,
    )  # fmt: skip
    mois = aujourd_hui.replace(day=1)
    assert nord.departement_id == geo.nord.pk and pdc.departement_id == geo.pas_de_calais.pk
    assert calculs.collectifs(Perimetre(mois, mois)) == {
        "declares": 2,
        "reconnus": Collectif.objects.reconnus().count(),
        "reconnaissances": 1,
    }
    assert calculs.collectifs(Perimetre(mois, mois, departements=(geo.pas_de_calais.pk,))) == {
        "declares": 1,
        "reconnus": 0,
        "reconnaissances": 0,
    }
    assert calculs.collectifs(Perimetre(mois, mois, lieu=geo.hdf.pk))["declares"] == 2


def test_les_fiches_anciennes(plateforme, geo):
    publiees = [s[0] for s in plateforme.lille if s[3] == Etat.PUBLIEE]
    Fiche.objects.filter(pk=publiees[0].pk).update(
        modifiee_le=timezone.now().replace(year=2020), confirmee_le=None
    )
    assert calculs.anciennes(Perimetre(**ANNEE_2025, departements=(geo.nord.pk,))) == 1
    assert calculs.anciennes(Perimetre(**ANNEE_2025, departements=(geo.pas_de_calais.pk,))) == 0


def test_la_carte_lit_les_comptes_tenus_par_la_base(plateforme, geo):
    total, par_departement = calculs.publiees_par_departement()
    assert total == Fiche.objects.filter(etat=Etat.PUBLIEE).count() == 4
    assert par_departement[geo.nord.pk] == 3
    assert par_departement[geo.pas_de_calais.pk] == 1
