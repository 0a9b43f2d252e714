"""An Atom feed for any search: the newest published fiches matching the same
parameters as the search page, filtered by RechercheFilter (the one filter layer)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from decouverte.alertes import decrire_recherche, erreurs_de_recherche, lien_recherche
from pratiques.filters import RechercheFilter
from pratiques.recherche import moteur

ENTREES_MAX = 50


class RechercheInvalide(Exception):
    pass


@dataclass
class Recherche:
    filtre: RechercheFilter
    parametres: str  # the search page's querystring, without page nor sort
    chemin: str


class Atom1FeedTexte(Atom1Feed):
    """Atom with the summary as plain text (Django writes it as type="html")."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class FluxRecherche(Feed):
    feed_type = Atom1FeedTexte
    language = "fr"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except RechercheInvalide as erreur:
            return HttpResponseBadRequest(str(erreur), content_type="text/plain; charset=utf-8")

    def get_object(self, request):
        filtre = RechercheFilter(request.GET)
        if not filtre.is_valid():
            lignes = [
                "Recherche invalide : le flux ne peut pas être produit.",
                *erreurs_de_recherche(filtre),
            ]
            raise RechercheInvalide("\n".join(lignes) + "\n")
        parametres = request.GET.copy()
        for cle in ("page", "tri"):
            parametres.pop(cle, None)
        return Recherche(filtre, parametres.urlencode(), request.get_full_path())

    def title(self, recherche):
        return f"{decrire_recherche(recherche.filtre)} — {settings.SITE_NAME}"

    def subtitle(self, recherche):
        return f"Les {ENTREES_MAX} dernières pratiques publiées correspondant à cette recherche."

    def link(self, recherche):
        return lien_recherche(recherche.parametres, par_date=True)

    def feed_url(self, recherche):
        return recherche.chemin

    def author_name(self):
        return settings.SITE_NAME

    def items(self, recherche):
        return (
            moteur.plus_recentes(recherche.filtre.qs, ENTREES_MAX)
            .only("slug", "titre", "resume", "publiee_le", "modifiee_le")
            .prefetch_related("thematiques")
        )

    def item_title(self, fiche):
        return fiche.titre  # an Atom text construct: the XML writer escapes it

    def item_description(self, fiche):
        return fiche.resume

    def item_link(self, fiche):
        return reverse("pratiques:fiche", args=[fiche.slug])

    def item_pubdate(self, fiche):
        return fiche.publiee_le

    def item_updateddate(self, fiche):
        return max(fiche.modifiee_le, fiche.publiee_le)

    def item_categories(self, fiche):
        return [thematique.libelle for thematique in fiche.thematiques.all()]


flux = FluxRecherche()
