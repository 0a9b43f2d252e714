"""What a checked row does to the fiches: the action it would take (a simulation stops
there) and the write itself, through pratiques.services.importer.

A row is matched to a fiche by (organisation, external identifier): the fiche's
`source_import` names the organisation. A row whose content equals what the fiche
holds (its open revision, for a published fiche in moderation) changes nothing, which
makes re-importing a file a no-op (docs/domaine.md §7.2).
"""

from imports.models import LigneImport
from pratiques import contenu as contenus
from pratiques import services as pratiques_services
from pratiques.models import Etat, Fiche, Revision

Action = LigneImport.Action


def source(organisation) -> str:
    return f"organisation:{organisation.pk}"


def fiches_existantes(organisation, identifiants) -> dict[str, tuple[Fiche, dict]]:
    """The fiches already imported under these identifiers, with the content a new row
    is compared to. A few queries for a whole batch."""
    fiches = list(
        Fiche.objects.filter(
            source_import=source(organisation), identifiant_externe__in=identifiants
        )
        .select_related("porteur_type", "niveau_participation")
        .prefetch_related(
            "thematiques", "formes_intervention", "publics", "territoires", "partenaires__type"
        )
    )
    revisions = {
        r.fiche_id: r.contenu
        for r in Revision.objects.filter(fiche__in=fiches, etat__in=Revision.ETATS_OUVERTS)
    }
    return {
        fiche.identifiant_externe: (fiche, revisions.get(fiche.pk) or contenus.extraire(fiche))
        for fiche in fiches
    }


def action_prevue(
    existante: tuple[Fiche, dict] | None, contenu: dict, *, de_confiance: bool
) -> tuple[str, bool]:
    """(action, goes as a revision) for a valid row."""
    if existante is None:
        return Action.CREEE, False
    fiche, actuel = existante
    if not contenus.differences(contenus.normaliser(actuel), contenu):
        return Action.INCHANGEE, False
    return Action.MODIFIEE, fiche.etat == Etat.PUBLIEE and not de_confiance


def _message(organisation) -> str:
    if organisation.de_confiance:
        return (
            f"Import de «\u00a0{organisation}\u00a0», organisation de confiance\u00a0: "
            "publiée sans modération."
        )
    return f"Import de «\u00a0{organisation}\u00a0»\u00a0: soumise à la modération."


def _options(import_) -> dict:
    """Published at once for a trusted organisation (and logged so), submitted to
    moderation otherwise — a published fiche's changes as a revision."""
    organisation = import_.organisation
    return {
        "source": source(organisation),
        "publier": organisation.de_confiance,
        "soumettre": not organisation.de_confiance,
        "par": import_.cree_par or (import_.cle.creee_par if import_.cle else None),
        "message": _message(organisation),
    }


def ecrire(import_, contenu: dict, identifiant: str) -> Fiche:
    """Create or update the fiche of one row."""
    fiche, _ = pratiques_services.importer(
        contenu=contenu, identifiant=identifiant, **_options(import_)
    )
    return fiche


def creer(import_, lignes: list[tuple[str, dict]]) -> list[Fiche]:
    """Create the fiches of new rows (identifiant, contenu) together."""
    return pratiques_services.importer_nouvelles(lignes=lignes, **_options(import_))
