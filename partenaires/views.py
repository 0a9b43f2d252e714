"""The partners' pages: a partner's administrator manages the API keys of their
organisation (/partenaires/cles/); national administrators manage organisations, who
manages their keys and whether they are trusted (/partenaires/organisations/), and
may open any organisation's keys."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from comptes.models import Organisation, Utilisateur
from partenaires import services, utilisation
from partenaires.forms import GestionnairesForm, NouvelleCleForm, OrganisationForm, RattacherForm
from partenaires.models import CleApi, UtilisationCle

JOURS = 7


def _organisation(request, pk=None) -> Organisation:
    """The organisation whose keys are managed: the partner's own, or, for a national
    administrator, the one in the address."""
    utilisateur = request.user
    if pk is not None:
        if not utilisateur.est_admin_national:
            raise PermissionDenied("Réservé aux administrateurs nationaux.")
        return get_object_or_404(Organisation, pk=pk)
    if utilisateur.organisation_id is None or not services.peut_gerer_les_cles(
        utilisateur, utilisateur.organisation
    ):
        raise PermissionDenied(
            "Cette page est réservée aux partenaires qui gèrent les clés d’API de leur "
            "organisation."
        )
    return utilisateur.organisation


def _adresses(organisation, request) -> dict:
    """The addresses of the key pages: the partner's own, or under the organisation
    for a national administrator."""
    if request.user.organisation_id == organisation.pk:
        noms, args = ("cles", "nouvelle_cle", "revoquer_cle"), []
    else:
        noms = ("cles_organisation", "nouvelle_cle_organisation", "revoquer_cle_organisation")
        args = [organisation.pk]
    return {
        "cles": reverse(f"partenaires:{noms[0]}", args=args),
        "nouvelle": reverse(f"partenaires:{noms[1]}", args=args),
        "revoquer": lambda prefixe: reverse(f"partenaires:{noms[2]}", args=[*args, prefixe]),
    }


def _utilisation(cles: list[CleApi]) -> None:
    """Puts on each key its calls today and over the last JOURS days, and its last
    use, counting what Redis holds and the database not yet."""
    aujourd_hui = timezone.localdate()
    depuis = aujourd_hui - timedelta(days=JOURS - 1)
    par_jour = {
        (u.cle_id, u.jour): u.nombre
        for u in UtilisationCle.objects.filter(cle__in=cles, jour__gte=depuis)
    }
    en_attente, dernieres = utilisation.en_attente(c.pk for c in cles)
    for (pk, jour), nombre in en_attente.items():
        if jour >= depuis:
            par_jour[pk, jour] = par_jour.get((pk, jour), 0) + nombre
    for cle in cles:
        cle.appels_aujourd_hui = par_jour.get((cle.pk, aujourd_hui), 0)
        cle.appels_semaine = sum(n for (pk, _), n in par_jour.items() if pk == cle.pk)
        quand = dernieres.get(cle.pk)
        if quand and (cle.derniere_utilisation is None or quand > cle.derniere_utilisation):
            cle.derniere_utilisation = quand


@login_required
def cles(request, pk=None):
    organisation = _organisation(request, pk)
    liste = list(organisation.cles_api.select_related("creee_par").order_by("-created"))
    _utilisation(liste)
    adresses = _adresses(organisation, request)
    for cle in liste:
        cle.url_revoquer = adresses["revoquer"](cle.prefix)
    return render(
        request,
        "partenaires/cles.html",
        {
            "titre": f"Clés d’API — {organisation.nom}",
            "organisation": organisation,
            "cles": liste,
            "jours": JOURS,
            "url_nouvelle": adresses["nouvelle"],
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def nouvelle_cle(request, pk=None):
    organisation = _organisation(request, pk)
    form = NouvelleCleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cle, texte = services.creer_cle(
            request.user,
            organisation,
            nom=form.cleaned_data["nom"],
            portees=form.cleaned_data["portees"],
            expire_le=form.cleaned_data["expire_le"],
        )
        # Shown in this response only: nothing keeps the key but its hash.
        reponse = render(
            request,
            "partenaires/cle_creee.html",
            {
                "titre": "Clé d’API créée",
                "organisation": organisation,
                "cle": cle,
                "texte": texte,
                "url_cles": _adresses(organisation, request)["cles"],
            },
        )
        reponse["Cache-Control"] = "no-store"
        return reponse
    return render(
        request,
        "partenaires/cle_nouvelle.html",
        {
            "titre": "Créer une clé d’API",
            "organisation": organisation,
            "form": form,
            "url_cles": _adresses(organisation, request)["cles"],
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoquer_cle(request, prefixe, pk=None):
    organisation = _organisation(request, pk)
    cle = get_object_or_404(CleApi, organisation=organisation, prefix=prefixe)
    url_cles = _adresses(organisation, request)["cles"]
    if request.method == "POST":
        services.revoquer_cle(request.user, cle)
        messages.success(request, f"La clé «\u00a0{cle.name}\u00a0» ({cle.prefix}) est révoquée.")
        return redirect(url_cles)
    return render(
        request,
        "partenaires/cle_revoquer.html",
        {"titre": "Révoquer une clé d’API", "cle": cle, "url_cles": url_cles},
    )


# --- Organisations (national administrators) -----------------------------------------


def _exiger_admin_national(request):
    if not request.user.est_admin_national:
        raise PermissionDenied("Cette page est réservée aux administrateurs nationaux.")


@login_required
def organisations(request):
    _exiger_admin_national(request)
    depuis = timezone.localdate() - timedelta(days=JOURS - 1)

    def par_organisation(queryset, valeur):
        """One figure per organisation, as a subquery: joining the keys, their use and
        the members in one query would multiply each sum by the others' rows."""
        return Coalesce(
            Subquery(
                queryset.filter(organisation=OuterRef("pk"))
                .order_by()
                .values("organisation")
                .annotate(n=valeur)
                .values("n")
            ),
            0,
        )

    liste = Organisation.objects.annotate(
        cles_actives=par_organisation(CleApi.objects.utilisables(), Count("pk")),
        gestionnaires=par_organisation(
            Utilisateur.objects.filter(gere_les_cles=True, role=Utilisateur.Role.PARTENAIRE),
            Count("pk"),
        ),
        appels=par_organisation(
            UtilisationCle.objects.filter(jour__gte=depuis).annotate(
                organisation=F("cle__organisation")
            ),
            Sum("nombre"),
        ),
    ).order_by("nom")
    return render(
        request,
        "partenaires/organisations.html",
        {"titre": "Organisations partenaires", "organisations": liste, "jours": JOURS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation(request, pk=None):
    """Create (no pk) or change an organisation; its partners, who manages its keys."""
    _exiger_admin_national(request)
    objet = get_object_or_404(Organisation, pk=pk) if pk else Organisation()
    action = request.POST.get("action", "organisation")
    form = OrganisationForm(
        request.POST if action == "organisation" and request.method == "POST" else None,
        instance=objet,
    )
    gestionnaires = rattacher = None
    if objet.pk:
        gestionnaires = GestionnairesForm(
            request.POST if action == "gestionnaires" else None, organisation=objet
        )
        rattacher = RattacherForm(request.POST if action == "rattacher" else None)
    if request.method == "POST":
        if action == "organisation" and form.is_valid():
            services.enregistrer_organisation(request.user, form.instance)
            messages.success(request, f"L’organisation «\u00a0{objet.nom}\u00a0» est enregistrée.")
            return redirect("partenaires:organisation", pk=objet.pk)
        if action == "gestionnaires" and gestionnaires is not None and gestionnaires.is_valid():
            services.choisir_gestionnaires(
                request.user, objet, gestionnaires.cleaned_data["gestionnaires"]
            )
            messages.success(request, "Les gestionnaires des clés sont enregistrés.")
            return redirect("partenaires:organisation", pk=objet.pk)
        if action == "rattacher" and rattacher is not None and rattacher.is_valid():
            membre = services.rattacher_partenaire(
                request.user, objet, rattacher.cleaned_data["email"]
            )
            messages.success(
                request,
                f"{membre.email} est partenaire de «\u00a0{objet.nom}\u00a0» et gère ses clés.",
            )
            return redirect("partenaires:organisation", pk=objet.pk)
    invalide = request.method == "POST"
    return render(
        request,
        "partenaires/organisation.html",
        {
            "titre": objet.nom if objet.pk else "Nouvelle organisation partenaire",
            "organisation": objet,
            "form": form,
            "gestionnaires": gestionnaires,
            "rattacher": rattacher,
        },
        status=400 if invalide else 200,
    )
