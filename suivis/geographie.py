"""Follows of a territory follow the official geography after a re-import
(docs/domaine.md §4.4): following a merged commune becomes following its successor
(once: a person who already follows it keeps that one). Connected in
SuivisConfig.ready(), run in the import's transaction."""

from suivis.models import SuiviTerritoire


def suivis_suivent_la_geographie(sender, mouvements, **kwargs) -> dict[str, int]:
    nombre = 0
    suivis = SuiviTerritoire.objects.filter(territoire_id__in=mouvements.fusions)
    for suivi in suivis.select_for_update().order_by("pk"):
        successeur = mouvements.fusions[suivi.territoire_id]
        deja = SuiviTerritoire.objects.filter(
            utilisateur_id=suivi.utilisateur_id, territoire_id=successeur
        ).exists()
        if deja:
            suivi.delete()
        else:
            suivi.territoire_id = successeur
            suivi.save(update_fields=["territoire"])
        nombre += 1
    return {"suivi(s) de territoire": nombre}
