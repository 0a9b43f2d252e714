"""Editions set around today (so that pages, which read today's date, see the wanted
phase), juries with accepted jurors, and candidatures, built through the services."""

import datetime

from django.utils import timezone

from comptes.models import Utilisateur
from prix import regles, services
from prix.models import Critere, Edition, MembreJury
from tests.comptes.factories import UtilisateurFactory

GRILLE = [
    {
        "libelle": "Participation des personnes concernées",
        "poids": 3,
        "description": "Les personnes concernées sont à l’initiative ou associées aux décisions.",
    },
    {
        "libelle": "Reproductibilité",
        "poids": 2,
        "description": "La démarche est décrite pour que d’autres puissent la reprendre.",
    },
    {"libelle": "Partenariat", "poids": 1, "description": "Plusieurs acteurs s’y engagent."},
]


def dates_autour(phase: str, jour: datetime.date | None = None) -> dict:
    """Phase dates such that `phase` (a regles.PHASES name, or regles.A_VENIR) is the
    current one on `jour` (today by default)."""
    jour = jour or timezone.localdate()
    k = regles.RANG[phase]
    dates = {
        p.champ: jour + datetime.timedelta(days=(i - k) * 10 - 5)
        for i, p in enumerate(regles.PHASES)
    }
    dates["mois_printemps_debut"] = dates["annonce_le"]
    dates["mois_printemps_fin"] = dates["annonce_le"] + datetime.timedelta(days=29)
    return dates


def edition(admin, phase=regles.NOMINATIONS, *, annee=2027, **champs) -> Edition:
    return services.creer_edition(
        par=admin,
        criteres=GRILLE,
        annee=annee,
        **{
            "nb_laureats_departementaux": 2,
            "nb_laureats_nationaux": 1,
            **dates_autour(phase),
            **champs,
        },
    )


def deplacer(edition: Edition, phase: str) -> Edition:
    """Move the calendar so that `phase` is today's."""
    Edition.objects.filter(pk=edition.pk).update(**dates_autour(phase))
    edition.refresh_from_db()
    return edition


def jure(jury, *, president=False, utilisateur=None, **champs) -> MembreJury:
    """An accepted juror."""
    utilisateur = utilisateur or UtilisateurFactory(**champs)
    return MembreJury.objects.create(
        jury=jury,
        utilisateur=utilisateur,
        email=utilisateur.email,
        nom=str(utilisateur),
        president=president,
        accepte_le=timezone.now(),
    )


def grille(edition, *valeurs, commentaire="") -> dict:
    """{critere_id: (valeur, commentaire)} for the criteria in order."""
    criteres = list(Critere.objects.filter(edition=edition).order_by("ordre"))
    assert len(criteres) == len(valeurs)
    return {c.pk: (v, commentaire) for c, v in zip(criteres, valeurs, strict=True)}


def admin_national():
    return UtilisateurFactory(role=Utilisateur.Role.ADMIN_NATIONAL)
