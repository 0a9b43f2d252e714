"""The collectif's means, kept by its animateurs: funding lines, secondments of
professionals and the accompanying third party. Each change is journaled."""

from django.db import transaction

from collectifs.models import Financement, MiseADisposition, TiersAccompagnant
from collectifs.services import EtatIncompatible, exiger_animateur, journaliser, verrouiller

MODELES = {"financement": Financement, "mise_a_disposition": MiseADisposition}


@transaction.atomic
def ajouter(collectif, genre: str, *, par, donnees: dict):
    """Add a funding line (`genre` "financement") or a secondment ("mise_a_disposition")."""
    collectif = verrouiller(collectif)
    exiger_animateur(collectif, par)
    objet = MODELES[genre].objects.create(collectif=collectif, **donnees)
    journaliser(collectif, par=par, action=f"{genre}_ajoute", message=str(objet))
    return objet


@transaction.atomic
def supprimer(collectif, genre: str, pk: int, *, par) -> None:
    collectif = verrouiller(collectif)
    exiger_animateur(collectif, par)
    objet = MODELES[genre].objects.filter(collectif=collectif, pk=pk).first()
    if objet is None:
        raise EtatIncompatible("Cette ligne n’existe pas (ou plus).")
    journaliser(collectif, par=par, action=f"{genre}_supprime", message=str(objet))
    objet.delete()


@transaction.atomic
def definir_tiers_accompagnant(collectif, *, par, donnees: dict | None) -> TiersAccompagnant | None:
    """Name (or change) the accompanying third party; `donnees` None removes it."""
    collectif = verrouiller(collectif)
    exiger_animateur(collectif, par)
    if donnees is None:
        TiersAccompagnant.objects.filter(collectif=collectif).delete()
        journaliser(collectif, par=par, action="tiers_retire")
        return None
    tiers, _ = TiersAccompagnant.objects.update_or_create(collectif=collectif, defaults=donnees)
    journaliser(collectif, par=par, action="tiers_defini", message=tiers.nom)
    return tiers
