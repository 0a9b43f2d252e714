"""Followed searches follow the official geography after a re-import (docs/domaine.md
§4.4): an alert on a merged commune (`territoire=commune:…` in its parameters) now
searches its successor; a person who already follows that search keeps that one.
Connected in DecouverteConfig.ready(), run in the import's transaction."""

from urllib.parse import urlencode

from django.db.models import Q
from django.http import QueryDict

from decouverte.alertes import normaliser_parametres
from decouverte.models import Alerte


def alertes_suivent_la_geographie(sender, mouvements, **kwargs) -> dict[str, int]:
    successeurs = mouvements.fusions_par_reference()
    condition = Q(pk__in=[])
    for ancienne in successeurs:
        condition |= Q(parametres__contains=urlencode({"territoire": ancienne}))
    nombre = 0
    for alerte in Alerte.objects.filter(condition).select_for_update().order_by("pk"):
        requete = QueryDict(alerte.parametres, mutable=True)
        if requete.get("territoire") not in successeurs:
            continue
        requete["territoire"] = successeurs[requete["territoire"]]
        parametres = normaliser_parametres(requete)
        if Alerte.objects.filter(
            utilisateur_id=alerte.utilisateur_id, parametres=parametres
        ).exists():
            alerte.delete()
        else:
            alerte.parametres = parametres
            alerte.save(update_fields=["parametres"])
        nombre += 1
    return {"alerte(s)": nombre}
