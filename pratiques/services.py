"""The life of a fiche as explicit transitions, one function per use case.

Who may do what from which state is the table of pratiques.cycle: each function asks
it first (`cycle.exiger`), then changes the rows under SELECT … FOR UPDATE, writes the
state the table names and an EvenementModeration, and queues the notifications in the
same transaction (outbox). Nothing else writes `etat`.

Moderation acts on "what is submitted" (cycle.Sujet): the fiche itself until its
first publication, then its open revision, while the published version stays online.
"""

import zlib

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from confidentialite.donnees_personnelles import detecter
from pratiques import contenu as contenus
from pratiques import cycle, notifications, pieces_jointes, versions

# Raised by the functions below, declared with the table; callers catch them from here.
from pratiques.cycle import EtatIncompatible as EtatIncompatible
from pratiques.cycle import TransitionInterdite as TransitionInterdite
from pratiques.models import Etat, EvenementModeration, Fiche, Motif, Revision


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


# Slugs the API's fiche addresses use for themselves (/api/v1/pratiques/retraits/).
SLUGS_RESERVES = {"retraits"}


# The namespace of the advisory locks that make the choice of a slug wait for a
# concurrent transaction choosing from the same title (two-key form: this, the base's
# CRC-32).
VERROU_SLUGS = 7_319


def _base_du_slug(titre: str) -> str:
    return slugify(titre)[:200] or "fiche"


def _reserver_bases(bases) -> None:
    """Until the transaction ends, no other may choose a slug from these bases: it
    waits, then sees the slugs this one took (otherwise both would take the same free
    slug and the second insert would fail). Locks taken in one order: no deadlock."""
    with connection.cursor() as curseur:
        for cle in sorted({zlib.crc32(base.encode()) - 2**31 for base in bases}):
            curseur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [VERROU_SLUGS, cle])


def _slug_libre(titre: str, pris=frozenset()) -> str:
    base = _base_du_slug(titre)
    _reserver_bases([base])
    slug, rang = base, 1
    while slug in SLUGS_RESERVES or slug in pris or Fiche.objects.filter(slug=slug).exists():
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


def _soumission(fiche: Fiche, *, verrouiller: bool = True) -> cycle.Sujet:
    """What the transitions act on, its open revision locked."""
    if fiche.etat != Etat.PUBLIEE:
        return cycle.Sujet(fiche)
    revisions = Revision.objects.filter(fiche=fiche, etat__in=Revision.ETATS_OUVERTS)
    if verrouiller:
        revisions = revisions.select_for_update()
    return cycle.Sujet(fiche, revisions.first())


def _contenu(soumission: cycle.Sujet) -> dict:
    if soumission.revision:
        return soumission.revision.contenu
    return contenus.extraire(soumission.fiche)


# --- Writing -----------------------------------------------------------------------


@transaction.atomic
def creer_brouillon(*, auteur, contenu: dict) -> Fiche:
    """A new draft, saved even when incomplete (validation comes at submission)."""
    creation = cycle.exiger("creer", None, auteur)
    propre = contenus.normaliser(contenu)
    contenus.verifier(propre)
    fiche = Fiche(auteur=auteur, slug=_slug_libre(propre["titre"]), etat=creation.vers)
    fiche.titre = propre["titre"]
    fiche.save()
    contenus.appliquer(fiche, propre)
    fiche.departement_moderation = departement_de_moderation(fiche.territoires.all())
    fiche.save()
    _journaliser(fiche, par=auteur, avant=cycle.NOUVELLE, apres=creation.vers)
    return fiche


