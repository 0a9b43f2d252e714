"""Turning a refused transition into a page: 403 or 409, with the French message."""

from django.shortcuts import render

from pratiques.cycle import TransitionInterdite


def transition_refusee(request, erreur: TransitionInterdite, *, fiche=None):
    return render(
        request,
        "pratiques/transition_refusee.html",
        {
            "titre": "Action impossible" if erreur.statut_http == 409 else "Action non autorisée",
            "message": str(erreur),
            "fiche": fiche,
        },
        status=erreur.statut_http,
    )
