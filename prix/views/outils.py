"""What the prize's pages share: finding an edition or a jury, and turning a refusal
of the rules into a 403 or 409 page with its French message."""

from django.shortcuts import get_object_or_404, render

from prix.models import Edition, Jury
from prix.regles import Refus


def refus(request, erreur: Refus):
    return render(
        request,
        "pratiques/transition_refusee.html",
        {
            "titre": "Action impossible" if erreur.statut == 409 else "Action non autorisée",
            "message": erreur.message,
        },
        status=erreur.statut if erreur.statut in (403, 409) else 400,
    )


def edition_ou_404(annee) -> Edition:
    return get_object_or_404(Edition.objects.prefetch_related("criteres"), annee=annee)


def jury_ou_404(annee, pk) -> Jury:
    return get_object_or_404(
        Jury.objects.select_related("edition", "departement"), pk=pk, edition__annee=annee
    )


def titre(texte: str, *, erreur=False) -> str:
    return f"Erreur — {texte}" if erreur else texte
