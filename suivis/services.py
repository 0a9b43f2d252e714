"""Following and unfollowing (idempotent). A fiche is followed only while published;
the person's Abonnement is created at their first follow, so that nothing published
before counts as new."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from decouverte.models import Alerte
from pratiques.models import Fiche
from suivis.models import Abonnement, SuiviFiche, SuiviTerritoire

SUIVIS_MAX_PAR_UTILISATEUR = 200


def _abonnement(utilisateur) -> Abonnement:
    abonnement, _ = Abonnement.objects.get_or_create(
        utilisateur=utilisateur, defaults={"dernier_envoi_le": timezone.now()}
    )
    return abonnement


def _verifier_le_nombre(utilisateur, modele, libelle: str) -> None:
    if modele.objects.filter(utilisateur=utilisateur).count() >= SUIVIS_MAX_PAR_UTILISATEUR:
        raise ValidationError(
            f"Vous suivez déjà {SUIVIS_MAX_PAR_UTILISATEUR} {libelle}, le maximum. "
            "Arrêtez d’en suivre un avant d’en ajouter.",
            code="trop_de_suivis",
        )


@transaction.atomic
def suivre_fiche(utilisateur, fiche: Fiche) -> SuiviFiche:
    if not fiche.est_publiee:
        raise ValidationError("Seule une pratique publiée peut être suivie.", code="non_publiee")
    _abonnement(utilisateur)
    existant = SuiviFiche.objects.filter(utilisateur=utilisateur, fiche=fiche).first()
    if existant:
        return existant
    _verifier_le_nombre(utilisateur, SuiviFiche, "pratiques")
    return SuiviFiche.objects.create(utilisateur=utilisateur, fiche=fiche)


@transaction.atomic
def suivre_territoire(utilisateur, territoire) -> SuiviTerritoire:
    _abonnement(utilisateur)
    existant = SuiviTerritoire.objects.filter(utilisateur=utilisateur, territoire=territoire)
    if existant.exists():
        return existant.get()
    _verifier_le_nombre(utilisateur, SuiviTerritoire, "territoires")
    return SuiviTerritoire.objects.create(utilisateur=utilisateur, territoire=territoire)


def ne_plus_suivre_fiche(utilisateur, fiche_id: int) -> None:
    SuiviFiche.objects.filter(utilisateur=utilisateur, fiche_id=fiche_id).delete()


def ne_plus_suivre_territoire(utilisateur, territoire_id: int) -> None:
    SuiviTerritoire.objects.filter(utilisateur=utilisateur, territoire_id=territoire_id).delete()


@transaction.atomic
def changer_frequence(utilisateur, frequence: str) -> Abonnement:
    if frequence not in Alerte.Frequence.values:
        raise ValidationError(
            "Choisissez une fréquence : chaque jour ou chaque semaine.", code="frequence"
        )
    abonnement = _abonnement(utilisateur)
    abonnement.frequence = frequence
    abonnement.save(update_fields=["frequence"])
    return abonnement
