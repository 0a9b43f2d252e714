"""Collectifs follow the official geography after a re-import (docs/domaine.md §4.4):
a merged commune replaced by its successor, the recognition département recomputed.
Connected in CollectifsConfig.ready(), run in the import's transaction."""

from collectifs.models import Collectif
from pratiques.services import departement_de_moderation
from territoires.models import Territoire


def collectifs_suivent_la_geographie(sender, mouvements, **kwargs) -> dict[str, int]:
    liens = Collectif.territoires.through.objects.filter(territoire_id__in=mouvements.touches)
    collectifs = (
        Collectif.objects.filter(pk__in=liens.values("collectif_id"))
        .select_for_update(of=("self",))
        .prefetch_related("territoires")
        .order_by("pk")
    )
    nombre = 0
    for collectif in collectifs:
        anciens = [t.pk for t in collectif.territoires.all()]
        nouveaux = mouvements.successeurs(anciens)
        departement = departement_de_moderation(Territoire.objects.filter(pk__in=nouveaux))
        departement_id = departement.pk if departement else None
        if sorted(anciens) == sorted(nouveaux) and collectif.departement_id == departement_id:
            continue
        collectif.territoires.set(nouveaux)
        collectif.departement_id = departement_id
        collectif.save(update_fields=["departement"])
        nombre += 1
    return {"collectif(s)": nombre}
