"""Every change to a collectif, one function per use case, each in a transaction.

A function checks who may act (raising TransitionInterdite, a 403) and from which
state (EtatIncompatible, a 409), changes the rows under SELECT … FOR UPDATE, writes an
EvenementCollectif and queues its e-mails in the same transaction (outbox). The
recognition states move only through collectifs.cycle's table; the quota of the
département is locked while a recognition is counted against it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.text import slugify

from collectifs import cycle, notifications
from collectifs.cycle import Acteur
from collectifs.models import (
    Collectif,
    EtatReconnaissance,
    EvenementCollectif,
    Membre,
    Motif,
    QuotaDepartemental,
    RapportAnnuel,
    Reconnaissance,
    euros,
)
from pratiques.models import Fiche
from pratiques.services import EtatIncompatible, TransitionInterdite, departement_de_moderation

__all__ = ["EtatIncompatible", "TransitionInterdite"]

CHAMPS_MODIFIABLES = ("nom", "description", "date_creation", "forme", "gouvernance")
# Paths of collectifs.urls that come before a collectif's own `<slug>/`.
SLUGS_RESERVES = {"declarer", "mes-collectifs", "fiche", "reconnaissance"}


# --- Who may do what ----------------------------------------------------------------


def participation(utilisateur, collectif) -> Membre | None:
    """The user's membership (accepted or requested), if any."""
    if not utilisateur.is_authenticated:
        return None
    return Membre.objects.filter(collectif=collectif, utilisateur=utilisateur).first()


def est_animateur(utilisateur, collectif) -> bool:
    return (
        utilisateur.is_authenticated
        and Membre.objects.animateurs()
        .filter(collectif=collectif, utilisateur=utilisateur)
        .exists()
    )


def peut_reconnaitre(utilisateur, collectif) -> bool:
    """The recognition body: national administrators for every collectif; a
    modérateur for the collectifs of the départements they hold (comptes:
    `Utilisateur.modere_en`, the rule of the fiches' moderation); never a member of the
    collectif, whatever the role (nobody judges their own)."""
    if not utilisateur.is_authenticated:
        return False
    if Membre.objects.filter(collectif=collectif, utilisateur=utilisateur).exists():
        return False
    return utilisateur.est_admin_national or utilisateur.modere_en(collectif.departement_id)


def peut_fixer_quota(utilisateur, departement) -> bool:
    """National administrators set every quota; a modérateur those of their
    départements (the national body's quota, `departement` None, is the administrators')."""
    if not utilisateur.is_authenticated:
        return False
    if utilisateur.est_admin_national:
        return True
    return (
        utilisateur.est_moderateur
        and departement is not None
        and utilisateur.departements.filter(pk=departement.pk).exists()
    )


def exiger_animateur(collectif, par) -> None:
    if not est_animateur(par, collectif):
        raise TransitionInterdite("Seuls les animateurs du collectif peuvent faire cela.")


def _exiger_instance(collectif, par) -> None:
    if not peut_reconnaitre(par, collectif):
        raise TransitionInterdite(
            "Seuls les modérateurs du département du collectif ou un administrateur national "
            "examinent sa reconnaissance (et jamais un membre du collectif)."
        )


# --- Helpers --------------------------------------------------------------------------


def verrouiller(collectif) -> Collectif:
    return Collectif.objects.select_for_update().get(pk=collectif.pk)


def journaliser(collectif, *, par, action, avant="", apres="", motif="", message=""):
    return EvenementCollectif.objects.create(
        collectif=collectif,
        acteur=par,
        action=action,
        etat_avant=avant,
        etat_apres=apres,
        motif=motif,
        message=message.strip(),
    )


def _slug_libre(nom: str) -> str:
    base = slugify(nom)[:200] or "collectif"
    if base in SLUGS_RESERVES:
        base = f"collectif-{base}"
    slug, rang = base, 1
    while Collectif.objects.filter(slug=slug).exists():
        rang += 1
        slug = f"{base}-{rang}"
    return slug


def _appliquer(collectif, donnees: dict) -> None:
    for champ in CHAMPS_MODIFIABLES:
        if champ in donnees:
            setattr(collectif, champ, donnees[champ])
    collectif.modifie_le = timezone.now()
    collectif.save()
    if "territoires" in donnees:
        if not donnees["territoires"]:
            raise EtatIncompatible("Indiquez au moins un territoire d’action.")
        collectif.territoires.set(donnees["territoires"])
        collectif.departement = departement_de_moderation(donnees["territoires"])
        collectif.save(update_fields=["departement"])