@transaction.atomic
def enregistrer(fiche: Fiche, *, par, contenu: dict, version: int) -> Fiche | Revision:
    """Save the author's changes. Before the first publication they go onto the fiche;
    afterwards into a revision, so that the published version stays online. The
    `version` the author started from must still be current, otherwise nothing is
    saved and ConflitDeVersion tells them so."""
    fiche = _verrouiller(fiche)
    soumission = _soumission(fiche)
    cycle.exiger("enregistrer", soumission, par)
    propre = contenus.normaliser(contenu)
    if fiche.etat == Etat.PUBLIEE:
        return _enregistrer_revision(
            fiche, soumission.revision, par=par, contenu=propre, version=version
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


def _enregistrer_revision(fiche, revision, *, par, contenu, version) -> Revision:
    """Into the open revision (locked, in a state the table allows), or a new one."""
    if revision is None:
        # A new revision starts from the published fiche, whose version guards it.
        if fiche.version != version:
            raise ConflitDeVersion(_MESSAGE_CONFLIT)
        # The revision continues the fiche's numbering: an editor who opened the form
        # at the fiche's version conflicts with this one.
        revision = Revision.objects.create(
            fiche=fiche, auteur=par, contenu=contenu, version=fiche.version + 1
        )
        _journaliser(fiche, par=par, revision=revision, avant=cycle.NOUVELLE, apres=revision.etat)
        return revision
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
def importer(
    *,
    contenu: dict,
    source: str,
    identifiant: str,
    publier: bool = False,
    soumettre: bool = False,
    par=None,
    message: str = "",
):
    """Create or update a fiche coming from elsewhere (demo data, a partner's batch),
    idempotent on (source, identifiant). With `publier`, the fiche is published at
    once — only for sources the platform already trusts (the report's examples, a
    trusted partner); the event records that it came from an import. With `soumettre`
    (a partner's import), the fiche goes to moderation as an author's submission, and
    the changes of a published fiche become a submitted revision, the published version
    staying online. Returns (fiche, created)."""
    propre = contenus.normaliser(contenu)
    contenus.verifier(propre)
    message = message or f"Import depuis « {source} »."
    fiche = (
        Fiche.objects.select_for_update()
        .filter(source_import=source, identifiant_externe=identifiant)
        .first()
    )
    if fiche is not None and soumettre and not publier and fiche.etat == Etat.PUBLIEE:
        _importer_revision(fiche, contenu=propre, par=par, message=message)
        return fiche, False
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
    if publier and cycle.etat_le_permet("importer", fiche):
        fiche.etat = cycle.TRANSITIONS["importer"].vers
        fiche.publiee_le = fiche.publiee_le or maintenant
    elif soumettre and cycle.etat_le_permet("soumettre", cycle.Sujet(fiche, None)):
        fiche.etat = cycle.TRANSITIONS["soumettre"].vers
        fiche.soumise_le = maintenant
    if not cree:
        fiche.version += 1
    fiche.modifiee_le = maintenant
    fiche.save()
    versions.enregistrer_si_change(fiche, par=par, auteur=par)
    if avant != fiche.etat:
        _journaliser(fiche, par=par, avant=avant, apres=fiche.etat, message=message)
    return fiche, cree


def importer_nouvelles(
    *,
    lignes: list[tuple[str, dict]],
    source: str,
    publier: bool = False,
    soumettre: bool = False,
    par=None,
    message: str = "",
) -> list[Fiche]:
    """`importer` for many fiches that do not exist yet (identifiant, contenu), in a few
    statements: a partner's file of thousands of rows. Same outcome as one `importer`
    per row: published (trusted source) or submitted, each with its event."""
    paires = []
    for identifiant, contenu in lignes:
        propre = contenus.normaliser(contenu)
        contenus.verifier(propre)
        paires.append(
            (Fiche(auteur=par, source_import=source, identifiant_externe=identifiant), propre)
        )
    if not paires:
        return []
    territoires = contenus.preparer_en_lot(paires)
    maintenant = timezone.now()
    etat = Etat.BROUILLON
    if publier and cycle.etat_le_permet("importer", Fiche(etat=Etat.BROUILLON)):
        etat = cycle.TRANSITIONS["importer"].vers
    elif soumettre and cycle.etat_le_permet("soumettre", cycle.Sujet(Fiche(etat=etat), None)):
        etat = cycle.TRANSITIONS["soumettre"].vers
    bases = {_base_du_slug(propre["titre"]) for _, propre in paires}
    _reserver_bases(bases)
    pris = set(Fiche.objects.filter(slug__in=bases).values_list("slug", flat=True)) | SLUGS_RESERVES
    departements = {}
    for (fiche, propre), lieux in zip(paires, territoires, strict=True):
        base = _base_du_slug(propre["titre"])
        fiche.slug = base if base not in pris else _slug_libre(propre["titre"], pris)
        pris.add(fiche.slug)
        cle = tuple(t.pk for t in lieux)
        if cle not in departements:
            departements[cle] = departement_de_moderation(lieux)
        fiche.departement_moderation = departements[cle]
        fiche.etat = etat
        fiche.modifiee_le = fiche.cree_le = maintenant
        if etat == Etat.PUBLIEE:
            fiche.publiee_le = maintenant
        elif etat == Etat.SOUMISE:
            fiche.soumise_le = maintenant
    Fiche.objects.bulk_create([fiche for fiche, _ in paires])
    contenus.relations_en_lot(paires)
    message = message or f"Import depuis « {source} »."
    EvenementModeration.objects.bulk_create(
        EvenementModeration(
            fiche=fiche, acteur=par, etat_avant=cycle.NOUVELLE, etat_apres=etat, message=message
        )
        for fiche, _ in paires
    )
    return [fiche for fiche, _ in paires]


def _importer_revision(fiche, *, contenu, par, message) -> Revision:
    """An import's changes to a published fiche: into its open revision (submitted
    again if it was being written), or a new submitted revision."""
    revision = (
        Revision.objects.select_for_update()
        .filter(fiche=fiche, etat__in=Revision.ETATS_OUVERTS)
        .first()
    )
    maintenant = timezone.now()
    if revision is None:
        revision = Revision(fiche=fiche, auteur=par, version=fiche.version + 1)
        avant = cycle.NOUVELLE
    else:
        revision.version += 1
        avant = revision.etat
    revision.contenu = contenu
    revision.modifiee_le = maintenant
    if avant == cycle.NOUVELLE or cycle.etat_le_permet("soumettre", cycle.Sujet(fiche, revision)):
        revision.etat = cycle.TRANSITIONS["soumettre"].vers
        revision.soumise_le = maintenant
    revision.save()
    if avant != revision.etat:
        _journaliser(
            fiche, par=par, revision=revision, avant=avant, apres=revision.etat, message=message
        )
    return revision


# --- Submission and moderation -----------------------------------------------------


@transaction.atomic
def soumettre(fiche: Fiche, *, par, donnees_personnelles_relues: bool = False) -> cycle.Sujet:
    """Submit a draft (or the open revision) for moderation. Likely personal data must
    have been shown to the author, who acknowledges it: the flags and the
    acknowledgement are logged with the submission."""
    fiche = _verrouiller(fiche)
    soumission = _soumission(fiche)
    transition = cycle.exiger("soumettre", soumission, par)
    contenu = _contenu(soumission)
    if manquants := contenus.champs_manquants(contenu):
        libelles = ", ".join(contenus.libelle(champ) for champ in manquants)
        raise EtatIncompatible(f"Avant de soumettre la fiche, complétez\u00a0: {libelles}.")
    signalements = a_signaler(soumission)
    if signalements and not donnees_personnelles_relues:
        raise DonneesPersonnellesAConfirmer(signalements)
    avant = soumission.etat
    maintenant = timezone.now()
    if soumission.revision:
        soumission.revision.etat = transition.vers
        soumission.revision.soumise_le = maintenant
        soumission.revision.save(update_fields=["etat", "soumise_le"])
    else:
        fiche.etat = transition.vers
        fiche.soumise_le = maintenant
        fiche.save(update_fields=["etat", "soumise_le"])
    _journaliser(
        fiche,
        par=par,
        revision=soumission.revision,
        avant=avant,
        apres=transition.vers,
        donnees_personnelles_confirmees=bool(signalements),
        signalements=_resumes(signalements),
    )
    notifications.soumission(fiche, revision=soumission.revision)
    return soumission


@transaction.atomic
def _decision_sur_soumission(fiche, nom, *, par, motif="", message=""):
    fiche = _verrouiller(fiche)
    soumission = _soumission(fiche)
    transition = cycle.exiger(nom, soumission, par)
    avant, apres = soumission.etat, transition.vers
    if transition.motif_requis:
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
        avant=avant,
        apres=apres,
        motif=motif,
        message=message.strip(),
    )
    notifications.decision(fiche, evenement)
    return fiche


