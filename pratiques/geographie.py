"""Fiches follow the official geography after a re-import (docs/domaine.md §4.4).

Connected to territoires.signaux.geographie_mise_a_jour in PratiquesConfig.ready(), and
run inside the import's transaction: a fiche on a merged commune moves to its successor
(an event in its history, its author told by e-mail), and every fiche lying in a
territory whose containment changed gets its containment and moderation département
recomputed. The search index follows through its triggers (IndexRecherche is kept from
the fiche's row). Nothing is done twice: a second import finds no move.
"""

from pratiques import notifications
from pratiques.contenu import englobants
from pratiques.models import EvenementModeration, Fiche, Revision
from pratiques.services import departement_de_moderation
from territoires.models import Territoire


def fiches_suivent_la_geographie(sender, mouvements, **kwargs) -> dict[str, int]:
    touches = sorted(mouvements.touches)
    liens = Fiche.territoires.through.objects.filter(territoire_id__in=touches)
    fiches = (
        Fiche.objects.filter(pk__in=liens.values("fiche_id"))
        .select_for_update(of=("self",))
        .select_related("auteur")
        .prefetch_related("territoires")
        .order_by("pk")
    )
    deplacees = departement_change = 0
    for fiche in fiches:
        anciens = [t.pk for t in fiche.territoires.all()]
        nouveaux = mouvements.successeurs(anciens)
        territoires = list(Territoire.objects.filter(pk__in=nouveaux))
        departement = departement_de_moderation(territoires)
        valeurs = {
            "territoires_ids": sorted(nouveaux),
            "territoires_englobants": englobants(territoires),
            "departement_moderation_id": departement.pk if departement else None,
        }
        if all(getattr(fiche, champ) == valeur for champ, valeur in valeurs.items()):
            continue
        fusionnee = sorted(anciens) != sorted(nouveaux)
        autre_departement = fiche.departement_moderation_id != valeurs["departement_moderation_id"]
        if fusionnee:
            fiche.territoires.set(nouveaux)
        for champ, valeur in valeurs.items():
            setattr(fiche, champ, valeur)
        # Through the index's triggers: search finds it from its new territories.
        fiche.save(update_fields=[champ.removesuffix("_id") for champ in valeurs])
        deplacees += 1
        raisons = mouvements.raisons([*anciens, *nouveaux])
        if autre_departement:
            departement_change += 1
            vers = departement.nom if departement else "nationale"
            raisons += f"\nModération\u00a0: désormais {vers}."
        if fusionnee or autre_departement:
            EvenementModeration.objects.create(
                fiche=fiche, acteur=None, etat_avant=fiche.etat, etat_apres=fiche.etat,
                message=raisons.strip(),
            )  # fmt: skip
        if fusionnee:
            notifications.territoire_mis_a_jour(fiche, raisons.strip())
    return {
        "fiche(s) déplacée(s)": deplacees,
        "fiche(s) vers un autre département de modération": departement_change,
        "révision(s) en cours mise(s) à jour": _revisions_suivent(mouvements),
    }


def _revisions_suivent(mouvements) -> int:
    """Open revisions hold their territories as references in their content: a merged
    commune's is replaced by its successor's, so that publishing them keeps it."""
    if not mouvements.fusions:
        return 0
    successeurs = mouvements.fusions_par_reference()
    revisions = Revision.objects.filter(etat__in=Revision.ETATS_OUVERTS).select_for_update()
    nombre = 0
    for ancienne in successeurs:
        for revision in revisions.filter(contenu__territoires__contains=[ancienne]):
            liste = revision.contenu.get("territoires", [])
            revision.contenu["territoires"] = list(
                dict.fromkeys(successeurs.get(r, r) for r in liste)
            )
            revision.save(update_fields=["contenu"])
            nombre += 1
    return nombre
