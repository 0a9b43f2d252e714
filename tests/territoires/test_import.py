"""The import of the official geography: complete, idempotent, never destructive."""

import io
import json
from dataclasses import replace

import pytest
from django.core.management import call_command

from comptes.models import Utilisateur
from territoires.models import ImportTerritoires, Niveau, Territoire
from territoires.services import DONNEES, Referentiel, importer_territoires
from territoires.tasks import importer_territoires as tache_importer_territoires
from tests.comptes.factories import UtilisateurFactory
from tests.territoires.outils import territoire

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def referentiel():
    return Referentiel.depuis_dossier()


def fusion_de_lezennes_dans_villeneuve_d_ascq(referentiel: Referentiel) -> Referentiel:
    """The same data, as if Lezennes (59346) had joined Villeneuve-d'Ascq (59009) in a
    commune nouvelle: gone from the communes and from its EPCI, listed in anciensCodes."""
    communes = []
    for commune in referentiel.communes:
        if commune["code"] == "59346":
            continue
        if commune["code"] == "59009" and commune["type"] == "commune-actuelle":
            commune = {**commune, "anciensCodes": [*commune["anciensCodes"], "59346"]}
        communes.append(commune)
    epci = [
        {**e, "membres": [m for m in e["membres"] if m["code"] != "59346"]}
        for e in referentiel.epci
    ]
    return replace(referentiel, communes=communes, epci=epci)


def test_l_instantane_livre_porte_sa_version_et_sa_licence():
    source = json.loads((DONNEES / "source.json").read_text())
    decoupage = source["decoupage_administratif"]
    assert decoupage["paquet"] == "@etalab/decoupage-administratif"
    assert decoupage["version"] == "6.0.0"
    assert "Licence Ouverte" in decoupage["licence_donnees"]
    assert source["pays"]["licence"]
    taille = sum(f.stat().st_size for f in DONNEES.glob("*.json.gz"))
    assert taille < 2_000_000


def test_l_import_charge_tous_les_niveaux_de_la_geographie_officielle():
    actifs = Territoire.objects.actifs()
    assert actifs.filter(niveau=Niveau.REGION).count() == 26  # 18 + 8 collectivités d'outre-mer
    assert actifs.filter(niveau=Niveau.DEPARTEMENT).count() == 109
    assert actifs.filter(niveau=Niveau.EPCI).count() == 1255
    assert actifs.filter(niveau=Niveau.COMMUNE).count() == 34969
    # Paris (20), Lyon (9) and Marseille (16).
    assert actifs.filter(niveau=Niveau.ARRONDISSEMENT).count() == 45
    assert territoire("departement:2A").nom == "Corse-du-Sud"
    assert territoire("departement:2B").nom == "Haute-Corse"
    assert territoire("departement:976").nom == "Mayotte"
    lille = territoire("commune:59350")
    assert lille.population > 200_000
    assert "59000" in lille.codes_postaux
    assert territoire("epci:200093201").nature_affichee == "Métropole"


def test_la_france_entiere_et_les_pays_etrangers_ont_un_code_iso():
    assert territoire("pays:FR").nom == "France"
    noms = dict(Territoire.objects.filter(niveau=Niveau.PAYS).values_list("code", "nom"))
    assert {
        "BE": "Belgique",
        "CH": "Suisse",
        "CA": "Canada",
        "LU": "Luxembourg",
        "DE": "Allemagne",
        "ES": "Espagne",
        "IT": "Italie",
        "GB": "Royaume-Uni",
    }.items() <= noms.items()
    # The overseas territories belong to the French geography, not to the countries.
    assert not {"RE", "GP", "YT", "NC", "PF"} & noms.keys()


def test_un_second_import_ne_change_rien_et_le_dit(referentiel):
    avant = Territoire.objects.count()
    bilan = importer_territoires(referentiel)
    assert (bilan.total_crees, bilan.total_modifies, bilan.total_desactives) == (0, 0, 0)
    assert bilan.inchange
    assert "Aucun changement" in str(bilan)
    assert Territoire.objects.count() == avant


