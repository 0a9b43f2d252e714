"""The demo fixture (demo/data/fiches_demo.json): the 20 practices of the report,
complete, on real territories of the shipped COG, with known vocabulary codes and no
personal data; and its loader, which is idempotent."""

import json
from datetime import date
from functools import cache
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from confidentialite.donnees_personnelles import detecter
from demo.management.commands.charger_fiches_demo import FICHIER, SOURCE
from pratiques import contenu as contenus
from pratiques.models import Etat, EvenementModeration, Fiche, Partenaire
from territoires.models import Niveau, Territoire
from territoires.services import Referentiel, territoires_voulus

VOCABULAIRES = settings.BASE_DIR / "pratiques" / "data" / "vocabulaires.json"
ENTREES = json.loads(FICHIER.read_text(encoding="utf-8"))
IDS = [entree["identifiant"] for entree in ENTREES]


@cache
def cog_livre() -> dict:
    """The territories the import creates from the snapshot in territoires/data."""
    voulus, _, _ = territoires_voulus(Referentiel.depuis_dossier())
    return voulus


def references_utilisees() -> set[str]:
    return {reference for entree in ENTREES for reference in entree["contenu"]["territoires"]}


def creer_territoires(references) -> None:
    """Create, from the shipped data, the territories referenced and all that contain
    them (so that the moderation département is derived as in production)."""
    voulus = cog_livre()
    a_voir = [tuple(reference.split(":")) for reference in references]
    cles = set()
    while a_voir:  # with the ancestors of the ancestors (an EPCI over several départements)
        cle = a_voir.pop()
        if cle not in cles:
            cles.add(cle)
            a_voir += voulus[cle].ancetres
    ids = {}
    for niveau in Niveau:  # from the largest level to the smallest
        for cle in sorted(c for c in cles if c[0] == niveau):
            voulu = voulus[cle]
            territoire, _ = Territoire.objects.update_or_create(
                niveau=voulu.niveau,
                code=voulu.code,
                defaults={
                    "nom": voulu.nom,
                    "nature": voulu.nature,
                    "parents": sorted(ids[p] for p in voulu.parents),
                    "ancetres": sorted(ids[a] for a in voulu.ancetres),
                },
            )
            ids[cle] = territoire.pk


def charger() -> str:
    sortie = StringIO()
    call_command("charger_fiches_demo", stdout=sortie)
    return sortie.getvalue()


# --- The fixture ---------------------------------------------------------------------


def test_la_fixture_contient_les_vingt_pratiques_du_rapport():
    assert len(ENTREES) == 20
    assert len(set(IDS)) == 20
    attendus = [f"p{n:02d}" for n in range(1, 40, 2)]
    assert attendus == IDS


@pytest.mark.parametrize("entree", ENTREES, ids=IDS)
def test_chaque_fiche_est_complete_pour_la_publication(entree):
    contenu = entree["contenu"]
    assert contenus.champs_manquants(contenu) == []
    assert contenus.normaliser(contenu) == contenu, "the fixture is stored normalised"
    assert contenu["sources"], "every practice keeps its sources"
    assert all(s["document"] and s["reference"].startswith("l. ") for s in contenu["sources"])


@pytest.mark.parametrize("entree", ENTREES, ids=IDS)
def test_chaque_texte_tient_dans_son_champ(entree):
    contenu = entree["contenu"]
    for champ in contenus.TEXTES:
        longueur_max = Fiche._meta.get_field(champ).max_length
        if longueur_max:
            assert len(contenu[champ]) <= longueur_max, champ
    assert len(contenu["titre"]) <= 200 and len(contenu["resume"]) <= 600
    for partenaire in contenu["partenaires"]:
        assert len(partenaire["nom"]) <= Partenaire._meta.get_field("nom").max_length
        assert len(partenaire["role"]) <= Partenaire._meta.get_field("role").max_length


@pytest.mark.parametrize("entree", ENTREES, ids=IDS)
def test_les_choix_et_les_dates_sont_valides(entree):
    contenu = entree["contenu"]
    for champ, choix in contenus.CHOIX.items():
        assert contenu[champ] in ("", *choix.values), champ
    for champ in contenus.DATES:
        if contenu[champ]:
            date.fromisoformat(contenu[champ])
            assert contenu[f"{champ}_precision"], f"{champ} without its precision"
    if contenu["date_debut"] and contenu["date_fin"]:
        assert contenu["date_debut"] <= contenu["date_fin"]


def test_chaque_territoire_existe_dans_les_donnees_livrees():
    voulus = cog_livre()
    inconnues = [r for r in sorted(references_utilisees()) if tuple(r.split(":")) not in voulus]
    assert inconnues == []


