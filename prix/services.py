"""Every change of the prize, one function per use case, each in a transaction; the
rules come from prix.regles (docs/domaine.md §16.2). A refusal raises regles.Refus
(403 or 409, with its French message)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from pratiques.models import Fiche
from prix import invitations, regles
from prix.models import (
    Candidature,
    ConflitDeclare,
    Critere,
    Edition,
    Jury,
    Laureat,
    MembreJury,
    Niveau,
    Note,
)
from prix.regles import Refus, hors_calendrier

# --- Editions and juries --------------------------------------------------------------


def _exiger_admin(par) -> None:
    if not (par.is_authenticated and par.est_admin_national):
        raise Refus("Réservé aux administrateurs nationaux.")


@transaction.atomic
def creer_edition(*, par, criteres: list[dict], **champs) -> Edition:
    """An edition and its grid, by a national administrator."""
    _exiger_admin(par)
    edition = Edition(**champs)
    edition.full_clean()
    edition.save()
    for ordre, critere in enumerate(criteres):
        Critere.objects.create(edition=edition, ordre=ordre, **critere)
    return edition


@transaction.atomic
def ouvrir_jury(edition: Edition, *, par, departement=None) -> Jury:
    """A département takes part by opening its jury (its modérateurs, or a national
    administrator); the national jury is opened by a national administrator and
    enrols the departmental laureates already published."""
    niveau = Niveau.NATIONAL if departement is None else Niveau.DEPARTEMENTAL
    jury = Jury(edition=edition, niveau=niveau, departement=departement)
    if not regles.peut_organiser(par, jury):
        raise Refus(
            "Seuls les modérateurs du département ou un administrateur national ouvrent ce jury."
        )
    jury.full_clean()
    jury.save()
    if niveau == Niveau.NATIONAL:
        inscrire_au_tour_national(edition)
    return jury


@transaction.atomic
def inviter(jury: Jury, *, par, email: str, nom: str, president: bool = False) -> MembreJury:
    """Name a juror (who may have no account yet): the invitation goes by e-mail with
    a signed link (prix.invitations)."""
    if not regles.peut_organiser(par, jury):
        raise Refus("Vous ne composez pas ce jury.")
    if jury.clos_le is not None:
        raise hors_calendrier("Le jury est clos.")
    membre = MembreJury(
        jury=jury, email=email.strip().lower(), nom=nom.strip(), president=president
    )
    membre.full_clean()
    membre.save()
    invitations.envoyer(membre)
    return membre


@transaction.atomic
def accepter_invitation(membre: MembreJury, utilisateur) -> MembreJury:
    membre = MembreJury.objects.select_for_update().get(pk=membre.pk)
    if membre.utilisateur_id and membre.utilisateur_id != utilisateur.pk:
        raise Refus("Cette invitation a déjà été acceptée par un autre compte.")
    if (
        MembreJury.objects.filter(jury=membre.jury, utilisateur=utilisateur)
        .exclude(pk=membre.pk)
        .exists()
    ):
        raise Refus("Votre compte est déjà membre de ce jury.")
    membre.utilisateur = utilisateur
    membre.accepte_le = membre.accepte_le or timezone.now()
    membre.save(update_fields=["utilisateur", "accepte_le"])
    return membre


# --- Candidatures ---------------------------------------------------------------------


@transaction.atomic
def proposer(edition: Edition, fiche: Fiche, *, par, declaration: str = "", jour=None):
    """A département's modérateurs nominate one of its published fiches; its author
    applies for it, with a short statement. Only during the nominations, and only in
    a département that has opened its jury."""
    fiche = Fiche.objects.select_for_update().get(pk=fiche.pk)
    if regles.peut_nominer(par, fiche):
        mode = Candidature.Mode.NOMINATION
    elif regles.peut_candidater(par, fiche):
        mode = Candidature.Mode.SPONTANEE
        if not declaration.strip():
            raise Refus("Dites en quelques lignes ce qui fait la réussite de la démarche.", 400)
    else:
        raise Refus(
            "Seuls l’auteur de la fiche et les modérateurs de son département "
            "peuvent la proposer au prix."
        )
    regles.exiger_nominations_ouvertes(edition, jour)
    regles.exiger_candidate_possible(fiche)
    jury = Jury.objects.filter(
        edition=edition, niveau=Niveau.DEPARTEMENTAL, departement=fiche.departement_moderation
    ).first()
    if jury is None:
        raise hors_calendrier(
            f"Le département {fiche.departement_moderation.nom} ne participe pas au prix "
            f"{edition.annee} : il n’a pas de jury."
        )
    deja = Candidature.objects.filter(edition=edition, fiche=fiche, niveau=Niveau.DEPARTEMENTAL)
    if deja.exists():
        raise hors_calendrier("Cette fiche est déjà candidate à cette édition.")
    return Candidature.objects.create(
        edition=edition,
        jury=jury,
        fiche=fiche,
        niveau=Niveau.DEPARTEMENTAL,
        departement=fiche.departement_moderation,
        proposee_par=par,
        mode=mode,
        declaration=declaration.strip(),
    )


def inscrire_au_tour_national(edition: Edition) -> int:
    """Enrol the published departmental laureates in the national round (its only
    possible candidates), once the national jury exists. Idempotent."""
    jury = Jury.objects.filter(edition=edition, niveau=Niveau.NATIONAL).first()
    if jury is None:
        return 0
    nombre = 0
    for depart in regles.candidatures_nationales_possibles(edition).select_related("fiche"):
        _, cree = Candidature.objects.get_or_create(
            edition=edition,
            fiche=depart.fiche,
            niveau=Niveau.NATIONAL,
            defaults={
                "jury": jury,
                "departement": depart.departement,
                "mode": Candidature.Mode.LAUREATE_DEPARTEMENTALE,
                "declaration": depart.declaration,
            },
        )
        nombre += cree
    return nombre


# --- Scoring --------------------------------------------------------------------------


@transaction.atomic
def noter(membre: MembreJury, candidature: Candidature, notes: dict, *, jour=None):
    """A juror's scores for one candidature, on every criterion of the grid:
    {critere_id: (valeur, commentaire)}. Replaces their previous scores."""
    membre = MembreJury.objects.select_related("jury__edition", "utilisateur").get(pk=membre.pk)
    candidature = Candidature.objects.select_related("fiche__auteur").get(pk=candidature.pk)
    regles.exiger_peut_noter(membre, candidature, jour)
    criteres = {c.pk: c for c in Critere.objects.filter(edition=membre.jury.edition_id)}
    if set(notes) != set(criteres):
        raise Refus("Notez chacun des critères de la grille.", 400)
    for critere_id, (valeur, commentaire) in notes.items():
        if not (0 <= int(valeur) <= Note._meta.get_field("valeur").validators[0].limit_value):
            raise Refus("Une note va de 0 à 10.", 400)
        Note.objects.update_or_create(
            membre=membre,
            candidature=candidature,
            critere=criteres[critere_id],
            defaults={
                "valeur": int(valeur),
                "commentaire": commentaire.strip(),
                "modifiee_le": timezone.now(),
            },
        )
    return candidature


@transaction.atomic
def declarer_conflit(membre: MembreJury, candidature: Candidature, motif: str) -> ConflitDeclare:
    """A juror declares a conflict of interest: they will not score it, and scores
    they gave it are withdrawn."""
    if candidature.jury_id != membre.jury_id:
        raise Refus("Cette candidature n’est pas examinée par votre jury.")
    regles.exiger_jury_ouvert(membre.jury)
    if not motif.strip():
        raise Refus("Dites en quelques mots la nature du conflit d’intérêts.", 400)
    conflit, _ = ConflitDeclare.objects.update_or_create(
        membre=membre, candidature=candidature, defaults={"motif": motif.strip()}
    )
    Note.objects.filter(membre=membre, candidature=candidature).delete()
    return conflit


# --- Closing, settling ties, publishing -----------------------------------------------


def _score(candidature, poids: dict[int, int]) -> Decimal | None:
    """Mean over the jurors of each juror's weighted mean (out of 10); jurors with a
    conflict never scored, so they do not count."""
    par_membre: dict[int, list[tuple[int, int]]] = {}
    for note in candidature.notes.all():
        par_membre.setdefault(note.membre_id, []).append((note.valeur, poids[note.critere_id]))
    moyennes = [
        Decimal(sum(v * p for v, p in lignes)) / Decimal(sum(p for _, p in lignes))
        for lignes in par_membre.values()
    ]
    if not moyennes:
        return None
    return (sum(moyennes) / len(moyennes)).quantize(Decimal("0.001"), ROUND_HALF_UP)


@transaction.atomic
def clore(jury: Jury, *, par, jour=None) -> list[list[Candidature]]:
    """The president closes the jury once its scoring phase has begun: the scores
    become visible and the ranking is computed (equal scores share a rank). Returns
    the ties the president must settle before publishing."""
    jury = Jury.objects.select_for_update().select_related("edition").get(pk=jury.pk)
    regles.exiger_president(jury, par)
    if jury.clos_le is not None:
        raise hors_calendrier("Le jury est déjà clos.")
    phase = regles.PHASE_DE_NOTATION[jury.niveau]
    if regles.RANG[regles.phase_courante(jury.edition, jour)] < regles.RANG[phase]:
        raise hors_calendrier("Le jury ne peut pas être clos avant sa période de notation.")
    poids = dict(Critere.objects.filter(edition=jury.edition).values_list("pk", "poids"))
    candidatures = list(jury.candidatures.prefetch_related("notes"))
    for candidature in candidatures:
        candidature.score = _score(candidature, poids)
    notees = sorted((c for c in candidatures if c.score is not None), key=lambda c: -c.score)
    for position, candidature in enumerate(notees, start=1):
        precedente = notees[position - 2] if position > 1 else None
        candidature.rang = (
            precedente.rang if precedente and precedente.score == candidature.score else position
        )
    for candidature in candidatures:
        if candidature.score is None:
            candidature.rang = None
    Candidature.objects.bulk_update(candidatures, ["score", "rang"])
    jury.clos_le = timezone.now()
    jury.save(update_fields=["clos_le"])
    return egalites(jury)


def egalites(jury: Jury) -> list[list[Candidature]]:
    """Groups of candidatures sharing a rank, in rank order."""
    groupes: dict[int, list[Candidature]] = {}
    for candidature in jury.candidatures.filter(rang__isnull=False).select_related("fiche"):
        groupes.setdefault(candidature.rang, []).append(candidature)
    return [groupe for _, groupe in sorted(groupes.items()) if len(groupe) > 1]


@transaction.atomic
def departager(jury: Jury, *, par, ordre: list[int]) -> None:
    """The president settles the ties: `ordre` lists every tied candidature, in the
    order the jury chose; each group then takes consecutive ranks."""
    jury = Jury.objects.select_for_update().get(pk=jury.pk)
    regles.exiger_president(jury, par)
    if jury.clos_le is None:
        raise hors_calendrier("Le jury n’est pas encore clos.")
    if jury.publie_le is not None:
        raise hors_calendrier("Les résultats sont déjà publiés.")
    groupes = egalites(jury)
    a_departager = {c.pk for groupe in groupes for c in groupe}
    if len(ordre) != len(set(ordre)) or set(ordre) != a_departager:
        raise Refus("Classez chacune des candidatures à égalité, une seule fois.", 400)
    position = {pk: i for i, pk in enumerate(ordre)}
    for groupe in groupes:
        depart = groupe[0].rang
        for decalage, candidature in enumerate(sorted(groupe, key=lambda c: position[c.pk])):
            candidature.rang = depart + decalage
        Candidature.objects.bulk_update(groupe, ["rang"])


@transaction.atomic
def publier(jury: Jury, *, par, motifs: str, jour=None) -> list[Laureat]:
    """The president publishes the result with the jury's reasons: the first N
    (nb_laureats_…) become laureates, shown on their fiche and, for a département, in
    the national round."""
    jury = Jury.objects.select_for_update().select_related("edition").get(pk=jury.pk)
    regles.exiger_president(jury, par)
    edition = jury.edition
    if jury.clos_le is None:
        raise hors_calendrier("Closez d’abord le jury.")
    if jury.publie_le is not None:
        raise hors_calendrier("Les résultats sont déjà publiés.")
    if egalites(jury):
        raise hors_calendrier("Départagez d’abord les candidatures à égalité.")
    phase = (
        regles.RESULTATS_DEPARTEMENTAUX if jury.niveau == Niveau.DEPARTEMENTAL else regles.ANNONCE
    )
    if regles.RANG[regles.phase_courante(edition, jour)] < regles.RANG[phase]:
        raise hors_calendrier(
            f"Les résultats se publient à partir du "
            f"{getattr(edition, regles.PHASES[regles.RANG[phase]].champ):%d/%m/%Y}."
        )
    if not motifs.strip():
        raise Refus("Écrivez les mots du jury : ce qui a motivé ses choix.", 400)
    nombre = (
        edition.nb_laureats_departementaux
        if jury.niveau == Niveau.DEPARTEMENTAL
        else edition.nb_laureats_nationaux
    )
    candidatures = list(jury.candidatures.select_related("fiche"))
    laureats = []
    for candidature in candidatures:
        gagne = candidature.rang is not None and candidature.rang <= nombre
        candidature.etat = Candidature.Etat.LAUREATE if gagne else Candidature.Etat.NON_RETENUE
        if gagne:
            laureats.append(
                Laureat.objects.create(
                    edition=edition,
                    candidature=candidature,
                    fiche=candidature.fiche,
                    niveau=jury.niveau,
                    rang=candidature.rang,
                    departement=candidature.departement,
                )
            )
    Candidature.objects.bulk_update(candidatures, ["etat"])
    jury.publie_le = timezone.now()
    jury.motifs = motifs.strip()
    jury.save(update_fields=["publie_le", "motifs"])
    # The facet "lauréate du prix" (pratiques.recherche.facettes): the column is ours
    # to keep; the index triggers follow.
    Fiche.objects.filter(pk__in=[laureat.fiche_id for laureat in laureats]).update(laureate=True)
    if jury.niveau == Niveau.DEPARTEMENTAL:
        inscrire_au_tour_national(edition)
    return laureats
