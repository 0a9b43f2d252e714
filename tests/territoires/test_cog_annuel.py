"""The yearly COG: after a re-import, what derives from the territories follows
(docs/domaine.md §4.4). A synthetic "next year" snapshot, written in territoires/data's
format from the shipped one, is applied through the real command to a populated
database: Lezennes merges into Villeneuve-d'Ascq, Fretin leaves the Métropole
Européenne de Lille for the CC Pévèle-Carembault, Avion moves from the Pas-de-Calais to
the Nord, the CC de Miribel et du Plateau merges into the CC de la Côtière à Montluel
(synthetic: the moves are made up, the rest is the real 2026 geography)."""

import gzip
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse

from collectifs.models import Collectif
from core.models import EmailSortant
from decouverte.alertes import creer_alerte
from decouverte.models import Alerte
from essaimage import services as essaimage
from pratiques import services
from pratiques.filters import RechercheFilter
from pratiques.models import CompteFacette, EvenementModeration, Fiche, IndexRecherche, Revision
from pratiques.recherche.facettes import CLE_TERRITOIRE
from suivis import services as suivis
from suivis.models import SuiviTerritoire
from territoires.services import Referentiel
from tests.collectifs.factories import declarer as declarer_collectif
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import fiche_publiee, fiche_soumise, moderateur_de
from tests.territoires.outils import territoire
from tests.territoires.test_import import fusion_de_lezennes_dans_villeneuve_d_ascq

pytestmark = pytest.mark.django_db

MEL, PEVELE = "200093201", "200041960"
MIRIBEL, MONTLUEL = "240100800", "240100610"
LEZENNES, VILLENEUVE, FRETIN, AVION = "59346", "59009", "59256", "62065"


def annee_suivante(referentiel: Referentiel) -> Referentiel:
    referentiel = fusion_de_lezennes_dans_villeneuve_d_ascq(referentiel)
    miribel = next(e for e in referentiel.epci if e["code"] == MIRIBEL)
    epci = []
    for e in referentiel.epci:
        membres = [m for m in e["membres"] if m["code"] != FRETIN]
        if e["code"] == PEVELE:
            membres.append({"code": FRETIN, "nom": "Fretin"})
        if e["code"] == MONTLUEL:
            membres += miribel["membres"]
        if e["code"] != MIRIBEL:
            epci.append({**e, "membres": membres})
    communes = [
        {**c, "departement": "59"} if c["code"] == AVION else c for c in referentiel.communes
    ]
    return replace(referentiel, epci=epci, communes=communes)


def ecrire(referentiel: Referentiel, dossier: Path) -> Path:
    """The snapshot as territoires/data holds it: gzipped JSON files and source.json."""
    for nom in ("regions", "departements", "epci", "communes", "pays"):
        with gzip.open(dossier / f"{nom}.json.gz", "wt") as fichier:
            json.dump(getattr(referentiel, nom), fichier)
    source = {"paquet": "@etalab/decoupage-administratif", "version": "7.0.0", "cog": 2027}
    (dossier / "source.json").write_text(json.dumps({"decoupage_administratif": source}))
    return dossier


def importer(dossier: Path) -> str:
    sortie = io.StringIO()
    call_command("import_territoires", dossier=dossier, stdout=sortie)
    return sortie.getvalue()


def trouvees(reference: str) -> set[int]:
    filtre = RechercheFilter(QueryDict(f"territoire={reference}"), IndexRecherche.objects.all())
    assert filtre.is_valid(), filtre.errors
    return set(filtre.qs.values_list("fiche_id", flat=True))


def compte(departement: str) -> int:
    compte = CompteFacette.objects.filter(
        facette=CLE_TERRITOIRE, valeur=str(territoire(f"departement:{departement}").pk)
    ).first()
    return compte.nombre if compte else 0


@pytest.fixture(scope="module")
def instantane(tmp_path_factory):
    return ecrire(annee_suivante(Referentiel.depuis_dossier()), tmp_path_factory.mktemp("cog"))


