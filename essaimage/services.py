"""The life of a reprise, one function per use case (see essaimage.cycle).

Each asks the table first (`cycle.exiger`), changes the row under SELECT … FOR UPDATE,
keeps the source fiche's `nb_reprises` (its published reprises, which the search index
copies) in the same transaction, and queues the e-mails there too (outbox).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from confidentialite.donnees_personnelles import detecter
from essaimage import cycle, notifications
from essaimage.models import EtatReprise, Reprise
from pratiques import contenu as contenus
from pratiques import services as pratiques_services
from pratiques.cycle import EtatIncompatible, TransitionInterdite
from pratiques.models import Fiche, PrecisionDate, StatutAction
from pratiques.services import DonneesPersonnellesAConfirmer, departement_de_moderation

__all__ = [
    "CHAMPS_TEXTE",
    "DonneesPersonnellesAConfirmer",
    "EtatIncompatible",
    "TransitionInterdite",
    "declarer",
    "publier",
    "refuser",
    "retirer",
    "rediger_fiche_derivee",
    "signalements_de",
]

# The free texts a reprise's author writes: what the personal-data detector reads.
CHAMPS_TEXTE = ("garde", "adapte", "leviers", "freins", "premiers_resultats")
MESSAGE_FICHE_NON_PUBLIEE = "Seule une fiche publiée peut être déclarée comme reprise."


def signalements_de(textes: dict):
    """Likely personal data in a reprise's free texts (a dict, or a Reprise)."""
    if isinstance(textes, Reprise):
        textes = {champ: getattr(textes, champ) for champ in CHAMPS_TEXTE}
    return detecter({champ: textes.get(champ, "") for champ in CHAMPS_TEXTE})


@transaction.atomic
def declarer(
    fiche: Fiche,
    *,
    par,
    territoire,
    depuis,
    contact_autorise=False,
    donnees_personnelles_relues=False,
    **textes,
) -> Reprise:
    """Record that `par` took up this published fiche's approach in `territoire`. Like a
    fiche's submission, likely personal data must have been shown to its author, who
    acknowledges it."""
    transition = cycle.exiger("declarer", None, par)
    fiche = Fiche.objects.select_for_update().get(pk=fiche.pk)
    if not fiche.est_publiee:
        raise EtatIncompatible(MESSAGE_FICHE_NON_PUBLIEE)
    textes = {champ: (textes.get(champ) or "").strip() for champ in CHAMPS_TEXTE}
    if signalements_de(textes) and not donnees_personnelles_relues:
        raise DonneesPersonnellesAConfirmer(signalements_de(textes))
    reprise = Reprise.objects.create(
        fiche_source=fiche,
        auteur=par,
        territoire=territoire,
        depuis=depuis.replace(day=1),
        departement_moderation=departement_de_moderation([territoire]),
        contact_autorise=bool(contact_autorise),
        etat=transition.vers,
        **textes,
    )
    notifications.declaration(reprise)
    return reprise


def _verrouiller(reprise: Reprise) -> Reprise:
    return Reprise.objects.select_for_update().select_related("fiche_source").get(pk=reprise.pk)


def _compter(fiche_id: int, difference: int) -> None:
    """Keep the source's count of published reprises (the index trigger copies it)."""
    Fiche.objects.filter(pk=fiche_id).update(nb_reprises=F("nb_reprises") + difference)


def _decider(reprise, nom, *, par, motif="", confirme_donnees_personnelles=False) -> Reprise:
    reprise = _verrouiller(reprise)
    transition = cycle.exiger(nom, reprise, par)
    motif = motif.strip()
    if transition.motif_requis and not motif:
        raise EtatIncompatible("Expliquez votre décision à l’auteur de la reprise.")
    signalements = signalements_de(reprise) if transition.vers == EtatReprise.PUBLIEE else []
    if signalements and not confirme_donnees_personnelles:
        raise DonneesPersonnellesAConfirmer(signalements)
    avant = reprise.etat
    reprise.etat = transition.vers
    reprise.motif_refus = motif if transition.motif_requis else ""
    reprise.decidee_par = par
    reprise.decidee_le = timezone.now()
    reprise.donnees_personnelles_confirmees = bool(signalements)
    reprise.save()
    if avant == EtatReprise.PUBLIEE or transition.vers == EtatReprise.PUBLIEE:
        _compter(reprise.fiche_source_id, 1 if transition.vers == EtatReprise.PUBLIEE else -1)
    notifications.decision(reprise)
    return reprise


@transaction.atomic
def publier(reprise: Reprise, *, par, confirme_donnees_personnelles=False) -> Reprise:
    """Publish: the source fiche shows it and counts it; its author is told."""
    return _decider(
        reprise, "publier", par=par, confirme_donnees_personnelles=confirme_donnees_personnelles
    )


@transaction.atomic
def refuser(reprise: Reprise, *, par, motif: str) -> Reprise:
    return _decider(reprise, "refuser", par=par, motif=motif)


@transaction.atomic
def retirer(reprise: Reprise, *, par, motif: str) -> Reprise:
    """Withdraw a published reprise (it no longer counts)."""
    return _decider(reprise, "retirer", par=par, motif=motif)


MESSAGE_PAS_AUTEUR = "Seul l’auteur de la reprise peut en rédiger la fiche."
MESSAGE_DEJA_DERIVEE = (
    "La fiche de cette reprise est déjà commencée\u00a0: retrouvez-la dans vos fiches."
)
MESSAGE_NON_PUBLIEE = "Une reprise doit être publiée avant qu’on en rédige la fiche."


@transaction.atomic
def rediger_fiche_derivee(reprise: Reprise, *, par) -> Fiche:
    """A draft fiche for the reprise, prefilled from the source fiche and from what the
    reprise says, placed in the reprise's territory; both are linked."""
    reprise = _verrouiller(reprise)
    if not par.is_authenticated or reprise.auteur_id != par.pk:
        raise TransitionInterdite(MESSAGE_PAS_AUTEUR)
    if reprise.etat != EtatReprise.PUBLIEE:
        raise EtatIncompatible(MESSAGE_NON_PUBLIEE)
    if reprise.fiche_derivee_id is not None:
        raise EtatIncompatible(MESSAGE_DEJA_DERIVEE)
    contenu = contenus.extraire(reprise.fiche_source)
    contenu.update(
        {
            "titre": f"{reprise.fiche_source.titre} ({reprise.territoire.nom})"[:200],
            "territoires": [reprise.territoire.reference],
            "date_debut": reprise.depuis,
            "date_debut_precision": PrecisionDate.MOIS,
            "date_fin": None,
            "date_fin_precision": "",
            "statut_action": StatutAction.EN_COURS,
            "leviers": reprise.leviers or contenu.get("leviers", ""),
            "freins": reprise.freins or contenu.get("freins", ""),
            "resultats": reprise.premiers_resultats,
            "contact_email": "",
            "contact_structure": "",
            "contact_role": "",
        }
    )
    fiche = pratiques_services.creer_brouillon(auteur=par, contenu=contenu)
    reprise.fiche_derivee = fiche
    reprise.save(update_fields=["fiche_derivee"])
    Fiche.objects.filter(pk=fiche.pk).update(inspiree_de=reprise.fiche_source)
    fiche.inspiree_de = reprise.fiche_source
    return fiche
