"""Territories and fiches for tests. The territories are a small, real slice of the
COG (codes and containment as in the official data), created directly so that these
tests do not depend on the full import."""

from comptes.models import Utilisateur
from pratiques import services
from territoires.models import Niveau, Territoire
from tests.comptes.factories import UtilisateurFactory


def territoire(niveau, code, nom, *parents, population=None):
    ancetres = sorted({p.pk for p in parents} | {a for p in parents for a in p.ancetres})
    objet, _ = Territoire.objects.update_or_create(
        niveau=niveau,
        code=code,
        defaults={
            "nom": nom,
            "parents": [p.pk for p in parents],
            "ancetres": ancetres,
            "population": population,
        },
    )
    return objet


class Geographie:
    """France → Hauts-de-France → Nord / Pas-de-Calais → MEL → Lille; Arras; Belgique."""

    def __init__(self):
        self.france = territoire(Niveau.PAYS, "FR", "France")
        self.belgique = territoire(Niveau.PAYS, "BE", "Belgique")
        self.hdf = territoire(Niveau.REGION, "32", "Hauts-de-France", self.france)
        self.nord = territoire(Niveau.DEPARTEMENT, "59", "Nord", self.hdf)
        self.pas_de_calais = territoire(Niveau.DEPARTEMENT, "62", "Pas-de-Calais", self.hdf)
        self.mel = territoire(Niveau.EPCI, "200093201", "Métropole Européenne de Lille", self.nord)
        self.lille = territoire(Niveau.COMMUNE, "59350", "Lille", self.mel, population=236710)
        self.roubaix = territoire(Niveau.COMMUNE, "59512", "Roubaix", self.mel)
        self.cu_arras = territoire(Niveau.EPCI, "246200364", "CU d’Arras", self.pas_de_calais)
        self.arras = territoire(Niveau.COMMUNE, "62041", "Arras", self.cu_arras)


def contenu_complet(**modifications) -> dict:
    contenu = {
        "titre": "Des parents qui animent un café des familles",
        "resume": "Un café des familles animé par des parents du quartier, avec le centre social.",
        "thematiques": ["parentalite_familles"],
        "formes_intervention": ["travail_social_communautaire"],
        "publics": ["parents"],
        "niveau_participation": "co_construction",
        "territoires": ["commune:59350"],
        "echelle": "quartier",
        "quartier": "Fives",
        "description": "Les parents se réunissent chaque semaine et choisissent les thèmes.",
        "porteur_nom": "Centre social de Fives",
        "porteur_type": "centre_social",
        "partenaires": [{"nom": "CAF du Nord", "type": "caf", "role": "Financement"}],
        "statut_action": "en_cours",
        "date_debut": "2019-09-01",
        "date_debut_precision": "mois",
        "contact_structure": "Centre social de Fives",
        "contact_email": "contact@centre-social.example.fr",
    }
    contenu.update(modifications)
    return contenu


def moderateur_de(*departements, **champs):
    moderateur = UtilisateurFactory(role=Utilisateur.Role.MODERATEUR, **champs)
    moderateur.departements.set(departements)
    return moderateur


def fiche_soumise(auteur, **modifications):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet(**modifications))
    services.soumettre(fiche, par=auteur, donnees_personnelles_relues=True)
    fiche.refresh_from_db()
    return fiche


def fiche_publiee(auteur, moderateur, **modifications):
    fiche = fiche_soumise(auteur, **modifications)
    services.publier(fiche, par=moderateur, confirme_donnees_personnelles=True)
    fiche.refresh_from_db()
    return fiche
