"""E-mails about fiches. They go through the outbox (core.mail.OutboxBackend), inside the
transaction of the change that causes them."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from pratiques.models import Etat


def _envoyer(gabarit: str, destinataires: list[str], contexte: dict) -> None:
    if not destinataires:
        return
    contexte = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **contexte}
    sujet = " ".join(render_to_string(f"pratiques/emails/{gabarit}_sujet.txt", contexte).split())
    corps = render_to_string(f"pratiques/emails/{gabarit}.txt", contexte)
    for destinataire in destinataires:
        send_mail(sujet, corps, None, [destinataire])


def moderateurs_de(departement_id: int | None):
    """Active modérateurs of a département; national administrators for national fiches."""
    utilisateurs = get_user_model().objects.filter(is_active=True)
    if departement_id is None:
        return utilisateurs.filter(Q(role="admin_national") | Q(is_superuser=True))
    return utilisateurs.filter(role="moderateur", departements=departement_id)


def _lien(nom: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(nom, kwargs=kwargs)


def soumission(fiche, *, revision=None) -> None:
    destinataires = [
        u.email for u in moderateurs_de(fiche.departement_moderation_id) if u.pk != fiche.auteur_id
    ]
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


def regrouper_par_moderateur(fiches_en_attente, moderateurs) -> dict:
    """Map each moderator to the waiting fiches they can act on (bounded queries)."""
    par_departement = defaultdict(list)
    for fiche in fiches_en_attente:
        par_departement[fiche.departement_moderation_id].append(fiche)
    resultat = {}
    for moderateur in moderateurs:
        if moderateur.est_admin_national:
            resultat[moderateur] = par_departement.get(None, [])
        else:
            resultat[moderateur] = [
                fiche
                for departement in moderateur.departements.all()
                for fiche in par_departement.get(departement.pk, [])
                if fiche.auteur_id != moderateur.pk
            ]
    return resultat
