"""Saved searches ("Suivre cette recherche", docs/domaine.md §14): a signed-in user follows a
search and receives the new matching published fiches in a daily or weekly e-mail.

A saved search is the search page's querystring, normalised and validated through
RechercheFilter, the one filter layer shared with the page, the feed and the API.

Digests (envoyer_resumes) are sent one alert per transaction: the e-mail is queued in
the outbox and `dernier_envoi_le` moves forward in the same transaction, so a crash
either sends and records, or does neither — never twice, never a fiche lost.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from decouverte.models import Alerte
from pratiques.filters import RechercheFilter
from pratiques.models import Fiche, StatutAction
from pratiques.recherche import moteur

logger = logging.getLogger(__name__)

ALERTES_MAX_PAR_UTILISATEUR = 20
FICHES_MAX_PAR_COURRIEL = 30
# Publications whose transaction started before the cut-off but committed after the
# digest's query would be missed: the cut-off lags a little behind the clock, and the
# next digest picks up what falls after it.
MARGE_PUBLICATION = timedelta(minutes=5)
# Filters that make sense for a followed search (a date filter does not).
CLES_RECHERCHE = [cle for cle in RechercheFilter.base_filters if cle != "updated_since"]
LIBELLE_TOUTES = "Toutes les pratiques"


# --- The search behind an alert ----------------------------------------------------


def _multiple(cle: str) -> bool:
    classe = RechercheFilter.base_filters[cle].field_class
    return issubclass(classe, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField))


def normaliser_parametres(querydict: QueryDict) -> str:
    """The search's own parameters in a stable order (page, sort and unknown keys
    dropped), so that the same search saved twice is the same alert."""
    paires = []
    for cle in CLES_RECHERCHE:
        if _multiple(cle):
            valeurs = sorted({v.strip() for v in querydict.getlist(cle) if v.strip()})
        else:
            valeur = " ".join((querydict.get(cle) or "").split())
            valeurs = [valeur] if valeur else []
        paires.extend((cle, valeur) for valeur in valeurs)
    return urlencode(paires)


def filtre_de(parametres: str, queryset=None) -> RechercheFilter:
    return RechercheFilter(QueryDict(parametres), queryset=queryset)


def erreurs_de_recherche(filtre: RechercheFilter) -> list[str]:
    """French messages for an invalid search, each prefixed by the filter's label."""
    messages = []
    for cle, erreurs in filtre.errors.items():
        champ = filtre.form.fields.get(cle)
        libelle = str(champ.label) if champ is not None and champ.label else cle
        messages.extend(f"{libelle} : {erreur}" for erreur in erreurs)
    return messages


def decrire_recherche(filtre: RechercheFilter) -> str:
    """A short name for a valid search, e.g. "“jardin” · Parentalité · Nord"."""
    donnees = filtre.form.cleaned_data
    parties = []
    texte = " ".join((donnees.get("q") or "").split())
    if texte:
        parties.append(f"“{texte}”")  # nested in « » wherever the name is quoted
    for cle in ("thematique", "forme", "public"):
        parties.extend(valeur.libelle for valeur in donnees.get(cle) or [])
    if donnees.get("participation"):
        parties.append(donnees["participation"].libelle)
    if donnees.get("statut"):
        parties.append(StatutAction(donnees["statut"]).label)
    for cle in ("region", "departement", "territoire"):
        if donnees.get(cle):
            parties.append(donnees[cle].nom)
    nom = " · ".join(parties) or LIBELLE_TOUTES
    return nom if len(nom) <= 200 else nom[:199] + "…"


def lien_recherche(parametres: str, *, absolu: bool = False, par_date: bool = False) -> str:
    requete = "&".join(p for p in (parametres, "tri=date" if par_date else "") if p)
    lien = reverse("decouverte:recherche") + (f"?{requete}" if requete else "")
    return settings.SITE_URL + lien if absolu else lien


# --- Use cases ---------------------------------------------------------------------


@transaction.atomic
def creer_alerte(utilisateur, querydict: QueryDict, frequence: str) -> Alerte:
    """Follow the search described by `querydict` (the search page's querystring).
    Following the same search again changes its frequency and reactivates it.
    Raises ValidationError (in French) on an invalid search or frequency, or past
    ALERTES_MAX_PAR_UTILISATEUR alerts."""
    if frequence not in Alerte.Frequence.values:
        raise ValidationError(
            "Choisissez une fréquence : chaque jour ou chaque semaine.", code="frequence"
        )
    parametres = normaliser_parametres(querydict)
    if len(parametres) > Alerte._meta.get_field("parametres").max_length:
        raise ValidationError("Cette recherche est trop longue pour être suivie.", code="longueur")
    filtre = filtre_de(parametres)
    if not filtre.is_valid():
        raise ValidationError(
            ["Cette recherche ne peut pas être suivie."] + erreurs_de_recherche(filtre),
            code="recherche_invalide",
        )
    # Lock the user's row: two concurrent requests cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=utilisateur.pk).first()
    maintenant = timezone.now()
    alerte = Alerte.objects.filter(utilisateur=utilisateur, parametres=parametres).first()
    if alerte is not None:
        if not alerte.active:
            # Nothing of what was published while it was off is "new".
            alerte.active = True
            alerte.dernier_envoi_le = maintenant
        alerte.frequence = frequence
        alerte.save(update_fields=["active", "dernier_envoi_le", "frequence"])
        return alerte
    if Alerte.objects.filter(utilisateur=utilisateur).count() >= ALERTES_MAX_PAR_UTILISATEUR:
        raise ValidationError(
            f"Vous suivez déjà {ALERTES_MAX_PAR_UTILISATEUR} recherches, le maximum. "
            "Supprimez une alerte avant d’en créer une nouvelle.",
            code="trop_d_alertes",
        )
    return Alerte.objects.create(
        utilisateur=utilisateur,
        nom=decrire_recherche(filtre),
        parametres=parametres,
        frequence=frequence,
        dernier_envoi_le=maintenant,
    )