@pytest.fixture
def peuplee():
    nord, pas_de_calais = territoire("departement:59"), territoire("departement:62")
    auteur = UtilisateurFactory(email="autrice@exemple.fr")
    moderateur = moderateur_de(nord, pas_de_calais)
    lezennes = fiche_publiee(auteur, moderateur, territoires=[f"commune:{LEZENNES}"])
    fretin = fiche_publiee(auteur, moderateur, territoires=[f"commune:{FRETIN}"])
    avion = fiche_publiee(auteur, moderateur, territoires=[f"commune:{AVION}"])
    en_attente = fiche_soumise(auteur, territoires=[f"commune:{AVION}"])
    ain = moderateur_de(territoire("departement:01"))
    miribel = fiche_publiee(UtilisateurFactory(), ain, territoires=[f"epci:{MIRIBEL}"])
    lectrice = UtilisateurFactory(email="lectrice@exemple.fr")
    return {
        "lezennes": lezennes,
        "fretin": fretin,
        "avion": avion,
        "en_attente": en_attente,
        "miribel": miribel,
        "collectif": declarer_collectif(auteur, [territoire(f"commune:{LEZENNES}")]),
        "reprise": essaimage.declarer(
            fretin,
            par=lectrice,
            territoire=territoire(f"commune:{AVION}"),
            depuis=date(2025, 1, 1),
            garde="Le café hebdomadaire.",
        ),  # fmt: skip
        "suivi": suivis.suivre_territoire(lectrice, territoire(f"commune:{LEZENNES}")),
        "alerte": creer_alerte(
            lectrice, QueryDict(f"territoire=commune:{LEZENNES}"), Alerte.Frequence.HEBDOMADAIRE
        ),
        "nord": nord,
        "pas_de_calais": pas_de_calais,
    }


def test_une_fiche_sur_une_commune_fusionnee_passe_a_la_commune_nouvelle(peuplee, instantane):
    fiche = peuplee["lezennes"]
    assert fiche.pk in trouvees(f"commune:{LEZENNES}")
    courriels = EmailSortant.objects.filter(destinataires=["autrice@exemple.fr"])
    courriels_avant = courriels.count()

    sortie = importer(instantane)

    fiche.refresh_from_db()
    villeneuve = territoire(f"commune:{VILLENEUVE}")
    assert [t.code for t in fiche.territoires.all()] == [VILLENEUVE]
    assert fiche.territoires_ids == [villeneuve.pk]
    assert villeneuve.pk in fiche.territoires_englobants
    assert territoire(f"commune:{LEZENNES}").pk not in fiche.territoires_englobants
    assert fiche.pk in trouvees(f"commune:{VILLENEUVE}")
    evenement = EvenementModeration.objects.filter(fiche=fiche).last()
    assert evenement.acteur is None
    assert evenement.etat_avant == evenement.etat_apres == fiche.etat
    assert evenement.message == (
        "Territoire mis à jour\u00a0: Lezennes (commune 59346) a fusionné dans "
        "Villeneuve-d'Ascq (commune 59009) (COG\u00a02027)."
    )
    assert courriels.count() - courriels_avant == 1  # one fiche merged: one e-mail
    courriel = courriels.latest("pk")
    assert "territoire mis à jour" in courriel.sujet
    assert "a fusionné dans Villeneuve-d'Ascq" in courriel.corps_texte
    # Fretin, and the six communes of the merged EPCI.
    assert (
        "1 commune(s) fusionnée(s), 7 changement(s) d’EPCI, 1 changement(s) de département, "
        "1 EPCI fusionné(s)\u00a0;"
    ) in sortie


def test_une_fiche_dont_la_commune_change_d_epci_se_trouve_par_le_nouveau(peuplee, instantane):
    fiche = peuplee["fretin"]
    assert fiche.pk in trouvees(f"epci:{MEL}")
    assert fiche.pk not in trouvees(f"epci:{PEVELE}")

    importer(instantane)

    assert fiche.pk in trouvees(f"epci:{PEVELE}")
    assert fiche.pk not in trouvees(f"epci:{MEL}")
    assert fiche.pk in trouvees(f"commune:{FRETIN}")
    fiche.refresh_from_db()
    assert territoire(f"epci:{PEVELE}").pk in fiche.territoires_englobants
    # Same département: no event, no e-mail, nothing for moderators.
    assert fiche.departement_moderation == peuplee["nord"]
    assert not EvenementModeration.objects.filter(fiche=fiche, message__contains="COG").exists()


def test_la_moderation_et_les_comptes_suivent_un_changement_de_departement(peuplee, instantane):
    nord, pas_de_calais = peuplee["nord"], peuplee["pas_de_calais"]
    publiee, en_attente = peuplee["avion"], peuplee["en_attente"]
    assert en_attente.departement_moderation == pas_de_calais
    comptes_avant = compte("59"), compte("62")

    importer(instantane)

    for fiche in (publiee, en_attente):
        fiche.refresh_from_db()
        assert fiche.departement_moderation == nord
        assert nord.pk in fiche.territoires_englobants
        assert pas_de_calais.pk not in fiche.territoires_englobants
    assert Fiche.objects.filter(departement_moderation=nord, pk=en_attente.pk).exists()
    assert "Modération\u00a0: désormais Nord." in en_attente.evenements.last().message
    assert publiee.pk in trouvees("departement:59")
    assert publiee.pk not in trouvees("departement:62")
    assert (compte("59"), compte("62")) == (comptes_avant[0] + 1, comptes_avant[1] - 1)


