"""Webhooks, one function per use case: managing an organisation's endpoints, putting
events in the outbox (in the caller's transaction), delivering them, retrying, and
disabling an endpoint that fails for too long (webhooks.politique).

Nothing here imports Celery tasks: a delivery is asked of a worker by name once the
transaction commits; the beat task (webhooks.tasks) sends whatever is due.
"""

import logging
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from comptes.models import Utilisateur
from partenaires.authentication import AppelPartenaire
from partenaires.models import Portee
from partenaires.services import peut_gerer_les_cles
from webhooks import adresses, envoi, politique
from webhooks.evenements import EVENEMENTS, TEST
from webhooks.models import EN_COURS, Livraison, PointDeTerminaison

logger = logging.getLogger(__name__)

TACHE_LIVRER = "webhooks.tasks.livrer"


# --- Who may manage an organisation's endpoints ---------------------------------------


def peut_gerer(par, organisation) -> bool:
    """A key with the `webhooks` scope of the organisation, or whoever manages its
    API keys (partenaires.services.peut_gerer_les_cles)."""
    if isinstance(par, AppelPartenaire):
        return par.organisation.pk == organisation.pk and par.cle.permet(Portee.WEBHOOKS)
    return peut_gerer_les_cles(par, organisation)


def _exiger(par, organisation) -> None:
    if not peut_gerer(par, organisation):
        raise PermissionDenied("Vous ne gérez pas les webhooks de cette organisation.")


def _auteur(par):
    return par if isinstance(par, Utilisateur) else None


def _valider(point: PointDeTerminaison) -> None:
    """Field errors in French, keyed by field; nothing is written."""
    point.full_clean(exclude=["organisation", "cree_par", "secret"])
    try:
        adresses.verifier(point.url)
    except adresses.AdresseRefusee as refus:
        raise ValidationError({"url": refus.messages}) from refus


# --- Managing endpoints -----------------------------------------------------------------


@transaction.atomic
def creer_point(par, organisation, *, url, evenements, description="") -> PointDeTerminaison:
    _exiger(par, organisation)
    point = PointDeTerminaison(
        organisation=organisation,
        url=url,
        evenements=sorted(set(evenements)),
        description=description,
        cree_par=_auteur(par),
    )
    _valider(point)
    point.save()
    return point


@transaction.atomic
def modifier_point(par, point, *, url=None, evenements=None, description=None):
    point = PointDeTerminaison.objects.select_for_update().get(pk=point.pk)
    _exiger(par, point.organisation)
    if url is not None:
        point.url = url
    if evenements is not None:
        point.evenements = sorted(set(evenements))
    if description is not None:
        point.description = description
    _valider(point)
    point.save(update_fields=["url", "evenements", "description"])
    return point


@transaction.atomic
def supprimer_point(par, point) -> None:
    """Delete the endpoint and its deliveries log."""
    _exiger(par, point.organisation)
    PointDeTerminaison.objects.filter(pk=point.pk).delete()


@transaction.atomic
def renouveler_secret(par, point) -> PointDeTerminaison:
    """A new secret; the old one stops signing at once."""
    point = PointDeTerminaison.objects.select_for_update().get(pk=point.pk)
    _exiger(par, point.organisation)
    point.secret = PointDeTerminaison._meta.get_field("secret").get_default()
    point.save(update_fields=["secret"])
    return point


@transaction.atomic
def reactiver(par, point) -> PointDeTerminaison:
    """Enable a disabled endpoint again: its run of failures starts from zero. The
    deliveries abandoned meanwhile are not sent again."""
    point = PointDeTerminaison.objects.select_for_update().get(pk=point.pk)
    _exiger(par, point.organisation)
    point.actif = True
    point.desactive_le = None
    point.motif_desactivation = ""
    point.echecs_consecutifs = 0
    point.en_echec_depuis = None
    point.save(
        update_fields=[
            "actif",
            "desactive_le",
            "motif_desactivation",
            "echecs_consecutifs",
            "en_echec_depuis",
        ]
    )
    return point


