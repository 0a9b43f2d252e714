"""E-mails about fiches. They go through the outbox (core.mail.OutboxBackend), inside the
transaction of the change that causes them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from pratiques import cycle
from pratiques.models import Etat


def _envoyer(gabarit: str, destinataires: list[str], contexte: dict) -> None:
    if not destinataires:
        return
    contexte = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **contexte}
    sujet = " ".join(render_to_string(f"pratiques/emails/{gabarit}_sujet.txt", contexte).split())
    corps = render_to_string(f"pratiques/emails/{gabarit}.txt", contexte)
    for destinataire in destinataires:
        send_mail(sujet, corps, None, [destinataire])


def _lien(nom: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(nom, kwargs=kwargs)


def destinataires_soumission(fiche) -> list[str]:
    """Who is told of a submission: the fiche's département's moderators (national
    administrators for a national fiche), but not the person who submitted it."""
    moderateurs = get_user_model().objects.moderateurs_de(fiche.departement_moderation_id)
    return [u.email for u in moderateurs if u.pk != fiche.auteur_id]


def soumission(fiche, *, revision=None) -> None:
    destinataires = destinataires_soumission(fiche)
    _envoyer(
        "soumission",
        destinataires,
        {
            "fiche": fiche,
            "revision": revision,
            "lien": _lien("pratiques:moderer", pk=fiche.pk),
        },
    )


def decision(fiche, evenement) -> None:
    if fiche.auteur is None or not fiche.auteur.is_active or fiche.auteur_id == evenement.acteur_id:
        return
    lien = (
        _lien("pratiques:fiche", slug=fiche.slug)
        if evenement.etat_apres == Etat.PUBLIEE
        else _lien("pratiques:mes_fiches")
    )
    _envoyer(
        "decision",
        [fiche.auteur.email],
        {"fiche": fiche, "evenement": evenement, "lien": lien},
    )


def resume_hebdomadaire(file_par_moderateur: dict) -> int:
    """One e-mail per moderator listing what waits in their queue; returns how many."""
    envoyes = 0
    for moderateur, fiches in file_par_moderateur.items():
        if not fiches:
            continue
        _envoyer(
            "resume_hebdomadaire",
            [moderateur.email],
            {
                "moderateur": moderateur,
                "fiches": fiches,
                "lien": _lien("pratiques:file_moderation"),
            },
        )
        envoyes += 1
    return envoyes


def file_par_moderateur(fiches_en_attente) -> dict:
    """Map each moderator to the waiting fiches of their queue: those of the
    départements where they are among `moderateurs_de` (national fiches for national
    administrators) that they may act on (cycle.peut_moderer: not their own). Two
    queries, whatever the numbers."""
    moderateurs = get_user_model().objects.moderateurs().prefetch_related("departements")
    return {
        moderateur: [
            fiche
            for fiche in fiches_en_attente
            if moderateur.modere_en(fiche.departement_moderation_id)
            and cycle.peut_moderer(moderateur, fiche)
        ]
        for moderateur in moderateurs
    }


def rappel_actualite(fiche, palier: int, jeton: str) -> None:
    """The reminder of pratiques.actualite: one-click "toujours d'actualité" (signed,
    no login) and the link to update the fiche."""
    _envoyer(
        "rappel_actualite",
        [fiche.auteur.email],
        {
            "fiche": fiche,
            "auteur": fiche.auteur,
            "palier": palier,
            "lien_confirmation": _lien("pratiques:actualite", jeton=jeton),
            "lien_modification": _lien("pratiques:modifier", pk=fiche.pk),
            "lien_fiche": _lien("pratiques:fiche", slug=fiche.slug),
        },
    )


def territoire_mis_a_jour(fiche, raisons: str) -> None:
    """The author of a fiche that followed the official geography (pratiques.geographie)."""
    if fiche.auteur is None or not fiche.auteur.is_active:
        return
    lien = (
        _lien("pratiques:fiche", slug=fiche.slug)
        if fiche.etat == Etat.PUBLIEE
        else _lien("pratiques:mes_fiches")
    )
    _envoyer(
        "territoire_mis_a_jour",
        [fiche.auteur.email],
        {"fiche": fiche, "raisons": raisons, "lien": lien},
    )
