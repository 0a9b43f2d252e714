"""The life of a fiche (domain.md §4) as explicit transitions.

Each transition checks who may do it and from which state, changes the rows under
SELECT … FOR UPDATE, writes an EvenementModeration and queues the notifications in
the same transaction (outbox). Nothing else writes `etat`.

Moderation acts on "what is submitted": the fiche itself until its first publication,
then its open revision, while the published version stays online.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from pratiques import contenu as contenus
from pratiques import notifications
from pratiques.donnees_personnelles import detecter
from pratiques.models import Etat, EvenementModeration, Fiche, Motif, Revision


class TransitionInterdite(Exception):
    """The user may not do this (403) or not in this state (409). Message in French."""

    statut_http = 403


class EtatIncompatible(TransitionInterdite):
    statut_http = 409


class ConflitDeVersion(EtatIncompatible):
    """Someone saved the fiche since this user opened it (optimistic locking)."""


class DonneesPersonnellesAConfirmer(EtatIncompatible):
    """Likely personal data was found: the author (before submission) or the moderator
    (before publication) must confirm explicitly; the confirmation is logged."""

    def __init__(self, signalements):
        self.signalements = signalements
        super().__init__(
            "Des données personnelles probables ont été détectées dans la fiche. "
            "Vérifiez-les, puis confirmez explicitement."
        )


def _resumes(signalements) -> list[str]:
    return [f"{s.champ}\u00a0: {s.libelle} «\u00a0{s.extrait}\u00a0»"[:300] for s in signalements]


# --- Who may do what ---------------------------------------------------------------


def peut_moderer(utilisateur, fiche: Fiche) -> bool:
    """National administrators moderate every fiche; a modérateur the fiches of the
    départements they hold (national fiches go to administrators only). Nobody
    moderates a fiche they wrote, unless national administrator."""
    if not utilisateur.is_authenticated:
        return False
    if utilisateur.est_admin_national:
        return True
    if not utilisateur.est_moderateur or fiche.auteur_id == utilisateur.pk:
        return False
    return (
        fiche.departement_moderation_id is not None
        and utilisateur.departements.filter(pk=fiche.departement_moderation_id).exists()
    )


def peut_voir_historique(utilisateur, fiche: Fiche) -> bool:
    return utilisateur.is_authenticated and (
        fiche.auteur_id == utilisateur.pk or peut_moderer(utilisateur, fiche)
    )


def _exiger_auteur(fiche: Fiche, par) -> None:
    if fiche.auteur_id != par.pk:
        raise TransitionInterdite("Seul l’auteur de la fiche peut la modifier ou la soumettre.")


def _exiger_moderateur(fiche: Fiche, par) -> None:
    if not peut_moderer(par, fiche):
        raise TransitionInterdite(
            "Vous ne modérez pas les fiches de ce territoire : seuls les modérateurs du "
            "département concerné ou un administrateur national le peuvent."
        )


# --- Helpers -----------------------------------------------------------------------


def departement_de_moderation(territoires) -> "Territoire | None":  # noqa: F821
    """The one département all territories lie in; None (national moderation) when
    they span several départements, or any is a région, France or a foreign country."""
    departements = set()
    for territoire in territoires:
        couverts = list(territoire.departements_couverts())
        if not couverts:
            return None
        departements.update(couverts)
    return departements.pop() if len(departements) == 1 else None


def _slug_libre(titre: str) -> str:
    base = slugify(titre)[:200] or "fiche"
    slug, rang = base, 1
    while Fiche.objects.filter(slug=slug).exists():
        rang += 1
        slug = f"{base}-{rang}"
    return slug


def _verrouiller(fiche: Fiche) -> Fiche:
    return Fiche.objects.select_for_update().get(pk=fiche.pk)


def _journaliser(fiche, *, par, avant, apres, revision=None, motif="", message="", **autres):
    return EvenementModeration.objects.create(
        fiche=fiche,
        revision=revision,
        acteur=par,
        etat_avant=avant,
        etat_apres=apres,
        motif=motif,
        message=message,
        **autres,
    )


@dataclass
class Soumission:
    """What moderation acts on: the fiche itself, or its open revision."""

    fiche: Fiche
    revision: Revision | None

    @property
    def etat(self) -> str:
        return self.revision.etat if self.revision else self.fiche.etat

    def contenu(self) -> dict:
        return self.revision.contenu if self.revision else contenus.extraire(self.fiche)


def _soumission(fiche: Fiche, *, verrouiller: bool = True) -> Soumission:
    if fiche.etat == Etat.PUBLIEE:
        revisions = Revision.objects.filter(fiche=fiche, etat__in=Revision.ETATS_OUVERTS)
        if verrouiller:
            revisions = revisions.select_for_update()
        return Soumission(fiche, revisions.first())
    return Soumission(fiche, None)


# --- Writing -----------------------------------------------------------------------


@transaction.atomic
def creer_brouillon(*, auteur, contenu: dict) -> Fiche:
    """A new draft, saved even when incomplete (validation comes at submission)."""
    propre = contenus.normaliser(contenu)
    contenus.verifier(propre)
    fiche = Fiche(auteur=auteur, slug=_slug_libre(propre["titre"]), etat=Etat.BROUILLON)
    fiche.titre = propre["titre"]
    fiche.save()
    contenus.appliquer(fiche, propre)
    fiche.departement_moderation = departement_de_moderation(fiche.territoires.all())
    fiche.save()
    _journaliser(fiche, par=auteur, avant="", apres=Etat.BROUILLON)
    return fiche


@transaction.atomic
def enregistrer(fiche: Fiche, *, par, contenu: dict, version: int) -> Fiche | Revision:
    """Save the author's changes. Before the first publication they go onto the fiche;
    afterwards into a revision, so that the published version stays online. The
    `version` the author started from must still be current, otherwise nothing is
    saved and ConflitDeVersion tells them so."""
    fiche = _verrouiller(fiche)
    _exiger_auteur(fiche, par)
    propre = contenus.normaliser(contenu)
    if fiche.etat == Etat.PUBLIEE:
        return _enregistrer_revision(fiche, par=par, contenu=propre, version=version)
    if fiche.etat not in (Etat.BROUILLON, Etat.MODIFICATIONS_DEMANDEES):
        raise EtatIncompatible(
            f"Cette fiche est « {fiche.get_etat_display().lower()} » : elle ne peut plus "
            "être modifiée."
        )
    if fiche.version != version:
        raise ConflitDeVersion(_MESSAGE_CONFLIT)
    contenus.appliquer(fiche, propre)
    fiche.departement_moderation = departement_de_moderation(fiche.territoires.all())
    fiche.version += 1
    fiche.modifiee_le = timezone.now()
    fiche.save()
    return fiche


_MESSAGE_CONFLIT = (
    "Cette fiche a été modifiée par ailleurs depuis que vous l’avez ouverte : vos "
    "changements n’ont pas été enregistrés pour ne pas écraser les autres. Rechargez la "
    "fiche, puis reportez vos modifications."
)


def _enregistrer_revision(fiche, *, par, contenu, version) -> Revision:
    revision = (
        Revision.objects.select_for_update()
        .filter(fiche=fiche, etat__in=Revision.ETATS_OUVERTS)
        .first()
    )
    if revision is None:
        # A new revision starts from the published fiche, whose version guards it.
        if fiche.version != version:
            raise ConflitDeVersion(_MESSAGE_CONFLIT)
        # The revision continues the fiche's numbering: an editor who opened the form
        # at the fiche's version conflicts with this one.
        revision = Revision.objects.create(
            fiche=fiche, auteur=par, contenu=contenu, version=fiche.version + 1
        )
        _journaliser(fiche, par=par, revision=revision, avant="", apres=Etat.BROUILLON)
        return revision
    if revision.etat == Etat.SOUMISE:
        raise EtatIncompatible(
            "Vos modifications sont en cours de relecture : attendez la décision du "
            "modérateur avant de modifier à nouveau la fiche."
        )
    if revision.version != version:
        raise ConflitDeVersion(_MESSAGE_CONFLIT)
    revision.contenu = contenu
    revision.version += 1
    revision.modifiee_le = timezone.now()
    revision.save()
    return revision


def version_courante(fiche: Fiche) -> int:
    """The version an edit form must send back: the open revision's, or the fiche's."""
    revision = fiche.revision_ouverte() if fiche.etat == Etat.PUBLIEE else None
    return revision.version if revision else fiche.version


@transaction.atomic
def importer(*, contenu: dict, source: str, identifiant: str, publier: bool = False, par=None):
    """Create or update a fiche coming from elsewhere (demo data, a partner's batch),
    idempotent on (source, identifiant). With `publier`, the fiche is published at
    once — only for sources the platform already trusts (the report's examples); the
    event records that it came from an import. Returns (fiche, created)."""
    propre = contenus.normaliser(contenu)
    contenus.verifier(propre)
    fiche = (
        Fiche.objects.select_for_update()
        .filter(source_import=source, identifiant_externe=identifiant)
        .first()
    )
    cree = fiche is None
    if cree:
        fiche = Fiche(
            auteur=par,
            slug=_slug_libre(propre["titre"]),
            source_import=source,
            identifiant_externe=identifiant,
        )
        fiche.titre = propre["titre"]
        fiche.save()
    avant = "" if cree else fiche.etat
    contenus.appliquer(fiche, propre)
    fiche.departement_moderation = departement_de_moderation(fiche.territoires.all())
    maintenant = timezone.now()
    # An archived fiche stays archived: a moderator's decision outlives re-imports.
    if publier and fiche.etat not in (Etat.PUBLIEE, Etat.ARCHIVEE):
        fiche.etat = Etat.PUBLIEE
        fiche.publiee_le = fiche.publiee_le or maintenant
    if not cree:
        fiche.version += 1
    fiche.modifiee_le = maintenant
    fiche.save()
    if avant != fiche.etat:
        _journaliser(
            fiche, par=par, avant=avant, apres=fiche.etat, message=f"Import depuis « {source} »."
        )
    return fiche, cree


# --- Submission and moderation -----------------------------------------------------


def champs_manquants(contenu: dict) -> list[str]:
    """Fields required before a fiche can be submitted (French labels)."""
    requis = [
        "titre", "resume", "thematiques", "formes_intervention", "territoires", "echelle",
        "description", "statut_action",
    ]  # fmt: skip
    return [contenus.libelle(champ) for champ in requis if not contenu.get(champ)]


@transaction.atomic
def soumettre(fiche: Fiche, *, par, donnees_personnelles_relues: bool = False) -> Soumission:
    """Submit a draft (or the open revision) for moderation. Likely personal data must
    have been shown to the author, who acknowledges it: the flags and the
    acknowledgement are logged with the submission."""
    fiche = _verrouiller(fiche)
    _exiger_auteur(fiche, par)
    soumission = _soumission(fiche)
    if soumission.etat not in (Etat.BROUILLON, Etat.MODIFICATIONS_DEMANDEES):
        raise EtatIncompatible("Seul un brouillon ou une fiche à modifier peut être soumis.")
    manquants = champs_manquants(soumission.contenu())
    if manquants:
        raise EtatIncompatible(
            "Avant de soumettre la fiche, complétez : " + ", ".join(manquants) + "."
        )
    signalements = detecter(soumission.contenu())
    if signalements and not donnees_personnelles_relues:
        raise DonneesPersonnellesAConfirmer(signalements)
    avant = soumission.etat
    maintenant = timezone.now()
    if soumission.revision:
        soumission.revision.etat = Etat.SOUMISE
        soumission.revision.soumise_le = maintenant
        soumission.revision.save(update_fields=["etat", "soumise_le"])
    else:
        fiche.etat = Etat.SOUMISE
        fiche.soumise_le = maintenant
        fiche.save(update_fields=["etat", "soumise_le"])
    _journaliser(
        fiche,
        par=par,
        revision=soumission.revision,
        avant=avant,
        apres=Etat.SOUMISE,
        donnees_personnelles_confirmees=bool(signalements),
        signalements=_resumes(signalements),
    )
    notifications.soumission(fiche, revision=soumission.revision)
    return soumission


@transaction.atomic
def _decision_sur_soumission(fiche, *, par, apres, motif="", message="", **autres):
    fiche = _verrouiller(fiche)
    _exiger_moderateur(fiche, par)
    soumission = _soumission(fiche)
    if soumission.etat != Etat.SOUMISE:
        raise EtatIncompatible("Cette fiche n’est pas (ou plus) en attente de relecture.")
    if apres in (Etat.MODIFICATIONS_DEMANDEES, Etat.REFUSEE):
        if motif not in Motif.values:
            raise EtatIncompatible("Choisissez un motif dans la liste.")
        if not message.strip():
            raise EtatIncompatible("Expliquez votre décision à l’auteur dans le message.")
    maintenant = timezone.now()
    if soumission.revision:
        soumission.revision.etat = apres
        soumission.revision.decidee_le = maintenant
        soumission.revision.save(update_fields=["etat", "decidee_le"])
    else:
        fiche.etat = apres
        fiche.save(update_fields=["etat"])
    evenement = _journaliser(
        fiche,
        par=par,
        revision=soumission.revision,
        avant=Etat.SOUMISE,
        apres=apres,
        motif=motif,
        message=message.strip(),
        **autres,
    )
    notifications.decision(fiche, evenement)
    return fiche, soumission


def demander_modifications(fiche: Fiche, *, par, motif: str, message: str) -> Fiche:
    fiche, _ = _decision_sur_soumission(
        fiche, par=par, apres=Etat.MODIFICATIONS_DEMANDEES, motif=motif, message=message
    )
    return fiche


def refuser(fiche: Fiche, *, par, motif: str, message: str) -> Fiche:
    fiche, _ = _decision_sur_soumission(
        fiche, par=par, apres=Etat.REFUSEE, motif=motif, message=message
    )
    return fiche


def signalements_de(fiche: Fiche):
    """Likely personal data in what is submitted (the fiche or its open revision)."""
    return detecter(_soumission(fiche, verrouiller=False).contenu())


@transaction.atomic
def publier(
    fiche: Fiche, *, par, message: str = "", confirme_donnees_personnelles: bool = False
) -> Fiche:
    """Publish what is submitted. If likely personal data is detected, publication
    needs the moderator's explicit confirmation, which is logged with the flags."""
    fiche = _verrouiller(fiche)
    _exiger_moderateur(fiche, par)
    soumission = _soumission(fiche)
    if soumission.etat != Etat.SOUMISE:
        raise EtatIncompatible("Cette fiche n’est pas (ou plus) en attente de relecture.")
    signalements = detecter(soumission.contenu())
    if signalements and not confirme_donnees_personnelles:
        raise DonneesPersonnellesAConfirmer(signalements)
    maintenant = timezone.now()
    if soumission.revision:
        contenus.appliquer(fiche, contenus.normaliser(soumission.revision.contenu))
        fiche.departement_moderation = departement_de_moderation(fiche.territoires.all())
        soumission.revision.pieces_jointes.update(revision=None)
        soumission.revision.etat = Etat.PUBLIEE
        soumission.revision.decidee_le = maintenant
        soumission.revision.save(update_fields=["etat", "decidee_le"])
        fiche.version += 1
    else:
        fiche.etat = Etat.PUBLIEE
        fiche.publiee_le = fiche.publiee_le or maintenant
    fiche.modifiee_le = maintenant
    fiche.save()
    evenement = _journaliser(
        fiche,
        par=par,
        revision=soumission.revision,
        avant=Etat.SOUMISE,
        apres=Etat.PUBLIEE,
        message=message.strip(),
        donnees_personnelles_confirmees=bool(signalements),
        signalements=_resumes(signalements),
    )
    notifications.decision(fiche, evenement)
    return fiche


@transaction.atomic
def archiver(fiche: Fiche, *, par, message: str = "") -> Fiche:
    fiche = _verrouiller(fiche)
    _exiger_moderateur(fiche, par)
    if fiche.etat != Etat.PUBLIEE:
        raise EtatIncompatible("Seule une fiche publiée peut être archivée.")
    fiche.etat = Etat.ARCHIVEE
    fiche.modifiee_le = timezone.now()
    fiche.save(update_fields=["etat", "modifiee_le"])
    evenement = _journaliser(
        fiche, par=par, avant=Etat.PUBLIEE, apres=Etat.ARCHIVEE, message=message.strip()
    )
    notifications.decision(fiche, evenement)
    return fiche


def envoyer_resumes_hebdomadaires() -> int:
    """E-mail each moderator what waits in their queue; returns how many were sent."""
    from django.contrib.auth import get_user_model

    fiches = list(Fiche.objects.en_attente_de_moderation().order_by("date_soumission"))
    moderateurs = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(role="moderateur") | Q(role="admin_national") | Q(is_superuser=True))
        .prefetch_related("departements")
    )
    return notifications.resume_hebdomadaire(
        notifications.regrouper_par_moderateur(fiches, moderateurs)
    )
