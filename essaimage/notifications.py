"""E-mails about reprises, through the outbox (core.mail.OutboxBackend), inside the
transaction of the change that causes them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from essaimage.models import EtatReprise


def _envoyer(gabarit: str, destinataires: list[str], contexte: dict) -> None:
    if not destinataires:
        return
    contexte = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **contexte}
    sujet = " ".join(render_to_string(f"essaimage/emails/{gabarit}_sujet.txt", contexte).split())
    corps = render_to_string(f"essaimage/emails/{gabarit}.txt", contexte)
    for destinataire in destinataires:
        send_mail(sujet, corps, None, [destinataire])


def _lien(nom: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(nom, kwargs=kwargs)


def _actif(utilisateur) -> bool:
    return utilisateur is not None and utilisateur.is_active


def declaration(reprise) -> None:
    """The moderators of the reprise's département (who moderates: comptes), not its author."""
    moderateurs = get_user_model().objects.moderateurs_de(reprise.departement_moderation_id)
    _envoyer(
        "declaration",
        [u.email for u in moderateurs if u.pk != reprise.auteur_id],
        {"reprise": reprise, "lien": _lien("essaimage:moderer", pk=reprise.pk)},
    )


def decision(reprise) -> None:
    """Its author hears of the decision; on publication, the source fiche's author too."""
    lien_reprises = _lien("essaimage:reprises", slug=reprise.fiche_source.slug)
    if _actif(reprise.auteur) and reprise.auteur_id != reprise.decidee_par_id:
        _envoyer(
            "decision",
            [reprise.auteur.email],
            {
                "reprise": reprise,
                "lien": lien_reprises
                if reprise.etat == EtatReprise.PUBLIEE
                else _lien("essaimage:mes_reprises"),
            },
        )
    source = reprise.fiche_source
    if (
        reprise.etat == EtatReprise.PUBLIEE
        and _actif(source.auteur)
        and source.auteur_id != reprise.auteur_id
    ):
        _envoyer(
            "reprise_publiee", [source.auteur.email], {"reprise": reprise, "lien": lien_reprises}
        )
