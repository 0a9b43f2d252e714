"""A small platform with known figures: fiches of the Nord and of the Pas-de-Calais
submitted, published, sent back and refused at chosen dates, reprises, collectifs."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from essaimage import services as reprises
from pratiques import services
from pratiques.models import Etat, EvenementModeration, Fiche, Motif
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.conftest import (  # noqa: F401 — shared fixtures
    admin_national,
    auteur,
    geo,
    moderateur_nord,
    moderateur_pas_de_calais,
    publier,
)
from tests.pratiques.factories import fiche_soumise


def moment(annee, mois, jour=10, heure=10) -> datetime:
    return timezone.make_aware(datetime(annee, mois, jour, heure))


def dater(fiche, etat_apres, quand):
    """Move the (last) event of `fiche` that reached `etat_apres` to `quand`."""
    evenement = EvenementModeration.objects.filter(fiche=fiche, etat_apres=etat_apres).last()
    EvenementModeration.objects.filter(pk=evenement.pk).update(cree_le=quand)


@dataclass
class Plateforme:
    soumissions: list  # (fiche, submitted at, decided at or None, decision or None)
    lille: list
    arras: list


@pytest.fixture
def plateforme(geo, auteur, moderateur_nord, moderateur_pas_de_calais):  # noqa: F811
    """In 2025: five fiches of the Nord, two of the Pas-de-Calais, each submitted then
    decided (or still waiting) after a known number of days."""
    modifs = Etat.MODIFICATIONS_DEMANDEES
    plan = [
        # (commune, thématique, submitted, days to decision, decision)
        ("commune:59350", "parentalite_familles", moment(2025, 1, 5), 3, Etat.PUBLIEE),
        ("commune:59350", "parentalite_familles", moment(2025, 2, 5), 10, Etat.PUBLIEE),
        ("commune:59350", "sante", moment(2025, 3, 5), 30, Etat.PUBLIEE),
        ("commune:59512", "sante", moment(2025, 3, 20), 7, Etat.REFUSEE),
        ("commune:59512", "sante", moment(2025, 4, 1), None, None),
        ("commune:62041", "sante", moment(2025, 1, 15), 2, Etat.PUBLIEE),
        ("commune:62041", "parentalite_familles", moment(2025, 5, 1), 5, modifs),
    ]  # fmt: skip
    soumissions = []
    for rang, (commune, theme, soumise_le, jours, decision) in enumerate(plan):
        fiche = fiche_soumise(
            auteur, titre=f"Fiche {rang}", territoires=[commune], thematiques=[theme]
        )
        dater(fiche, Etat.SOUMISE, soumise_le)
        moderateur = (
            moderateur_nord if commune.startswith("commune:59") else moderateur_pas_de_calais
        )
        decidee_le = soumise_le + timedelta(days=jours) if jours is not None else None
        if decision == Etat.PUBLIEE:
            services.publier(fiche, par=moderateur, confirme_donnees_personnelles=True)
            Fiche.objects.filter(pk=fiche.pk).update(publiee_le=decidee_le)
        elif decision == Etat.REFUSEE:
            services.refuser(fiche, par=moderateur, motif=Motif.HORS_CHAMP, message="Hors champ.")
        elif decision == Etat.MODIFICATIONS_DEMANDEES:
            services.demander_modifications(
                fiche, par=moderateur, motif=Motif.INCOMPLETE, message="À compléter."
            )
        if decision:
            dater(fiche, decision, decidee_le)
        fiche.refresh_from_db()
        soumissions.append((fiche, soumise_le, decidee_le, decision))
    return Plateforme(
        soumissions,
        lille=[s for s in soumissions if s[0].departement_moderation_id == geo.nord.pk],
        arras=[s for s in soumissions if s[0].departement_moderation_id == geo.pas_de_calais.pk],
    )


@pytest.fixture
def avec_reprises(plateforme, geo, moderateur_nord, moderateur_pas_de_calais):  # noqa: F811
    """Three reprises of a Nord fiche: in Roubaix (published), in Arras (refused), in
    Lille (waiting)."""
    source = plateforme.soumissions[0][0]
    lectrice = UtilisateurFactory(email="lectrice@exemple.fr")
    faites = {}
    for nom, territoire in (("roubaix", geo.roubaix), ("arras", geo.arras), ("lille", geo.lille)):
        faites[nom] = reprises.declarer(
            source, par=lectrice, territoire=territoire, depuis=date(2025, 1, 1),
            garde="Le café des parents.",
        )  # fmt: skip
    reprises.publier(faites["roubaix"], par=moderateur_nord)
    reprises.refuser(faites["arras"], par=moderateur_pas_de_calais, motif="Hors champ.")
    return faites
