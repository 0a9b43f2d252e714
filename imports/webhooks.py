"""The end of an import, told to the organisation's webhooks (event `import.termine`),
in the transaction that records it: the outbox row commits with the import's state."""

from django.conf import settings
from django.urls import reverse

from imports.signaux import import_termine
from webhooks import services
from webhooks.evenements import IMPORT_TERMINE


def donnees_import(import_) -> dict:
    return {
        "id": import_.pk,
        "etat": import_.etat,
        "simulation": import_.simulation,
        "url_api": settings.SITE_URL + reverse("v1:import-detail", args=[import_.pk]),
        "lignes": import_.lignes_total,
        "creees": import_.creees,
        "modifiees": import_.modifiees,
        "inchangees": import_.inchangees,
        "rejetees": import_.rejetees,
        "avertissements": import_.avertissements,
        "erreur": import_.erreur,
        "date": import_.termine_le.isoformat() if import_.termine_le else None,
    }


def termine(sender, import_, **kwargs) -> None:
    services.emettre(IMPORT_TERMINE, donnees_import(import_), organisation=import_.organisation)


def brancher() -> None:
    import_termine.connect(termine, dispatch_uid="imports-webhooks")
