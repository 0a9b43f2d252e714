"""Fiche events, heard from pratiques without pratiques knowing webhooks.

pratiques.services writes an EvenementModeration in the transaction of every
transition; its post_save receiver here puts the matching webhook event in the outbox
in that same transaction (a transition rolled back leaves no delivery):

- a fiche published (from any state but published, without a revision: a first
  publication, an import that publishes, a publication after archival) → fiche.publiee;
- a revision of a published fiche published → fiche.modifiee;
- a published fiche archived → fiche.archivee (motif `archivee`);
- a published fiche deleted (pre_delete of Fiche, in the deletion's transaction) →
  fiche.archivee (motif `supprimee`,
  `etat` null).

The payload holds public data only (never the contact's address): the partner reads
the rest from the API.
"""

from django.conf import settings
from django.db.models.signals import post_save, pre_delete
from django.urls import reverse
from django.utils import timezone

from pratiques.models import Etat, EvenementModeration, Fiche, Retrait
from webhooks import services
from webhooks.evenements import FICHE_ARCHIVEE, FICHE_MODIFIEE, FICHE_PUBLIEE


def donnees_fiche(fiche, date, **autres) -> dict:
    return {
        "id": fiche.pk,
        "slug": fiche.slug,
        "titre": fiche.titre,
        "url": settings.SITE_URL + reverse("pratiques:fiche", args=[fiche.slug]),
        "url_api": settings.SITE_URL + reverse("v1:pratique-detail", args=[fiche.slug]),
        "etat": fiche.etat,
        "date": date.isoformat(),
        **autres,
    }


def evenement_de(evenement: EvenementModeration) -> tuple[str, dict] | None:
    """The webhook event (code, extra data) an EvenementModeration means, if any."""
    if evenement.etat_apres == Etat.PUBLIEE:
        if evenement.revision_id is not None:
            return FICHE_MODIFIEE, {}
        if evenement.etat_avant != Etat.PUBLIEE:
            return FICHE_PUBLIEE, {}
    if evenement.etat_apres == Etat.ARCHIVEE and evenement.etat_avant == Etat.PUBLIEE:
        return FICHE_ARCHIVEE, {"motif": Retrait.Motif.ARCHIVEE.value}
    return None


def transition(sender, instance: EvenementModeration, created: bool, raw=False, **kwargs):
    if not created or raw:
        return
    trouve = evenement_de(instance)
    if trouve is None:
        return
    code, autres = trouve
    # The fiche the service just saved (cached on the event: no query).
    services.emettre(code, donnees_fiche(instance.fiche, instance.cree_le, **autres))


# What the payload of a deleted fiche reads.
CHAMPS_SUPPRESSION = {"etat", "slug", "titre"}


def suppression(sender, instance: Fiche, **kwargs):
    if instance.get_deferred_fields() & CHAMPS_SUPPRESSION:
        # A deletion from a narrow queryset (`.only("pk")`): the row is still there.
        instance = Fiche.objects.only("pk", *CHAMPS_SUPPRESSION).get(pk=instance.pk)
    if instance.etat == Etat.PUBLIEE:
        motif = Retrait.Motif.SUPPRIMEE.value
        services.emettre(
            FICHE_ARCHIVEE, donnees_fiche(instance, timezone.now(), etat=None, motif=motif)
        )


def brancher() -> None:
    post_save.connect(transition, sender=EvenementModeration, dispatch_uid="webhooks-fiches")
    pre_delete.connect(suppression, sender=Fiche, dispatch_uid="webhooks-fiches-supprimees")
