"""Pages for everyone: the editions, and an edition's page (calendar, grid, laureates
by département with the jury's words)."""

from itertools import groupby

from django.shortcuts import render
from django.views.decorators.http import require_safe

from prix import regles
from prix.models import Edition, Jury, Laureat, Niveau
from prix.views.outils import edition_ou_404


@require_safe
def editions(request):
    liste = [
        {"edition": e, "phase": regles.libelle_phase(regles.phase_courante(e))}
        for e in Edition.objects.all()
    ]
    return render(request, "prix/editions.html", {"titre": "Le prix", "editions": liste})


@require_safe
def edition(request, annee):
    edition = edition_ou_404(annee)
    jurys = {
        j.departement_id: j
        for j in Jury.objects.filter(edition=edition, publie_le__isnull=False).select_related(
            "departement"
        )
    }
    laureats = list(
        Laureat.objects.publies()
        .filter(edition=edition)
        .select_related("fiche", "departement")
        .order_by("departement__code", "rang")
    )
    nationaux = [lau for lau in laureats if lau.niveau == Niveau.NATIONAL]
    departementaux = [
        {"departement": dep, "jury": jurys.get(dep.pk), "laureats": list(groupe)}
        for dep, groupe in groupby(
            (lau for lau in laureats if lau.niveau == Niveau.DEPARTEMENTAL),
            key=lambda lau: lau.departement,
        )
    ]
    utilisateur = request.user
    return render(
        request,
        "prix/edition.html",
        {
            "titre": f"Prix {edition.annee}",
            "edition": edition,
            "calendrier": regles.calendrier(edition),
            "nominations_ouvertes": regles.phase_courante(edition) == regles.NOMINATIONS,
            "nationaux": nationaux,
            "jury_national": jurys.get(None),
            "departementaux": departementaux,
            "mes_jurys": regles.jurys_de(utilisateur)
            .filter(edition=edition)
            .select_related("departement"),
            "moderateur": utilisateur.is_authenticated
            and (utilisateur.est_moderateur or utilisateur.est_admin_national),
        },
    )