def test_collectifs_reprises_suivis_et_alertes_suivent_aussi(peuplee, instantane):
    sortie = importer(instantane)

    villeneuve = territoire(f"commune:{VILLENEUVE}")
    collectif = Collectif.objects.get(pk=peuplee["collectif"].pk)
    assert list(collectif.territoires.all()) == [villeneuve]
    assert collectif.departement == peuplee["nord"]
    reprise = peuplee["reprise"]
    reprise.refresh_from_db()
    assert reprise.departement_moderation == peuplee["nord"]
    assert SuiviTerritoire.objects.get(pk=peuplee["suivi"].pk).territoire == villeneuve
    alerte = Alerte.objects.get(pk=peuplee["alerte"].pk)
    assert alerte.parametres == f"territoire=commune%3A{VILLENEUVE}"
    for ligne in (
        # Lezennes, Fretin, Avion (published and in the queue), the CC de Miribel.
        "5 fiche(s) déplacée(s), 2 fiche(s) vers un autre département de modération",
        "1 collectif(s)",
        "1 reprise(s)",
        "1 suivi(s) de territoire",
        "1 alerte(s)",
    ):
        assert ligne in sortie, sortie


def test_un_second_import_ne_change_plus_rien(peuplee, instantane):
    importer(instantane)
    evenements, courriels = EvenementModeration.objects.count(), EmailSortant.objects.count()
    fiches = list(Fiche.objects.order_by("pk").values_list("territoires_englobants", flat=True))

    sortie = importer(instantane)

    assert "0 commune(s) fusionnée(s), 0 changement(s) d’EPCI" in sortie
    assert "aucune donnée déplacée" in sortie
    assert EvenementModeration.objects.count() == evenements
    assert EmailSortant.objects.count() == courriels
    assert (
        list(Fiche.objects.order_by("pk").values_list("territoires_englobants", flat=True))
        == fiches
    )


def test_une_revision_en_cours_garde_la_commune_nouvelle(peuplee, instantane):
    fiche = peuplee["lezennes"]
    revision = Revision.objects.create(
        fiche=fiche, auteur=fiche.auteur, contenu={"territoires": [f"commune:{LEZENNES}"]}
    )

    importer(instantane)

    revision.refresh_from_db()
    assert revision.contenu["territoires"] == [f"commune:{VILLENEUVE}"]


def test_une_simulation_dit_ce_qui_bougerait_sans_rien_changer(peuplee, instantane):
    sortie = io.StringIO()
    call_command("import_territoires", "--dry-run", dossier=instantane, stdout=sortie)

    assert "1 commune(s) fusionnée(s)" in sortie.getvalue()
    assert "5 fiche(s) déplacée(s)" in sortie.getvalue()
    assert territoire(f"commune:{LEZENNES}").actif
    fiche = peuplee["lezennes"]
    assert [t.code for t in fiche.territoires.all()] == [LEZENNES]
    assert not EvenementModeration.objects.filter(message__contains="COG").exists()


def test_la_note_de_l_historique_ne_cache_pas_la_demande_du_moderateur(peuplee, instantane, client):
    fiche = fiche_soumise(peuplee["lezennes"].auteur, territoires=[f"commune:{LEZENNES}"])
    moderateur = moderateur_de(peuplee["nord"])
    services.demander_modifications(
        fiche, par=moderateur, motif="autre", message="Précisez le public visé."
    )

    importer(instantane)

    assert "a fusionné dans" in fiche.evenements.last().message
    client.force_login(fiche.auteur)
    page = client.get(reverse("pratiques:mes_fiches")).content.decode()
    assert "Précisez le public visé." in page


def test_une_fiche_sur_un_epci_fusionne_passe_a_celui_qui_en_garde_les_communes(
    peuplee, instantane
):
    fiche = peuplee["miribel"]

    importer(instantane)

    assert territoire(f"epci:{MIRIBEL}").successeur == territoire(f"epci:{MONTLUEL}")
    fiche.refresh_from_db()
    assert [t.code for t in fiche.territoires.all()] == [MONTLUEL]
    assert fiche.pk in trouvees(f"epci:{MONTLUEL}")
    assert fiche.departement_moderation == territoire("departement:01")
    assert "CC de Miribel et du Plateau (EPCI 240100800) a fusionné dans" in (
        fiche.evenements.last().message
    )
