"""Reprises follow the official geography after a re-import (docs/domaine.md §4.4): a
merged commune replaced by its successor, the moderation département recomputed.
Connected in EssaimageConfig.ready(), run in the import's transaction."""

from essaimage.models import Reprise
from pratiques.services import departement_de_moderation
from territoires.models import Territoire


def reprises_suivent_la_geographie(sender, mouvements, **kwargs) -> dict[str, int]:
    reprises = Reprise.objects.filter(territoire_id__in=mouvements.touches).select_for_update()
    nombre = 0
    for reprise in reprises.order_by("pk"):
        territoire = Territoire.objects.get(
            pk=mouvements.fusions.get(reprise.territoire_id, reprise.territoire_id)
        )
        departement = departement_de_moderation([territoire])
        departement_id = departement.pk if departement else None
        if (territoire.pk, departement_id) == (
            reprise.territoire_id,
            reprise.departement_moderation_id,
        ):
            continue
        reprise.territoire = territoire
        reprise.departement_moderation_id = departement_id
        reprise.save(update_fields=["territoire", "departement_moderation"])
        nombre += 1
    return {"reprise(s)": nombre}
