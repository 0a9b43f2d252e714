"""The table of pratiques.cycle is what the services enforce: each transition is allowed
from its states to its actors, refused otherwise (403 for the wrong person, 409 for
the wrong state) without changing anything, and what the pages offer agrees."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from pratiques import cycle, pieces_jointes, services
from pratiques.cycle import TRANSITIONS, EtatIncompatible, Qui, Sur, TransitionInterdite
from pratiques.models import Etat, EvenementModeration, Fiche
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import contenu_complet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("medias")]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

# How each transition is asked of the services. A transition added to the table
# without its line here fails test_chaque_transition_du_tableau_est_parcourue.
APPELS = {
    "enregistrer": lambda f, u: services.enregistrer(
        f,
        par=u,
        contenu=contenu_complet(titre="Titre repris"),
        version=services.version_courante(f),
    ),
    "ajouter_document": lambda f, u: pieces_jointes.ajouter(
        f, par=u, fichier=SimpleUploadedFile("affiche.pdf", PDF), titre="Affiche"
    ),
    "soumettre": lambda f, u: services.soumettre(f, par=u, donnees_personnelles_relues=True),
    "publier": lambda f, u: services.publier(f, par=u, confirme_donnees_personnelles=True),
    "demander_modifications": lambda f, u: services.demander_modifications(
        f, par=u, motif="incomplete", message="Précisez les étapes."
    ),
    "refuser": lambda f, u: services.refuser(f, par=u, motif="hors_champ", message="Hors champ."),
    "archiver": lambda f, u: services.archiver(f, par=u, message="Action terminée."),
}
# Walked by their own tests below: no fiche yet, and no person.
A_PART = {"creer", "importer"}

# Where a fiche can be, built with the services: its state, or its open revision's.
ETAPES = {
    "brouillon": (),
    "soumise": ("soumettre",),
    "modifications_demandees": ("soumettre", "demander_modifications"),
    "refusee": ("soumettre", "refuser"),
    "publiee": ("soumettre", "publier"),
    "archivee": ("soumettre", "publier", "archiver"),
    "revision.brouillon": ("soumettre", "publier", "enregistrer"),
    "revision.soumise": ("soumettre", "publier", "enregistrer", "soumettre"),
    "revision.modifications_demandees": (
        "soumettre", "publier", "enregistrer", "soumettre", "demander_modifications",
    ),
}  # fmt: skip

# Who is who for a fiche of the Nord written by `auteur`.
ACTEURS = ("autre", "moderateur_pas_de_calais", "auteur", "moderateur_nord", "admin_national")
QUI = {
    Qui.AUTEUR: {"auteur"},
    Qui.MODERATEUR: {"moderateur_nord", "admin_national"},
    Qui.PLATEFORME: set(),
}


@pytest.fixture
def acteurs(auteur, moderateur_nord, moderateur_pas_de_calais, admin_national):
    return {
        "autre": UtilisateurFactory(),
        "moderateur_pas_de_calais": moderateur_pas_de_calais,
        "auteur": auteur,
        "moderateur_nord": moderateur_nord,
        "admin_national": admin_national,
    }


def en_situation(situation, acteurs) -> Fiche:
    fiche = services.creer_brouillon(auteur=acteurs["auteur"], contenu=contenu_complet())
    for nom in ETAPES[situation]:
        qui = "auteur" if TRANSITIONS[nom].qui == Qui.AUTEUR else "moderateur_nord"
        APPELS[nom](fiche, acteurs[qui])
        fiche.refresh_from_db()
    assert situation_de(fiche) == situation
    return fiche


def revision_ouverte(fiche):
    return fiche.revisions.filter(
        etat__in=["brouillon", "soumise", "modifications_demandees"]
    ).first()


def situation_de(fiche) -> str:
    fiche.refresh_from_db()
    revision = revision_ouverte(fiche) if fiche.etat == Etat.PUBLIEE else None
    return f"revision.{revision.etat}" if revision else fiche.etat


def test_chaque_transition_du_tableau_est_parcourue():
    assert set(TRANSITIONS) == set(APPELS) | A_PART
    assert set(cycle.DECISIONS) <= set(APPELS)


@pytest.mark.parametrize("situation", list(ETAPES))
@pytest.mark.parametrize("nom", sorted(APPELS))
def test_une_transition_n_est_permise_que_depuis_ses_etats_et_a_ses_acteurs(
    geo, acteurs, nom, situation
):
    transition = TRANSITIONS[nom]
    fiche = en_situation(situation, acteurs)
    revision = revision_ouverte(fiche) if transition.sur == Sur.SOUMISSION else None
    etat = revision.etat if revision else fiche.etat
    etat_permis = etat in transition.depuis
    permis = QUI[transition.qui]

    # What the pages offer, for everyone, before anything changes.
    for acteur in ACTEURS:
        attendu = etat_permis and acteur in permis
        assert cycle.possible(nom, fiche, acteurs[acteur]) is attendu, acteur
        assert (nom in cycle.actions_possibles(acteurs[acteur], fiche)) is attendu, acteur

    # What the services do: the refused first, then the first one allowed.
    evenements = EvenementModeration.objects.count()
    for acteur in sorted(ACTEURS, key=lambda a: a in permis):
        if etat_permis and acteur in permis:
            APPELS[nom](fiche, acteurs[acteur])
            break
        with pytest.raises(TransitionInterdite) as erreur:
            APPELS[nom](fiche, acteurs[acteur])
        assert isinstance(erreur.value, EtatIncompatible) is (acteur in permis), acteur
        assert erreur.value.statut_http == (409 if acteur in permis else 403)
        assert str(erreur.value)  # a sentence for the person
        assert situation_de(fiche) == situation
        assert EvenementModeration.objects.count() == evenements
    else:
        assert not etat_permis
        return

    fiche.refresh_from_db()
    if transition.vers is None:
        assert fiche.etat == (Etat.PUBLIEE if situation.startswith("revision.") else situation)
        return
    if revision is not None:
        revision.refresh_from_db()
    assert (revision or fiche).etat == transition.vers
    evenement = EvenementModeration.objects.order_by("pk").last()
    assert (evenement.etat_avant, evenement.etat_apres) == (etat, transition.vers)


def test_creer_est_permis_a_toute_personne_connectee_et_a_elle_seule(geo, acteurs):
    for acteur in ACTEURS:
        assert cycle.actions_possibles(acteurs[acteur], None) == {"creer"}
        fiche = services.creer_brouillon(auteur=acteurs[acteur], contenu=contenu_complet())
        assert (fiche.etat, fiche.auteur) == (TRANSITIONS["creer"].vers, acteurs[acteur])
    assert not cycle.possible("creer", None, AnonymousUser())
    with pytest.raises(TransitionInterdite) as erreur:
        services.creer_brouillon(auteur=AnonymousUser(), contenu=contenu_complet())
    assert erreur.value.statut_http == 403


@pytest.mark.parametrize("situation", list(ETAPES))
def test_un_import_ne_publie_que_depuis_les_etats_du_tableau(geo, acteurs, situation):
    fiche = en_situation(situation, acteurs)
    Fiche.objects.filter(pk=fiche.pk).update(source_import="tests", identifiant_externe="1")
    avant = Fiche.objects.get(pk=fiche.pk).etat
    for acteur in ACTEURS:  # nobody does it by hand
        assert not cycle.possible("importer", fiche, acteurs[acteur])

    services.importer(contenu=contenu_complet(), source="tests", identifiant="1", publier=True)

    fiche.refresh_from_db()
    permis = avant in TRANSITIONS["importer"].depuis
    assert fiche.etat == (TRANSITIONS["importer"].vers if permis else avant)
    assert cycle.etat_le_permet("importer", Fiche(etat=avant)) is permis
