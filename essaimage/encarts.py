"""What essaimage adds to a published fiche's page (pratiques.encarts): in the header,
how far its approach has spread and the "Je l'ai mise en place" button, or, on a fiche
written from a reprise, the fiche it was inspired by; in the body, the latest reprises."""

from essaimage import diffusion
from pratiques import encarts

DERNIERES = 3


def _entete(request, fiche):
    # fiche.inspiree_de comes with the page's own query (pratiques.views.public).
    source = fiche.inspiree_de if fiche.inspiree_de_id else None
    contexte = {
        "diffusion": diffusion.diffusion(fiche),
        "inspiree_de": source if source is not None and source.est_publiee else None,
        "peut_declarer": request.user.is_authenticated,
    }
    return contexte if any(contexte.values()) else None


def _corps(request, fiche):
    if not fiche.nb_reprises:
        return None
    return {"reprises": list(diffusion.publiees_de(fiche)[:DERNIERES])}


ENTETE = encarts.Encart("essaimage/_encart_entete.html", _entete, place=encarts.ENTETE)
CORPS = encarts.Encart("essaimage/_encart_corps.html", _corps, place=encarts.CORPS)


def enregistrer():
    encarts.enregistrer(ENTETE)
    encarts.enregistrer(CORPS)
