"""Pages of living fiches (pratiques.actualite): the one-click "toujours d'actualité"
of the reminder (no login: the link is signed), and the modérateurs' list of fiches
whose information is old."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from pratiques import actualite
from pratiques.models import Etat, Fiche
from pratiques.views.moderation import PAR_PAGE, reserve_aux_moderateurs
from pratiques.views.public import jour_lisible


@require_http_methods(["GET", "POST"])
def confirmer(request, jeton):
    """GET shows what the link is about and a button; only the POST records it (mail
    scanners follow links). A bad or expired link is a 400 page saying what to do."""
    try:
        confirmation = actualite.lire_jeton(jeton)
    except actualite.LienInvalide as erreur:
        return render(
            request,
            "pratiques/actualite_lien_invalide.html",
            {
                "titre": "Lien de confirmation invalide",
                "expire": isinstance(erreur, actualite.LienExpire),
            },
            status=400,
        )
    fiche = Fiche.objects.filter(pk=confirmation.fiche_id).first()
    if fiche is None or fiche.etat != Etat.PUBLIEE:
        return render(
            request,
            "pratiques/actualite_lien_invalide.html",
            {"titre": "Fiche plus en ligne", "hors_ligne": True},
            status=404,
        )
    confirmee = None
    if request.method == "POST":
        confirmee = actualite.confirmer(confirmation, par=request.user)
        fiche = confirmee or fiche
    return render(
        request,
        "pratiques/actualite_confirmer.html",
        {
            "titre": "Fiche confirmée" if confirmee else "Confirmer que la fiche est à jour",
            "fiche": fiche,
            "confirmee": confirmee is not None,
            "a_jour_le": jour_lisible(actualite.a_jour_le(fiche)),
            "publiee_le": jour_lisible(fiche.publiee_le),
        },
    )


@reserve_aux_moderateurs
@require_GET
def anciennes(request):
    """Published fiches of the user's départements whose information is old, oldest
    first (who moderates what: Fiche.objects.moderables_par)."""
    fiches = (
        actualite.anciennes(Fiche.objects.moderables_par(request.user))
        .select_related("auteur", "departement_moderation")
        .order_by("a_jour_le", "pk")
    )
    paginator = Paginator(fiches, PAR_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "pratiques/moderation_anciennes.html",
        {
            "titre": "Fiches non mises à jour",
            "seuil_mois": actualite.SEUIL_ANCIENNETE,
            "page": page,
            "lignes": [
                {"fiche": f, "a_jour_le": jour_lisible(f.a_jour_le)} for f in page.object_list
            ],
            "numeros": list(paginator.get_elided_page_range(page.number, on_each_side=2)),
            "ellipse": Paginator.ELLIPSIS,
            "parametres": "",
            "libelle_pagination": "Pagination des fiches non mises à jour",
        },
    )


def encart_anciennete(request, fiche) -> dict | None:
    """The notice on the fiche page (pratiques.encarts, registered by PratiquesConfig)."""
    date_a_jour = actualite.a_jour_le(fiche)
    if not actualite.informations_anciennes(date_a_jour):
        return None
    return {"a_jour_le": jour_lisible(date_a_jour)}
