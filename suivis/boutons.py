"""What the "Suivre" buttons need: on the fiche page (a pratiques.encarts Encart) and
on the territory page (the `bouton_suivi_territoire` tag of suivis/templatetags)."""

from suivis.models import SuiviFiche, SuiviTerritoire


def contexte_fiche(request, fiche) -> dict:
    utilisateur = request.user
    suivie = (
        utilisateur.is_authenticated
        and SuiviFiche.objects.filter(utilisateur=utilisateur, fiche=fiche).exists()
    )
    return {"suivie": suivie, "suivant": request.get_full_path()}


def contexte_territoire(request, territoire) -> dict:
    utilisateur = request.user
    suivi = (
        utilisateur.is_authenticated
        and SuiviTerritoire.objects.filter(utilisateur=utilisateur, territoire=territoire).exists()
    )
    return {"territoire": territoire, "suivi": suivi, "suivant": request.get_full_path()}