@transaction.atomic
def supprimer(alerte: Alerte, *, par) -> None:
    if alerte.utilisateur_id != getattr(par, "pk", None):
        raise PermissionDenied("Seule la personne qui suit cette recherche peut la supprimer.")
    alerte.delete()


@transaction.atomic
def desabonner_par_jeton(jeton: str) -> Alerte | None:
    """Deactivate the alert of this token (idempotent); None if no alert has it."""
    alerte = Alerte.objects.select_for_update().filter(jeton=jeton).first() if jeton else None
    if alerte is not None and alerte.active:
        alerte.active = False
        alerte.save(update_fields=["active"])
    return alerte


# --- Digests -----------------------------------------------------------------------


@dataclass
class FicheResumee:
    titre: str
    lien: str
    resume: str
    publiee_le: datetime


def envoyer_resumes(frequence: str, *, maintenant: datetime | None = None) -> int:
    """E-mail each active alert of this frequency the fiches published since its last
    digest; returns how many e-mails were queued. No e-mail when nothing is new."""
    fin = (maintenant or timezone.now()) - MARGE_PUBLICATION
    a_traiter = Alerte.objects.filter(
        frequence=frequence,
        active=True,
        utilisateur__is_active=True,
        dernier_envoi_le__lt=fin,
    )
    debut = a_traiter.order_by("dernier_envoi_le").values_list("dernier_envoi_le", flat=True)
    debut = debut.first()
    if debut is None:
        return 0
    # One cheap query spares one per alert on days when nothing was published.
    if not Fiche.objects.publiees().filter(publiee_le__gt=debut, publiee_le__lte=fin).exists():
        return 0
    envoyes = 0
    for pk in a_traiter.order_by("pk").values_list("pk", flat=True):
        try:
            envoyes += _envoyer_resume(pk, fin)
        except Exception:  # noqa: BLE001 — one broken alert must not stop the others
            logger.exception("Digest of alert %s failed; it will be retried next time", pk)
    return envoyes


@transaction.atomic
def _envoyer_resume(pk: int, fin: datetime) -> bool:
    alerte = (
        Alerte.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("utilisateur")
        .filter(pk=pk, active=True, dernier_envoi_le__lt=fin)
        .first()
    )
    if alerte is None:  # being sent by a concurrent run, or already sent
        return False
    nouvelles = moteur.index_publie().filter(
        publiee_le__gt=alerte.dernier_envoi_le, publiee_le__lte=fin
    )
    filtre = filtre_de(alerte.parametres, queryset=nouvelles)
    if not filtre.is_valid():
        # A value of the search has gone (a vocabulary entry retired): say so in the
        # logs and keep the alert as it is, nothing is sent nor marked.
        logger.warning("Alert %s has an invalid search: %s", pk, erreurs_de_recherche(filtre))
        return False
    fiches = list(
        moteur.plus_recentes(filtre.qs, FICHES_MAX_PAR_COURRIEL + 1).only(
            "slug", "titre", "resume", "publiee_le"
        )
    )
    envoye = False
    if fiches:
        total = len(fiches)
        if total > FICHES_MAX_PAR_COURRIEL:
            total = filtre.qs.count()
        _courriel(alerte, fiches[:FICHES_MAX_PAR_COURRIEL], total)
        envoye = True
    alerte.dernier_envoi_le = fin
    alerte.save(update_fields=["dernier_envoi_le"])
    return envoye


def lien_desabonnement(alerte: Alerte) -> str:
    return settings.SITE_URL + reverse("decouverte:desabonnement", args=[alerte.jeton])


def _courriel(alerte: Alerte, fiches: list[Fiche], total: int) -> None:
    desabonnement = lien_desabonnement(alerte)
    contexte = {
        "site_name": settings.SITE_NAME,
        "utilisateur": alerte.utilisateur,
        "alerte": alerte,
        "fiches": [
            FicheResumee(
                titre=f.titre,
                lien=settings.SITE_URL + reverse("pratiques:fiche", args=[f.slug]),
                resume=" ".join(f.resume.split()),
                publiee_le=f.publiee_le,
            )
            for f in fiches
        ],
        "total": total,
        "autres": total - len(fiches),
        "lien_recherche": lien_recherche(alerte.parametres, absolu=True, par_date=True),
        "lien_alertes": settings.SITE_URL + reverse("decouverte:alertes"),
        "lien_desabonnement": desabonnement,
    }
    sujet = " ".join(render_to_string("decouverte/emails/alerte_sujet.txt", contexte).splitlines())
    EmailMultiAlternatives(
        subject=sujet.strip(),
        body=render_to_string("decouverte/emails/alerte.txt", contexte),
        to=[alerte.utilisateur.email],
        headers={
            "List-Unsubscribe": f"<{desabonnement}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()
