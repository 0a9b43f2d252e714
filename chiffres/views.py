"""The pages of figures: /chiffres/ for everyone, /chiffres/moderation/ for the
modérateurs (their départements) and the national administrators (every département
and the national total). Both take a period and a territory from a GET form and give
each figure as a chart, a table and a CSV file (`?format=csv&figure=<ident>`)."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from chiffres import calculs, figures
from chiffres.calculs import Perimetre
from chiffres.forms import PerimetreForm
from pratiques.recherche.cache import version
from pratiques.views.moderation import reserve_aux_moderateurs
from territoires.carte import carte_des_departements
from territoires.models import Niveau, Territoire

# The map's colour classes (fixed thresholds: a colour means the same whatever the size
# of the corpus), those of the home page's map.
CLASSES_CARTE = [
    (0, "Aucune pratique"),
    (1, "1 à 9 pratiques"),
    (10, "10 à 49 pratiques"),
    (50, "50 à 249 pratiques"),
    (250, "250 pratiques ou plus"),
]


def _pratiques(n: int) -> str:
    return "aucune pratique" if n == 0 else f"{n} pratique{'s' if n > 1 else ''}"


def _choix(departements, tous: str) -> list[tuple[str, str]]:
    return [("", tous)] + [(str(d.pk), f"{d.nom} ({d.code})") for d in departements]


def _csv(figure: figures.Figure) -> HttpResponse:
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="chiffres-{figure.ident}.csv"'
    ecrire = csv.writer(reponse)
    ecrire.writerow([figure.colonnes[0] or "Libellé", *figure.colonnes[1:]])
    for ligne in figure.lignes:
        ecrire.writerow(
            [
                v.strftime("%Y-%m") if hasattr(v, "strftime") else ("" if v is None else v)
                for v in ligne
            ]
        )
    return reponse


def _page(request, *, gabarit, constructeurs, territoires, perimetre, contexte):
    """The form, then either the CSV of one figure or the whole page."""
    formulaire = PerimetreForm(request.GET or None, territoires=territoires)
    valide = formulaire.is_valid() if request.GET else True
    if not valide:
        if request.GET.get("format") == "csv":
            return HttpResponse(
                "Période ou territoire invalide : "
                + " ".join(str(e) for erreurs in formulaire.errors.values() for e in erreurs),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return render(request, gabarit, {**contexte, "formulaire": formulaire}, status=400)
    donnees = formulaire.cleaned_data if request.GET else {}
    debut, fin = PerimetreForm.par_defaut()
    p = perimetre(donnees.get("du") or debut, donnees.get("au") or fin, donnees.get("territoire"))
    if request.GET.get("format") == "csv":
        constructeur = constructeurs.get(request.GET.get("figure", ""))
        if constructeur is None:
            raise Http404("Ce chiffre n’existe pas.")
        return _csv(figures.construire(request.GET["figure"], constructeur, p, version()))
    if not request.GET:
        formulaire = PerimetreForm(
            initial={"du": f"{debut:%Y-%m}", "au": f"{fin:%Y-%m}"}, territoires=territoires
        )
    numero = version()
    requete = request.GET.copy()
    requete.pop("format", None)
    requete.pop("figure", None)
    requete.setdefault("du", f"{p.debut:%Y-%m}")
    requete.setdefault("au", f"{p.fin:%Y-%m}")
    return render(
        request,
        gabarit,
        {
            **contexte,
            "formulaire": formulaire,
            "perimetre": p,
            "figures": [
                figures.construire(ident, constructeur, p, numero)
                for ident, constructeur in constructeurs.items()
            ],
            "requete": requete.urlencode(),
        },
    )


def _departements():
    return Territoire.objects.filter(niveau=Niveau.DEPARTEMENT, actif=True).order_by("code")


def _carte_et_total(numero) -> tuple[int, object]:
    """The map of fiches online by département and their total: they change only with
    the corpus version, and are kept under it as the figures are (figures.construire)."""

    def calculer():
        total, par_departement = calculs.publiees_par_departement()
        return total, carte_des_departements(
            par_departement,
            classes=CLASSES_CARTE,
            url=lambda d: reverse("decouverte:territoire", args=[Niveau.DEPARTEMENT, d.code]),
            nommer=_pratiques,
        )

    return figures.en_cache(f"chiffres:{numero}:carte", calculer)


@require_safe
def publics(request):
    total, carte = _carte_et_total(version())
    if request.GET.get("format") == "csv" and request.GET.get("figure") == "departements":
        return _csv(
            figures.Figure(
                "departements",
                "Fiches publiées par département",
                ("Département", "Fiches publiées"),
                [(f"{d.nom} ({d.code})", d.nombre) for d in carte.departements],
            )
        )
    return _page(
        request,
        gabarit="chiffres/publics.html",
        constructeurs=figures.PUBLIQUES,
        territoires=_choix(_departements(), "France entière"),
        perimetre=lambda du, au, lieu: Perimetre(du, au, lieu=int(lieu) if lieu else None),
        contexte={
            "titre": "La plateforme en chiffres",
            "description_page": "Les pratiques publiées par département, thématique, forme "
            "d’intervention et niveau de participation, les reprises et les collectifs, "
            "avec les tableaux et les fichiers CSV.",
            "total": total,
            "carte": carte,
        },
    )


@require_safe
@reserve_aux_moderateurs
def moderation(request):
    utilisateur = request.user
    if utilisateur.est_admin_national:
        departements = _departements()
        tous, par_defaut = "France entière (total national)", None
    else:
        departements = utilisateur.departements.filter(niveau=Niveau.DEPARTEMENT).order_by("code")
        tous = "Tous mes départements"
        par_defaut = tuple(d.pk for d in departements)
    return _page(
        request,
        gabarit="chiffres/moderation.html",
        constructeurs=figures.MODERATION,
        territoires=_choix(departements, tous),
        perimetre=lambda du, au, dep: Perimetre(
            du, au, departements=(int(dep),) if dep else par_defaut
        ),
        contexte={"titre": "Tableau de bord de la modération"},
    )
