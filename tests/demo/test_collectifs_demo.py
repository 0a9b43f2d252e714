"""The demo collectifs (collectifs/data/collectifs_demo.json): situations of the report,
with members in each collège and linked demo fiches — one recognised, one applying,
one whose composition is incomplete — loaded idempotently after the demo fiches."""

from io import StringIO

import pytest
from django.core.management import call_command

from collectifs.composition import composition_de
from collectifs.models import Collectif, College, EtatReconnaissance, EvenementCollectif, Membre
from comptes.models import Utilisateur
from core.management.commands.preparer_donnees import ETAPES_DEMO
from demo.management.commands.charger_collectifs_demo import FICHIER, INSTANCE
from tests.demo.test_fiches_demo import creer_territoires, references_utilisees

pytestmark = pytest.mark.django_db


def charger() -> str:
    sortie = StringIO()
    call_command("charger_collectifs_demo", stdout=sortie)
    return sortie.getvalue()


@pytest.fixture
def demo(db):
    creer_territoires(references_utilisees() | {"commune:59350", "departement:62", "region:94"})
    call_command("charger_fiches_demo", stdout=StringIO())
    return charger()


def test_trois_collectifs_du_rapport_dans_trois_etats(demo):
    etats = dict(Collectif.objects.values_list("nom", "etat"))

    assert etats == {
        "Collectif de Fives pour le croisement des savoirs": "reconnu",
        "Collectif inter-associatif pour la jeunesse du Pas-de-Calais": "candidature",
        "Assises corses de la participation des personnes accompagnées": "declare",
    }
    corse = Collectif.objects.get(etat=EtatReconnaissance.DECLARE)
    assert not composition_de(corse).conforme, "the incomplete one"
    assert corse.departement is None, "a région: the national body"
    assert Collectif.objects.reconnus().count() == 1


def test_des_membres_dans_chaque_college_et_des_fiches_liees(demo):
    assert set(Membre.objects.values_list("college", flat=True)) == set(College.values)
    assert Membre.objects.filter(nom_public=True).exists()
    assert Membre.objects.filter(nom_public=False).exists()
    for collectif in Collectif.objects.all():
        assert collectif.fiches.filter(etat="publiee").exists(), collectif.nom
    assert all(u.check_password("demo-pratiques-2026") for u in Utilisateur.objects.filter(
        participations__isnull=False
    ))  # fmt: skip


def test_l_instance_departementale_de_demonstration_voit_la_candidature(demo):
    instance = Utilisateur.objects.get(email=INSTANCE[0])
    a_examiner = Collectif.objects.a_examiner_par(instance).filter(etat="candidature")

    assert [c.departement.code for c in a_examiner] == ["62"]


def test_le_chargement_est_idempotent(demo):
    compte = (Collectif.objects.count(), Membre.objects.count(), EvenementCollectif.objects.count())

    sortie = charger()

    assert "0 créé(s), 3 déjà là" in sortie
    assert compte == (
        Collectif.objects.count(), Membre.objects.count(), EvenementCollectif.objects.count()
    )  # fmt: skip


def test_make_run_charge_les_collectifs_apres_les_fiches():
    commandes = [commande for commande, _ in ETAPES_DEMO]
    assert commandes.index("charger_collectifs_demo") > commandes.index("charger_fiches_demo")
    assert FICHIER.exists()


def test_make_run_construit_le_lexique_des_suggestions_apres_les_fiches():
    commandes = [commande for commande, _ in ETAPES_DEMO]
    assert commandes.index("reconstruire_lexique") > commandes.index("charger_fiches_demo")