@transaction.atomic
def tester(par, point) -> Livraison:
    """Send the event `test.ping` to this endpoint alone."""
    _exiger(par, point.organisation)
    if not point.actif:
        raise ValidationError("Réactivez ce point de terminaison avant de lui envoyer un test.")
    livraison = Livraison.objects.create(
        point=point,
        evenement=TEST,
        donnees={"message": "Ceci est un test envoyé depuis Pratiques inspirantes."},
    )
    _demander_envoi([livraison.pk])
    return livraison


# --- The outbox -------------------------------------------------------------------------


def emettre(code_evenement: str, donnees: dict, organisation=None) -> list[Livraison]:
    """Put the event in the outbox of every active endpoint subscribed to it (only
    those of `organisation` when given), in the caller's transaction; each is sent by
    a worker once it commits. `donnees` is the payload's `data` (JSON)."""
    evenement = EVENEMENTS.get(code_evenement)
    if evenement is None or not evenement.abonnable:
        raise ValueError(f"Unknown webhook event: {code_evenement!r}")
    if evenement.pour_une_organisation and organisation is None:
        raise ValueError(f"The event {code_evenement!r} goes to one organisation: name it.")
    points = PointDeTerminaison.objects.abonnes_a(code_evenement)
    if organisation is not None:
        points = points.filter(organisation=organisation)
    maintenant = timezone.now()
    livraisons = Livraison.objects.bulk_create(
        Livraison(
            point=point,
            evenement=code_evenement,
            donnees=donnees,
            cree_le=maintenant,
            prochain_essai_le=maintenant,
        )
        for point in points
    )
    _demander_envoi([livraison.pk for livraison in livraisons])
    return livraisons