# --- Declaring and describing ---------------------------------------------------------


@transaction.atomic
def declarer(*, par, donnees: dict, college: str, fonction: str = "", nom_public=False):
    """Self-declaration: any signed-in user declares a collectif and becomes its first
    animateur. `donnees`: the fields of CHAMPS_MODIFIABLES and `territoires`."""
    collectif = Collectif(slug=_slug_libre(donnees["nom"]), declare_par=par)
    _appliquer(collectif, donnees)
    Membre.objects.create(
        collectif=collectif,
        utilisateur=par,
        college=college,
        fonction=fonction,
        nom_public=nom_public,
        role=Membre.Role.ANIMATEUR,
        statut=Membre.Statut.ACCEPTE,
        accepte_le=timezone.now(),
    )
    journaliser(collectif, par=par, action="declarer", apres=EtatReconnaissance.DECLARE)
    return collectif


@transaction.atomic
def modifier(collectif, *, par, donnees: dict) -> Collectif:
    collectif = verrouiller(collectif)
    exiger_animateur(collectif, par)
    _appliquer(collectif, donnees)
    journaliser(collectif, par=par, action="modifier")
    return collectif


# --- Recognition ----------------------------------------------------------------------


def _transition(collectif, nom: str, *, par, acteur: Acteur, motif="", message=""):
    """Check the table and do the state change; the caller holds the lock."""
    transition = cycle.TRANSITIONS[nom]
    assert transition.acteur == acteur, nom
    if empechements := transition.empechements(collectif):
        raise EtatIncompatible(" ".join(empechements))
    if transition.motif_requis:
        if motif not in Motif.values:
            raise EtatIncompatible("Choisissez un motif dans la liste.")
        if not message.strip():
            raise EtatIncompatible("Expliquez votre décision aux animateurs dans le message.")
    avant = collectif.etat
    collectif.etat = transition.vers
    collectif.save(update_fields=["etat"])
    return journaliser(
        collectif, par=par, action=nom, avant=avant, apres=transition.vers, motif=motif,
        message=message,
    )  # fmt: skip


@transaction.atomic
def candidater(collectif, *, par, message: str = "") -> Collectif:
    """The animateurs apply for recognition (or its renewal), once the composition rule
    holds; the département's body is told."""
    collectif = verrouiller(collectif)
    exiger_animateur(collectif, par)
    nom = "renouveler" if collectif.etat in cycle.TRANSITIONS["renouveler"].depuis else "candidater"
    evenement = _transition(collectif, nom, par=par, acteur=Acteur.ANIMATEUR, message=message)
    collectif.candidature_le = timezone.now()
    collectif.save(update_fields=["candidature_le"])
    notifications.candidature(collectif, evenement)
    return collectif


@dataclass(frozen=True)
class EtatQuota:
    """A département's quota for a year and what is already used of it."""

    departement: object
    annee: int
    quota: QuotaDepartemental | None
    reconnaissances: int
    engage: int

    @property
    def restantes(self) -> int:
        return max(self.quota.nombre_max - self.reconnaissances, 0) if self.quota else 0

    @property
    def disponible(self) -> int:
        return max(self.quota.enveloppe - self.engage, 0) if self.quota else 0

    @property
    def resume(self) -> str:
        """ "3 reconnaissances sur 5 en 2026" (French, for pages and messages)."""
        if self.quota is None:
            return f"Aucun quota fixé pour {self.annee}"
        pluriel = "s" if self.reconnaissances > 1 else ""
        return (
            f"{self.reconnaissances} reconnaissance{pluriel} sur {self.quota.nombre_max} "
            f"en {self.annee}"
        )


def etat_du_quota(departement, annee: int, *, quota=None) -> EtatQuota:
    if quota is None:
        quota = QuotaDepartemental.objects.filter(departement=departement, annee=annee).first()
    utilise = Reconnaissance.objects.filter(departement=departement, annee=annee).aggregate(
        nombre=Count("pk"), engage=Sum("montant")
    )
    return EtatQuota(departement, annee, quota, utilise["nombre"], utilise["engage"] or 0)