def demander_modifications(fiche: Fiche, *, par, motif: str, message: str) -> Fiche:
    return _decision_sur_soumission(
        fiche, "demander_modifications", par=par, motif=motif, message=message
    )


def refuser(fiche: Fiche, *, par, motif: str, message: str) -> Fiche:
    return _decision_sur_soumission(fiche, "refuser", par=par, motif=motif, message=message)


def a_signaler(soumission: cycle.Sujet) -> list:
    """Likely personal data in what is submitted: its text and its documents not yet
    public (titles, alternative texts, text of the PDFs)."""
    return detecter(_contenu(soumission)) + pieces_jointes.signalements(soumission.fiche)


def signalements_de(fiche: Fiche):
    """Likely personal data in what is submitted (the fiche or its open revision)."""
    return a_signaler(_soumission(fiche, verrouiller=False))


@transaction.atomic
def publier(
    fiche: Fiche, *, par, message: str = "", confirme_donnees_personnelles: bool = False
) -> Fiche:
    """Publish what is submitted. If likely personal data is detected, publication
    needs the moderator's explicit confirmation, which is logged with the flags."""
    fiche = _verrouiller(fiche)
    soumission = _soumission(fiche)
    transition = cycle.exiger("publier", soumission, par)
    avant = soumission.etat
    signalements = a_signaler(soumission)
    if signalements and not confirme_donnees_personnelles:
        raise DonneesPersonnellesAConfirmer(signalements)
    maintenant = timezone.now()
    if soumission.revision:
        contenus.appliquer(fiche, contenus.normaliser(soumission.revision.contenu))
        fiche.departement_moderation = departement_de_moderation(fiche.territoires.all())
        soumission.revision.pieces_jointes.update(revision=None)
        soumission.revision.etat = transition.vers
        soumission.revision.decidee_le = maintenant
        soumission.revision.save(update_fields=["etat", "decidee_le"])
        fiche.version += 1
    else:
        fiche.etat = transition.vers
        fiche.publiee_le = fiche.publiee_le or maintenant
    fiche.modifiee_le = maintenant
    fiche.save()
    # Every publication is kept (docs/domaine.md §8.1), in the same transaction.
    auteur = soumission.revision.auteur if soumission.revision else fiche.auteur
    versions.enregistrer(fiche, par=par, auteur=auteur, quand=maintenant)
    evenement = _journaliser(
        fiche,
        par=par,
        revision=soumission.revision,
        avant=avant,
        apres=transition.vers,
        message=message.strip(),
        donnees_personnelles_confirmees=bool(signalements),
        signalements=_resumes(signalements),
    )
    notifications.decision(fiche, evenement)
    return fiche


@transaction.atomic
def archiver(fiche: Fiche, *, par, message: str = "") -> Fiche:
    fiche = _verrouiller(fiche)
    transition = cycle.exiger("archiver", fiche, par)
    avant = fiche.etat
    fiche.etat = transition.vers
    fiche.modifiee_le = timezone.now()
    fiche.save(update_fields=["etat", "modifiee_le"])
    evenement = _journaliser(
        fiche, par=par, avant=avant, apres=transition.vers, message=message.strip()
    )
    notifications.decision(fiche, evenement)
    return fiche


def envoyer_resumes_hebdomadaires() -> int:
    """E-mail each moderator what waits in their queue; returns how many were sent."""
    fiches = list(Fiche.objects.en_attente_de_moderation().order_by("date_soumission"))
    return notifications.resume_hebdomadaire(notifications.file_par_moderateur(fiches))