def test_les_codes_de_vocabulaire_existent():
    vocabulaires = json.loads(VOCABULAIRES.read_text(encoding="utf-8"))
    codes = {
        cle: {v["code"] for v in valeurs}
        for cle, valeurs in vocabulaires.items()
        if isinstance(valeurs, list)
    }
    for entree in ENTREES:
        contenu = entree["contenu"]
        assert set(contenu["thematiques"]) <= codes["thematiques"]
        assert set(contenu["formes_intervention"]) <= codes["formes_intervention"]
        assert set(contenu["publics"]) <= codes["publics"]
        if contenu["niveau_participation"]:
            assert contenu["niveau_participation"] in codes["niveaux_participation"]
        types = {contenu["porteur_type"], *(p["type"] for p in contenu["partenaires"])}
        assert types - {None} <= codes["types_structure"]


@pytest.mark.parametrize("entree", ENTREES, ids=IDS)
def test_aucune_donnee_personnelle(entree):
    assert detecter(entree["contenu"]) == []
    assert entree["contenu"]["contact_email"] == ""


def test_les_choix_editoriaux_sont_signales_dans_la_fiche():
    par_id = {entree["identifiant"]: entree["contenu"] for entree in ENTREES}
    # A form chosen by the platform says so.
    assert (
        "Forme d’intervention déduite par l’équipe de la plateforme"
        in par_id["p01"]["commentaires"]
    )
    # Places: merged région, homonymous commune, quartier, Belgian commune.
    assert par_id["p25"]["territoires"] == ["region:75"]
    assert "Nouvelle-Aquitaine" in par_id["p25"]["commentaires"]
    assert par_id["p09"]["territoires"] == ["commune:18201"]
    assert "à confirmer" in par_id["p09"]["commentaires"]
    assert (par_id["p15"]["territoires"], par_id["p15"]["quartier"]) == (["commune:59350"], "Fives")
    assert par_id["p35"]["territoires"] == ["pays:BE"]
    assert "Molenbeek" in par_id["p35"]["quartier"]
    assert set(par_id["p33"]["territoires"]) == {"region:11", "region:24"}
    assert "arrondissement:13203" in par_id["p13"]["territoires"]
    # Source wording of dates is kept.
    assert par_id["p13"]["date_debut"] == "2006-01-01"
    assert par_id["p13"]["date_debut_precision"] == "annee"
    assert "fin 2006" in par_id["p13"]["duree_rythme"]


# --- The loader ----------------------------------------------------------------------


def etat_des_fiches():
    return sorted(
        Fiche.objects.filter(source_import=SOURCE).values_list(
            "identifiant_externe", "etat", "version", "modifiee_le", "titre"
        )
    )


@pytest.mark.django_db
def test_le_chargement_publie_les_vingt_fiches_puis_ne_change_plus_rien():
    creer_territoires(references_utilisees())

    premiere = charger()

    assert "20 créée(s), 0 mise(s) à jour, 0 inchangée(s)" in premiere
    fiches = Fiche.objects.filter(source_import=SOURCE)
    assert fiches.count() == 20
    assert set(fiches.values_list("etat", flat=True)) == {Etat.PUBLIEE}
    assert all(f.territoires.exists() for f in fiches)
    moderation = dict(fiches.values_list("identifiant_externe", "departement_moderation__code"))
    assert moderation["p07"] == "62"  # Pas-de-Calais, Artois, Béthune
    assert moderation["p15"] == "59"  # Lille-Fives
    assert moderation["p09"] == "18"  # Saint-Caprais (Cher)
    assert moderation["p13"] is None  # eight sites: national moderation
    assert moderation["p35"] is None  # abroad
    avant = etat_des_fiches()
    evenements = EvenementModeration.objects.count()

    seconde = charger()

    assert "0 créée(s), 0 mise(s) à jour, 20 inchangée(s)" in seconde
    assert "Aucun changement" in seconde
    assert etat_des_fiches() == avant
    assert EvenementModeration.objects.count() == evenements


@pytest.mark.django_db
def test_une_fiche_modifiee_depuis_est_remise_a_jour():
    creer_territoires(references_utilisees())
    charger()
    Fiche.objects.filter(source_import=SOURCE, identifiant_externe="p01").update(titre="Autre")

    sortie = charger()

    assert "0 créée(s), 1 mise(s) à jour, 19 inchangée(s)" in sortie
    fiche = Fiche.objects.get(source_import=SOURCE, identifiant_externe="p01")
    assert fiche.titre == ENTREES[0]["contenu"]["titre"]


@pytest.mark.django_db
def test_sans_les_territoires_le_chargement_s_arrete_sans_rien_creer():
    with pytest.raises(CommandError, match="import_territoires"):
        charger()
    assert not Fiche.objects.exists()