@transaction.atomic
def reconnaitre(collectif, *, par, montant: int, message: str = "") -> Collectif:
    """Recognise for three years and grant `montant` euros, within the quota and the
    envelope of the département for this year. The quota's row is locked (SELECT … FOR
    UPDATE) while the recognitions of the year are counted, so two recognitions at the
    same time can never both take the last place."""
    collectif = verrouiller(collectif)
    _exiger_instance(collectif, par)
    if empechements := cycle.TRANSITIONS["reconnaitre"].empechements(collectif):
        raise EtatIncompatible(" ".join(empechements))
    aujourd_hui = timezone.localdate()
    quota = (
        QuotaDepartemental.objects.select_for_update()
        .filter(departement=collectif.departement_id, annee=aujourd_hui.year)
        .order_by()
        .first()
    )
    if quota is None:
        raise EtatIncompatible(
            f"Aucun quota de reconnaissances n’est fixé pour {aujourd_hui.year}\u00a0: "
            "fixez d’abord le nombre de reconnaissances et l’enveloppe de l’année."
        )
    etat = etat_du_quota(collectif.departement, aujourd_hui.year, quota=quota)
    if etat.restantes <= 0:
        raise EtatIncompatible(
            f"Le quota de l’année est atteint ({etat.resume})\u00a0: aucune autre "
            "reconnaissance n’est possible cette année."
        )
    if montant < 0 or montant > etat.disponible:
        raise EtatIncompatible(
            f"Le montant dépasse ce qui reste de l’enveloppe de l’année "
            f"({euros(etat.disponible)} sur {euros(quota.enveloppe)})."
        )
    # A renewal asked before the end continues the current period.
    en_cours = collectif.est_reconnu() and collectif.reconnu_jusqu_au >= aujourd_hui
    debut = collectif.reconnu_jusqu_au + timedelta(days=1) if en_cours else aujourd_hui
    debut, fin = cycle.periode(debut)
    Reconnaissance.objects.create(
        collectif=collectif, departement=collectif.departement, annee=aujourd_hui.year,
        debut=debut, fin=fin, montant=montant, decidee_par=par,
    )  # fmt: skip
    collectif.reconnu_le = collectif.reconnu_le if en_cours else debut
    collectif.reconnu_jusqu_au = fin
    collectif.save(update_fields=["reconnu_le", "reconnu_jusqu_au"])
    evenement = _transition(
        collectif, "reconnaitre", par=par, acteur=Acteur.INSTANCE, message=message
    )
    notifications.decision(collectif, evenement)
    return collectif


def _decision(collectif, nom, *, par, motif, message) -> Collectif:
    collectif = verrouiller(collectif)
    _exiger_instance(collectif, par)
    evenement = _transition(
        collectif, nom, par=par, acteur=Acteur.INSTANCE, motif=motif, message=message
    )
    notifications.decision(collectif, evenement)
    return collectif


@transaction.atomic
def demander_modifications(collectif, *, par, motif: str, message: str) -> Collectif:
    return _decision(collectif, "demander_modifications", par=par, motif=motif, message=message)


@transaction.atomic
def refuser(collectif, *, par, motif: str, message: str) -> Collectif:
    return _decision(collectif, "refuser", par=par, motif=motif, message=message)


def expirer_echues(*, le=None) -> int:
    """Recognised collectifs whose period ended: expired (the daily task)."""
    jour = le or timezone.localdate()
    nombre = 0
    for pk in Collectif.objects.filter(
        etat=EtatReconnaissance.RECONNU, reconnu_jusqu_au__lt=jour
    ).values_list("pk", flat=True):
        with transaction.atomic():
            collectif = Collectif.objects.select_for_update().get(pk=pk)
            if collectif.etat == EtatReconnaissance.RECONNU and collectif.reconnu_jusqu_au < jour:
                _transition(collectif, "expirer", par=None, acteur=Acteur.SYSTEME)
                nombre += 1
    return nombre


