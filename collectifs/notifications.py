"""E-mails about collectifs. Like every e-mail of the platform they go through the
outbox (core.mail.OutboxBackend): written in the transaction of the change that
causes them, delivered by a worker once it commits."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from collectifs.models import Membre


def _lien(nom: str, *args) -> str:
    return settings.SITE_URL + reverse(nom, args=args)


def _envoyer(gabarit: str, destinataires, contexte: dict, *, repondre_a=None) -> int:
    """One message per recipient (nobody sees the others' addresses)."""
    destinataires = sorted(set(destinataires))
    if not destinataires:
        return 0
    contexte = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **contexte}
    sujet = " ".join(render_to_string(f"collectifs/emails/{gabarit}_sujet.txt", contexte).split())
    sujet = re.sub(r"[\r\n]+", " ", sujet)
    corps = render_to_string(f"collectifs/emails/{gabarit}.txt", contexte)
    for destinataire in destinataires:
        EmailMessage(sujet, corps, to=[destinataire], reply_to=repondre_a or []).send()
    return len(destinataires)


def adresses_des_animateurs(collectif) -> list[str]:
    return list(
        Membre.objects.animateurs()
        .filter(collectif=collectif, utilisateur__is_active=True)
        .values_list("utilisateur__email", flat=True)
    )


def _instance(collectif, *, sauf=None) -> list[str]:
    """The recognition body: the département's modérateurs (national administrators
    for a collectif recognised nationally), less the collectif's own members, who may
    not examine it."""
    moderateurs = (
        get_user_model()
        .objects.moderateurs_de(collectif.departement_id)
        .exclude(pk__in=collectif.membres.values("utilisateur"))
    )
    return [u.email for u in moderateurs if u.pk != sauf]


def candidature(collectif, evenement) -> None:
    _envoyer(
        "candidature",
        _instance(collectif, sauf=evenement.acteur_id),
        {
            "collectif": collectif,
            "evenement": evenement,
            "lien": _lien("collectifs:examiner", collectif.slug),
        },
    )


def decision(collectif, evenement) -> None:
    _envoyer(
        "decision",
        adresses_des_animateurs(collectif),
        {
            "collectif": collectif,
            "evenement": evenement,
            "lien": _lien("collectifs:gerer", collectif.slug),
        },
    )


def adhesion_demandee(membre) -> None:
    _envoyer(
        "adhesion_demandee",
        adresses_des_animateurs(membre.collectif),
        {
            "collectif": membre.collectif,
            "membre": membre,
            "lien": _lien("collectifs:membres", membre.collectif.slug),
        },
    )


def adhesion_decidee(membre, *, acceptee: bool) -> None:
    if not membre.utilisateur.is_active:
        return
    _envoyer(
        "adhesion_decidee",
        [membre.utilisateur.email],
        {
            "collectif": membre.collectif,
            "acceptee": acceptee,
            "lien": _lien("collectifs:collectif", membre.collectif.slug),
        },
    )


def rapport_depose(rapport) -> None:
    collectif = rapport.collectif
    _envoyer(
        "rapport_depose",
        _instance(collectif, sauf=rapport.depose_par_id),
        {"collectif": collectif, "rapport": rapport, "lien": _lien("collectifs:file")},
    )


def rappel(collectif, type_: str, contexte: dict) -> int:
    return _envoyer(
        f"rappel_{type_}",
        adresses_des_animateurs(collectif),
        {"collectif": collectif, "lien": _lien("collectifs:gerer", collectif.slug), **contexte},
    )


def message_de_contact(collectif, *, nom: str, email: str, message: str) -> int:
    """A visitor's message, relayed to the animateurs; they answer to `email`."""
    return _envoyer(
        "contact",
        adresses_des_animateurs(collectif),
        {
            "collectif": collectif,
            "nom": re.sub(r"\s+", " ", nom).strip(),
            "email": email,
            "message": message,
            "lien": _lien("collectifs:collectif", collectif.slug),
        },
        repondre_a=[email],
    )