def test_la_commande_affiche_le_bilan_et_sa_simulation_n_enregistre_rien():
    sortie = io.StringIO()
    imports = ImportTerritoires.objects.count()
    call_command("import_territoires", "--dry-run", stdout=sortie)
    assert "simulation" in sortie.getvalue()
    assert "Total\u00a0: 0 créé(s), 0 modifié(s), 0 désactivé(s)." in sortie.getvalue()
    assert ImportTerritoires.objects.count() == imports

    call_command("import_territoires", stdout=sortie)
    journal = ImportTerritoires.objects.latest("lance_le")
    assert journal.source == "@etalab/decoupage-administratif 6.0.0"
    assert journal.bilan["commune"] == {"crees": 0, "modifies": 0, "desactives": 0}


def test_la_tache_celery_lance_le_meme_import():
    resultat = tache_importer_territoires.apply(kwargs={"simulation": True}).get()
    assert resultat["inchange"] is True
    assert resultat["bilan"]["epci"] == {"crees": 0, "modifies": 0, "desactives": 0}


def test_une_commune_fusionnee_est_desactivee_liee_a_son_successeur_et_reste_referencee(
    referentiel,
):
    lezennes = territoire("commune:59346")
    moderateur = UtilisateurFactory(role=Utilisateur.Role.MODERATEUR)
    moderateur.departements.add(lezennes)  # any reference to a territory would do
    total = Territoire.objects.count()

    bilan = importer_territoires(fusion_de_lezennes_dans_villeneuve_d_ascq(referentiel))

    assert bilan.desactives == {Niveau.COMMUNE: 1}
    assert bilan.total_crees == 0
    # The populations of the Nord, the région and France went down.
    assert bilan.modifies == {Niveau.PAYS: 1, Niveau.REGION: 1, Niveau.DEPARTEMENT: 1}
    lezennes.refresh_from_db()
    assert not lezennes.actif
    assert lezennes.successeur == territoire("commune:59009")
    assert list(moderateur.departements.all()) == [lezennes]
    assert Territoire.objects.count() == total  # the import never deletes
    # Its past containment is kept: it still lies in the Nord.
    assert territoire("departement:59").pk in lezennes.ancetres
    assert lezennes not in Territoire.objects.recherche("Lezennes")

    # A second run of the same data has nothing left to do.
    assert importer_territoires(fusion_de_lezennes_dans_villeneuve_d_ascq(referentiel)).inchange


def test_un_territoire_qui_revient_dans_la_source_est_reactive(referentiel):
    importer_territoires(fusion_de_lezennes_dans_villeneuve_d_ascq(referentiel))
    bilan = importer_territoires(referentiel)
    assert bilan.modifies[Niveau.COMMUNE] == 1
    lezennes = territoire("commune:59346")
    assert lezennes.actif and lezennes.successeur is None


def test_la_simulation_annonce_les_changements_sans_les_enregistrer(referentiel):
    bilan = importer_territoires(
        fusion_de_lezennes_dans_villeneuve_d_ascq(referentiel), simulation=True
    )
    assert bilan.total_desactives == 1
    assert territoire("commune:59346").actif


def test_un_changement_de_nom_est_une_mise_a_jour(referentiel):
    regions = [
        {**r, "nom": "Hauts-de-France (nouveau nom)"} if r["code"] == "32" else r
        for r in referentiel.regions
    ]
    bilan = importer_territoires(replace(referentiel, regions=regions))
    assert bilan.modifies == {Niveau.REGION: 1}
    assert territoire("region:32").nom == "Hauts-de-France (nouveau nom)"


def test_une_ligne_illisible_est_signalee_et_n_empeche_pas_l_import(referentiel):
    communes = [*referentiel.communes, {**referentiel.communes[0], "code": "99999",
                                        "departement": "00"}]  # fmt: skip
    bilan = importer_territoires(replace(referentiel, communes=communes))
    assert bilan.erreurs == ["commune 99999\u00a0: département 00 inconnu"]
    assert bilan.inchange
    assert ImportTerritoires.objects.latest("lance_le").erreurs == bilan.erreurs