@transaction.atomic
def fixer_quota(*, par, departement, annee: int, nombre_max: int, enveloppe: int):
    """Set a département's quota and envelope for a year; never below what is already
    recognised or committed that year."""
    if not peut_fixer_quota(par, departement):
        raise TransitionInterdite(
            "Seuls les modérateurs du département ou un administrateur national fixent "
            "son quota de reconnaissances."
        )
    quota, _ = (
        QuotaDepartemental.objects.select_for_update()
        .order_by()
        .get_or_create(
            departement=departement,
            annee=annee,
            defaults={"nombre_max": nombre_max, "enveloppe": enveloppe, "modifie_par": par},
        )
    )
    etat = etat_du_quota(departement, annee, quota=quota)
    if nombre_max < etat.reconnaissances or enveloppe < etat.engage:
        raise EtatIncompatible(
            f"Déjà {etat.reconnaissances} reconnaissance(s) et {euros(etat.engage)} engagés en "
            f"{annee}\u00a0: le quota et l’enveloppe ne peuvent pas descendre en dessous."
        )
    quota.nombre_max, quota.enveloppe = nombre_max, enveloppe
    quota.modifie_par, quota.modifie_le = par, timezone.now()
    quota.save()
    return quota


# --- Yearly reports -------------------------------------------------------------------


@transaction.atomic
def deposer_rapport(collectif, *, par, annee: int, donnees: dict) -> RapportAnnuel:
    """Write (or correct, until acknowledged) the report of a year."""
    collectif = verrouiller(collectif)
    exiger_animateur(collectif, par)
    if annee > timezone.localdate().year:
        raise EtatIncompatible("Le rapport d’une année à venir ne peut pas encore être déposé.")
    rapport = RapportAnnuel.objects.filter(collectif=collectif, annee=annee).first()
    if rapport is not None and rapport.accuse_le:
        raise EtatIncompatible(
            f"Le rapport {annee} a déjà été reçu par le département\u00a0: il n’est plus "
            "modifiable."
        )
    rapport = rapport or RapportAnnuel(collectif=collectif, annee=annee)
    for champ, valeur in donnees.items():
        setattr(rapport, champ, valeur)
    rapport.depose_par, rapport.depose_le = par, timezone.now()
    rapport.save()
    journaliser(collectif, par=par, action="rapport_depose", message=f"Rapport {annee}")
    notifications.rapport_depose(rapport)
    return rapport


@transaction.atomic
def accuser_reception(rapport, *, par) -> RapportAnnuel:
    rapport = (
        RapportAnnuel.objects.select_for_update().select_related("collectif").get(pk=rapport.pk)
    )
    _exiger_instance(rapport.collectif, par)
    if rapport.accuse_le:
        raise EtatIncompatible("La réception de ce rapport a déjà été accusée.")
    rapport.accuse_par, rapport.accuse_le = par, timezone.now()
    rapport.save(update_fields=["accuse_par", "accuse_le"])
    journaliser(
        rapport.collectif, par=par, action="rapport_recu", message=f"Rapport {rapport.annee}"
    )
    return rapport


# --- Carrying fiches ------------------------------------------------------------------


@transaction.atomic
def lier_fiche(fiche, collectif, *, par) -> Fiche:
    """Only the fiche's author may link it, to a collectif they are a member of."""
    fiche = Fiche.objects.select_for_update().get(pk=fiche.pk)
    if fiche.auteur_id is None or fiche.auteur_id != par.pk:
        raise TransitionInterdite("Seul l’auteur d’une fiche peut la lier à un collectif.")
    if not Membre.objects.acceptes().filter(collectif=collectif, utilisateur=par).exists():
        raise TransitionInterdite(
            "Vous ne pouvez lier une fiche qu’à un collectif dont vous êtes membre."
        )
    if fiche.collectif_id == collectif.pk:
        raise EtatIncompatible("Cette fiche est déjà portée par ce collectif.")
    Fiche.objects.filter(pk=fiche.pk).update(collectif=collectif)
    fiche.collectif = collectif
    journaliser(collectif, par=par, action="fiche_liee", message=fiche.titre)
    return fiche


@transaction.atomic
def delier_fiche(fiche, *, par) -> Fiche:
    """The author, or an animateur of the collectif, ends the link."""
    fiche = (
        Fiche.objects.select_for_update(of=("self",)).select_related("collectif").get(pk=fiche.pk)
    )
    collectif = fiche.collectif
    if collectif is None:
        raise EtatIncompatible("Cette fiche n’est liée à aucun collectif.")
    if fiche.auteur_id != par.pk and not est_animateur(par, collectif):
        raise TransitionInterdite(
            "Seuls l’auteur de la fiche et les animateurs du collectif peuvent retirer ce lien."
        )
    Fiche.objects.filter(pk=fiche.pk).update(collectif=None)
    fiche.collectif = None
    journaliser(collectif, par=par, action="fiche_deliee", message=fiche.titre)
    return fiche
