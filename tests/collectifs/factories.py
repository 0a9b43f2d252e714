"""Collectifs for tests, built through the services (declaration) with members added
directly as accepted (the membership workflow has its own tests)."""

from django.utils import timezone

from collectifs import services
from collectifs.composition import REGLE
from collectifs.models import College, Membre, QuotaDepartemental
from tests.comptes.factories import UtilisateurFactory


def donnees_collectif(territoires, **modifications) -> dict:
    donnees = {
        "nom": "Collectif de Fives",
        "description": "Habitants, associations, professionnels et élus du quartier de Fives.",
        "territoires": territoires,
        "date_creation": None,
        "forme": "informel",
        "gouvernance": "Une assemblée mensuelle décide au consensus.",
    }
    donnees.update(modifications)
    return donnees


def declarer(animateur, territoires, *, college=College.PROFESSIONNELS, **modifications):
    return services.declarer(
        par=animateur,
        donnees=donnees_collectif(territoires, **modifications),
        college=college,
        fonction="Conseillère ESF",
    )


def ajouter_membre(collectif, college, *, nom_public=False, role=Membre.Role.MEMBRE, **champs):
    utilisateur = champs.pop("utilisateur", None) or UtilisateurFactory(**champs)
    return Membre.objects.create(
        collectif=collectif,
        utilisateur=utilisateur,
        college=college,
        nom_public=nom_public,
        role=role,
        statut=Membre.Statut.ACCEPTE,
        accepte_le=timezone.now(),
    )


def completer(collectif, *, sauf=None) -> None:
    """Add members until the composition rule holds (leaving `sauf`'s collège short)."""
    for exigence in REGLE:
        if exigence.college == sauf:
            continue
        presents = Membre.objects.acceptes().filter(collectif=collectif, college=exigence.college)
        for _ in range(exigence.minimum - presents.count()):
            ajouter_membre(collectif, exigence.college)


def quota(departement, *, nombre=5, enveloppe=100_000, annee=None):
    return QuotaDepartemental.objects.create(
        departement=departement,
        annee=annee or timezone.localdate().year,
        nombre_max=nombre,
        enveloppe=enveloppe,
    )


def candidat(animateur, territoires, **modifications):
    """A complete collectif that has applied for recognition."""
    collectif = declarer(animateur, territoires, **modifications)
    completer(collectif)
    return services.candidater(collectif, par=animateur)
