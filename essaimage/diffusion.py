"""Where a fiche's approach has spread: its published reprises, how many, in how many
départements, and the map (territoires.carte). Read by the fiche page's encarts, the
reprises page and the API."""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from essaimage.models import Reprise
from territoires.carte import Carte, carte_des_departements
from territoires.models import Niveau

CLASSES_CARTE = [
    (0, "Aucune reprise"),
    (1, "1 reprise"),
    (2, "2 à 4 reprises"),
    (5, "5 reprises ou plus"),
]


def _pluriel(nombre: int, singulier: str, pluriel: str) -> str:
    return f"{nombre}\u00a0{singulier if nombre <= 1 else pluriel}"


@dataclass(frozen=True)
class Diffusion:
    nombre: int
    departements: int

    @property
    def texte(self) -> str:
        """ "Reprise 4 fois, dans 3 départements"."""
        texte = f"Reprise {_pluriel(self.nombre, 'fois', 'fois')}"
        if self.departements:
            texte += f", dans {_pluriel(self.departements, 'département', 'départements')}"
        return texte


def publiees_de(fiche):
    return (
        Reprise.objects.publiees()
        .filter(fiche_source=fiche)
        .select_related("territoire", "departement_moderation", "fiche_derivee")
        .order_by("-depuis", "-pk")
    )


def diffusion(fiche) -> Diffusion | None:
    """None while no reprise is published (the fiche's `nb_reprises` says so, no query)."""
    if not fiche.nb_reprises:
        return None
    departements = (
        Reprise.objects.publiees()
        .filter(fiche_source=fiche, departement_moderation__isnull=False)
        .values("departement_moderation")
        .distinct()
        .count()
    )
    return Diffusion(nombre=fiche.nb_reprises, departements=departements)


def carte(fiche) -> Carte:
    """Published reprises per département (national ones, in a région, are not drawn)."""
    comptes = dict(
        Reprise.objects.publiees()
        .filter(fiche_source=fiche, departement_moderation__isnull=False)
        .order_by()
        .values_list("departement_moderation")
        .annotate(n=Count("pk"))
    )
    return carte_des_departements(
        comptes,
        classes=CLASSES_CARTE,
        url=lambda d: reverse(
            "decouverte:territoire", kwargs={"niveau": Niveau.DEPARTEMENT, "code": d.code}
        ),
        nommer=lambda n: _pluriel(n, "reprise", "reprises"),
    )