def _demander_envoi(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(partial(programmer, ids))


def programmer(ids: list[int]) -> None:
    """Ask a worker to deliver now; if the broker is down, the beat task will."""
    for pk in ids:
        try:
            current_app.send_task(TACHE_LIVRER, (pk,), retry=False)
        except Exception:  # noqa: BLE001 — any broker failure only delays delivery
            logger.warning("Broker unreachable: webhook delivery %s stays in the outbox", pk)


# --- Delivering -------------------------------------------------------------------------


def livrer(livraison_id: int) -> bool:
    """Attempt one due delivery; True if the endpoint accepted it.

    The row is locked (SKIP LOCKED) during the call, so that the task and the beat
    task never send the same delivery at once; a delivery not due, already delivered
    or abandoned is left alone (the task is idempotent)."""
    with transaction.atomic():
        livraison = (
            Livraison.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("point")
            .filter(pk=livraison_id, etat__in=EN_COURS, prochain_essai_le__lte=timezone.now())
            .first()
        )
        if livraison is None:
            return False
        point = livraison.point
        if not point.actif:
            _abandonner(livraison, "Point de terminaison désactivé.")
            return False
        resultat = envoi.poster(livraison, point)
        maintenant = timezone.now()
        livraison.tentatives += 1
        livraison.dernier_statut = resultat.statut
        livraison.derniere_duree_ms = resultat.duree_ms
        livraison.derniere_erreur = resultat.erreur
        if resultat.reussi:
            livraison.etat = Livraison.Etat.LIVREE
            livraison.livree_le = maintenant
            livraison.prochain_essai_le = None
        else:
            delai = politique.delai_avant_essai(livraison.tentatives)
            livraison.etat = Livraison.Etat.ECHEC if delai else Livraison.Etat.ABANDONNEE
            livraison.prochain_essai_le = maintenant + delai if delai else None
        livraison.save()
        _compter(point, resultat.reussi, maintenant)
        return resultat.reussi


def _abandonner(livraison, motif: str) -> None:
    livraison.etat = Livraison.Etat.ABANDONNEE
    livraison.prochain_essai_le = None
    livraison.derniere_erreur = motif
    livraison.save(update_fields=["etat", "prochain_essai_le", "derniere_erreur"])


def _compter(point, reussi: bool, maintenant) -> None:
    """Keep the endpoint's run of failures; disable it when the run is too long."""
    point = PointDeTerminaison.objects.select_for_update().get(pk=point.pk)
    if reussi:
        if point.echecs_consecutifs:
            point.echecs_consecutifs, point.en_echec_depuis = 0, None
            point.save(update_fields=["echecs_consecutifs", "en_echec_depuis"])
        return
    point.echecs_consecutifs += 1
    point.en_echec_depuis = point.en_echec_depuis or maintenant
    point.save(update_fields=["echecs_consecutifs", "en_echec_depuis"])
    if point.actif and politique.a_desactiver(
        point.echecs_consecutifs, maintenant - point.en_echec_depuis
    ):
        desactiver(point, maintenant)


def desactiver(point, maintenant=None) -> None:
    """Disable `point` (in the caller's transaction), abandon its pending deliveries
    and tell its organisation's key managers (and its creator) by e-mail."""
    maintenant = maintenant or timezone.now()
    depuis = timezone.localtime(point.en_echec_depuis or maintenant)
    point.actif = False
    point.desactive_le = maintenant
    point.motif_desactivation = (
        f"{point.echecs_consecutifs}\u00a0envois en échec depuis le {depuis:%d/%m/%Y à %H:%M}."
    )
    point.save(update_fields=["actif", "desactive_le", "motif_desactivation"])
    # Those being sent by another worker are skipped (no deadlock): their next attempt
    # finds the endpoint disabled and abandons them.
    en_attente = list(
        Livraison.objects.select_for_update(skip_locked=True)
        .filter(point=point, etat__in=EN_COURS)
        .values_list("pk", flat=True)
    )
    Livraison.objects.filter(pk__in=en_attente).update(
        etat=Livraison.Etat.ABANDONNEE,
        prochain_essai_le=None,
        derniere_erreur="Point de terminaison désactivé.",
    )
    _prevenir_desactivation(point)


def destinataires_desactivation(point) -> list[str]:
    """The organisation's active key managers, and the endpoint's creator if active."""
    personnes = Utilisateur.objects.filter(is_active=True).filter(
        Q(organisation=point.organisation_id, role=Utilisateur.Role.PARTENAIRE, gere_les_cles=True)
        | Q(pk=point.cree_par_id)
    )
    return sorted({personne.email for personne in personnes})


def _prevenir_desactivation(point) -> None:
    contexte = {
        "site_name": settings.SITE_NAME,
        "point": point,
        "lien": settings.SITE_URL + reverse("webhooks:point", args=[point.pk]),
    }
    sujet = " ".join(render_to_string("webhooks/emails/desactivation_sujet.txt", contexte).split())
    corps = render_to_string("webhooks/emails/desactivation.txt", contexte)
    for destinataire in destinataires_desactivation(point):
        send_mail(sujet, corps, None, [destinataire])


def renvoyer_dues(*, anciennete_seconds=30, lot=200) -> int:
    """Send the deliveries that are due: retries whose time has come, and new ones no
    task picked up (broker outage, lost worker) once `anciennete_seconds` old."""
    maintenant = timezone.now()
    ids = list(
        Livraison.objects.filter(etat__in=EN_COURS, prochain_essai_le__lte=maintenant)
        .filter(
            Q(etat=Livraison.Etat.ECHEC)
            | Q(cree_le__lte=maintenant - timedelta(seconds=anciennete_seconds))
        )
        .order_by("prochain_essai_le")
        .values_list("pk", flat=True)[:lot]
    )
    return sum(livrer(pk) for pk in ids)


def purger(*, conservation=timedelta(days=30)) -> int:
    """Delete delivered and abandoned deliveries older than the retention period."""
    supprimees, _ = Livraison.objects.filter(
        etat__in=[Livraison.Etat.LIVREE, Livraison.Etat.ABANDONNEE],
        cree_le__lt=timezone.now() - conservation,
    ).delete()
    return supprimees
