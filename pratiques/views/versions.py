"""Published versions of a fiche (docs/domaine.md §8.1): the public list with the
differences between any two, one old version read-only, and the same list and
differences for the fiche's history page (pratiques.views.contribution.historique),
where the contact address is compared too.

Public pages show published content only, and nothing of a fiche that is not (or no
longer) published: 404, as its own page."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pratiques import comparaison
from pratiques import versions as versions_publiees
from pratiques.views.public import jour_lisible


def _numero(valeur: str | None, numeros: list[int]) -> int | None:
    """A version number read from the query string; None if absent, ValueError if it
    names no version of this fiche."""
    if valeur in (None, ""):
        return None
    if not valeur.isdigit() or int(valeur) not in numeros:
        raise ValueError(valeur)
    return int(valeur)


def comparaison_de(versions: list, parametres, *, public: bool = True) -> dict:
    """The template context of the versions partial (pratiques/_versions.html): the
    versions (newest first) and, with two or more, the differences between `de` and
    `a` of the query string (by default the previous and the latest). An unknown
    number is an `erreur` shown by the form; the default comparison is shown then."""
    for version in versions:
        version.date_lisible = jour_lisible(version.publiee_le)
    contexte = {"versions": versions, "erreur": ""}
    if len(versions) < 2:
        return contexte
    numeros = [v.numero for v in versions]
    par_numero = {v.numero: v for v in versions}
    de, a = numeros[1], numeros[0]
    try:
        demande_de = _numero(parametres.get("de"), numeros)
        demande_a = _numero(parametres.get("a"), numeros)
    except ValueError:
        contexte["erreur"] = (
            "Cette fiche n’a pas de version portant ce numéro\u00a0: choisissez deux "
            "versions dans les listes. Voici les différences entre les deux dernières."
        )
    else:
        de, a = demande_de or de, demande_a or a
    contexte.update(
        de=par_numero[de],
        a=par_numero[a],
        differences=comparaison.comparer(
            par_numero[de].contenu, par_numero[a].contenu, public=public
        ),
    )
    return contexte


def _versions_publiques(slug: str) -> list:
    versions = list(versions_publiees.publiques(slug).select_related("fiche").order_by("-numero"))
    if not versions:
        raise Http404("Aucune fiche publiée ne porte cette adresse.")
    return versions


@require_GET
def liste(request, slug):
    """The versions of a published fiche, and the differences between two of them."""
    versions = _versions_publiques(slug)
    contexte = comparaison_de(versions, request.GET)
    fiche = versions[0].fiche
    return render(
        request,
        "pratiques/versions.html",
        {"titre": f"Versions de la fiche «\u00a0{fiche.titre}\u00a0»", "fiche": fiche, **contexte},
        status=400 if contexte["erreur"] else 200,
    )


@require_GET
def version(request, slug, numero):
    """One published version, read-only, as it was."""
    versions = _versions_publiques(slug)
    version = next((v for v in versions if v.numero == numero), None)
    if version is None:
        raise Http404("Cette fiche n’a pas de version portant ce numéro.")
    fiche = versions[0].fiche
    titre = version.contenu["champs"]["titre"]
    return render(
        request,
        "pratiques/version.html",
        {
            "titre": f"Version {numero} de la fiche «\u00a0{titre}\u00a0»",
            "fiche": fiche,
            "version": version,
            "date": jour_lisible(version.publiee_le),
            "actuelle": version.numero == versions[0].numero,
            "lignes": versions_publiees.lignes(version.contenu),
        },
    )
