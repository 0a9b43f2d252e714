"""What essaimage adds to a published fiche's page (pratiques.encarts): in the header,
how far its approach has spread and the "Je l'ai mise en place" button, or, on a fiche
written from a reprise, the fiche it was inspired by; in the body, the latest reprises."""

from essaimage import diffusion
from essaimage.models import Reprise
from pratiques import encarts
from pratiques.models import Etat

DERNIERES = 3


def _entete(request, fiche):
    source = (
        Reprise.objects.publiees()
        .filter(fiche_derivee=fiche, fiche_source__etat=Etat.PUBLIEE)
        .select_related("fiche_source")
        .first()
    )
    return {
        "diffusion": diffusion.diffusion(fiche),
        "inspiree_de": source.fiche_source if source else None,
        "peut_declarer": request.user.is_authenticated,
    }


def _corps(request, fiche):
    if not fiche.nb_reprises:
        return None
    return {"reprises": list(diffusion.publiees_de(fiche)[:DERNIERES])}


ENTETE = encarts.Encart("essaimage/_encart_entete.html", _entete, place=encarts.ENTETE)
CORPS = encarts.Encart("essaimage/_encart_corps.html", _corps, place=encarts.CORPS)


def enregistrer():
    encarts.enregistrer(ENTETE)
    encarts.enregistrer(CORPS)
