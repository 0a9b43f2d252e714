"""What the collectifs pages share: finding a collectif, refusing an action with its
French message, the animateurs-only decorator, and the public presentation of a
collectif's members (names only of those who agreed)."""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format

from collectifs import services
from collectifs.composition import composition_de
from collectifs.models import Collectif, College, EtatReconnaissance, Membre
from pratiques.views.erreurs import transition_refusee

MESSAGE_ANIMATEURS = "Cette page est réservée aux animateurs du collectif."


def cite(texte: str) -> str:
    """French quotation marks, with their non-breaking spaces."""
    return f"«\u00a0{texte}\u00a0»"


def titre(texte: str, *, erreur=False) -> str:
    """The page's title, which says first when the form holds errors."""
    return f"Erreur — {texte}" if erreur else texte


def collectif_ou_404(slug) -> Collectif:
    return get_object_or_404(
        Collectif.objects.select_related("departement").prefetch_related(
            "territoires",
            Prefetch(
                "membres",
                queryset=Membre.objects.acceptes().select_related("utilisateur"),
                to_attr="membres_acceptes",
            ),
        ),
        slug=slug,
    )


def refus(request, erreur: services.TransitionInterdite):
    """403 or 409 with the service's French message."""
    return transition_refusee(request, erreur)


def reserve_aux_animateurs(vue):
    """Login required; then the collectif's animateurs only (403). The view receives
    the collectif instead of its slug."""

    @login_required
    @wraps(vue)
    def enveloppe(request, slug, *args, **kwargs):
        collectif = collectif_ou_404(slug)
        if not services.est_animateur(request.user, collectif):
            return refus(request, services.TransitionInterdite(MESSAGE_ANIMATEURS))
        return vue(request, collectif, *args, **kwargs)

    return enveloppe


JOURNAL_MAX = 100


def journal(collectif):
    """The collectif's journal, newest first (the last JOURNAL_MAX lines)."""
    return collectif.evenements.select_related("acteur").order_by("-cree_le", "-pk")[:JOURNAL_MAX]


@dataclass
class GroupeCollege:
    college: str
    libelle: str
    nombre: int = 0
    noms: list[str] = field(default_factory=list)  # those who agreed (or all, see below)

    @property
    def autres(self) -> int:
        """Members counted but not named."""
        return self.nombre - len(self.noms)


def composition_par_college(collectif, *, tous_les_noms=False) -> list[GroupeCollege]:
    """Accepted members by collège: counts, and the names of those who chose to show
    theirs (every name for the animateurs and the département's body)."""
    groupes = {valeur: GroupeCollege(valeur, libelle) for valeur, libelle in College.choices}
    for membre in collectif.membres_acceptes:
        groupe = groupes[membre.college]
        groupe.nombre += 1
        if tous_les_noms or membre.nom_public:
            nom = membre.nom_affiche
            groupe.noms.append(f"{nom} ({membre.fonction})" if membre.fonction else nom)
    return list(groupes.values())


def statut_lisible(collectif) -> str:
    """ "Reconnu jusqu’au 12 mars 2029", "Candidature en cours d’examen"…"""
    if collectif.est_reconnu():
        texte = f"Reconnu jusqu’au {date_format(collectif.reconnu_jusqu_au, 'j F Y')}"
        if collectif.etat == EtatReconnaissance.CANDIDATURE:
            texte += " (renouvellement en cours d’examen)"
        return texte
    return EtatReconnaissance(collectif.etat).label


def contexte_collectif(collectif, *, tous_les_noms=False) -> dict:
    return {
        "collectif": collectif,
        "statut": statut_lisible(collectif),
        "reconnu": collectif.est_reconnu(),
        "composition": composition_de(collectif),
        "colleges": composition_par_college(collectif, tous_les_noms=tous_les_noms),
        "tous_les_noms": tous_les_noms,
    }
