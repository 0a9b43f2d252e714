"""Pages for everyone: the list of collectifs (filters and a map by département), a
collectif's page, and the form that relays a message to its animateurs without ever
showing their addresses."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from collectifs import notifications, services
from collectifs.filters import CollectifFilter
from collectifs.forms import ContactCollectifForm
from collectifs.models import Collectif, Membre
from collectifs.views.outils import collectif_ou_404, contexte_collectif, statut_lisible
from core.limites import adresse_ip, depasse
from pratiques.forms.contact import jeton_contact
from pratiques.models import Etat, Fiche
from territoires.carte import Carte, carte_des_departements

PAR_PAGE = 20
CONTACTS_PAR_IP_ET_HEURE = 5
CONTACTS_PAR_COLLECTIF_ET_JOUR = 20
CLASSES_CARTE = [
    (0, "Aucun collectif"),
    (1, "1 collectif"),
    (2, "2 à 4 collectifs"),
    (5, "5 à 9 collectifs"),
    (10, "10 collectifs ou plus"),
]


def carte(collectifs) -> Carte:
    """Collectifs per département (those recognised by a département's body)."""
    comptes = dict(
        collectifs.order_by()
        .filter(departement__isnull=False)
        .values_list("departement")
        .annotate(n=Count("pk"))
    )
    return carte_des_departements(
        comptes,
        classes=CLASSES_CARTE,
        url=lambda d: reverse("collectifs:liste") + f"?territoire=departement:{d.code}",
        nommer=lambda n: f"{n} collectif{'s' if n > 1 else ''}",
    )


@require_safe
def liste(request):
    filtre = CollectifFilter(request.GET or None, queryset=Collectif.objects.all())
    erreurs = bool(filtre.is_bound and not filtre.is_valid())
    collectifs = (Collectif.objects.all() if erreurs else filtre.qs).annotate(
        nombre_fiches=Count("fiches", filter=Q(fiches__etat=Etat.PUBLIEE)),
    )
    page = Paginator(
        collectifs.select_related("departement")
        .prefetch_related("territoires")
        .order_by("nom", "pk"),
        PAR_PAGE,
    ).get_page(request.GET.get("page"))
    for collectif in page.object_list:
        collectif.statut = statut_lisible(collectif)
    parametres = request.GET.copy()
    parametres.pop("page", None)
    departements = carte(Collectif.objects.all() if erreurs else filtre.qs)
    return render(
        request,
        "collectifs/liste.html",
        {
            "titre": "Collectifs locaux de développement social",
            "filtre": filtre,
            "page": page,
            "parametres": parametres.urlencode(),
            "carte": departements,
            "media": filtre.form.media,
        },
        status=400 if erreurs else 200,
    )


@require_safe
def collectif(request, slug):
    collectif = collectif_ou_404(slug)
    participation = services.participation(request.user, collectif)
    animateur = bool(participation and participation.est_animateur)
    contexte = contexte_collectif(collectif)
    contexte.update(
        titre=collectif.nom,
        description_page=collectif.description[:300],
        participation=participation,
        animateur=animateur,
        instance=services.peut_reconnaitre(request.user, collectif),
        contactable=Membre.objects.animateurs().filter(collectif=collectif).exists(),
        fiches=Fiche.objects.publiees()
        .filter(collectif=collectif)
        .prefetch_related("thematiques")
        .order_by("-publiee_le"),
        rapports=collectif.rapports.filter(accuse_le__isnull=False),
        financements=collectif.financements.all(),
        mises_a_disposition=collectif.mises_a_disposition.all(),
        tiers=getattr(collectif, "tiers_accompagnant", None),
    )
    return render(request, "collectifs/collectif.html", contexte)


def _limite_atteinte(request, collectif) -> str:
    if depasse(f"contact:ip:{adresse_ip(request)}", CONTACTS_PAR_IP_ET_HEURE, 3600):
        return (
            "Vous avez déjà envoyé plusieurs messages au cours de la dernière heure. Pour "
            "éviter les envois abusifs, réessayez dans une heure. Votre message est "
            "conservé ci-dessous."
        )
    if depasse(f"contact:collectif:{collectif.pk}", CONTACTS_PAR_COLLECTIF_ET_JOUR, 24 * 3600):
        return (
            "Les animateurs de ce collectif ont reçu beaucoup de messages aujourd’hui. "
            "Réessayez demain. Votre message est conservé ci-dessous."
        )
    return ""


@require_http_methods(["GET", "POST"])
def contacter(request, slug):
    collectif = collectif_ou_404(slug)
    contexte = {
        "titre": "Contacter les animateurs",
        "collectif": collectif,
        "contactable": bool(notifications.adresses_des_animateurs(collectif)),
    }
    if not contexte["contactable"]:
        return render(request, "collectifs/contacter.html", contexte)
    if request.method == "GET":
        contexte["form"] = ContactCollectifForm(collectif_id=collectif.pk)
        return render(request, "collectifs/contacter.html", contexte)

    form = ContactCollectifForm(request.POST, collectif_id=collectif.pk)
    contexte["form"] = form
    if not form.is_valid():
        # A new signed timestamp, so that a person who was too quick can send again.
        form.data = form.data.copy()
        form.data["jeton"] = jeton_contact(-collectif.pk)
        contexte["robot"] = form.est_un_robot()
        contexte["titre"] = f"Erreur — {contexte['titre']}"
        statut = 400 if contexte["robot"] else 200
        return render(request, "collectifs/contacter.html", contexte, status=statut)
    if limite := _limite_atteinte(request, collectif):
        contexte["limite"] = limite
        return render(request, "collectifs/contacter.html", contexte, status=429)
    donnees = form.cleaned_data
    notifications.message_de_contact(
        collectif, nom=donnees["nom"], email=donnees["email"], message=donnees["message"]
    )
    return render(
        request,
        "collectifs/contact_envoye.html",
        {"titre": "Message envoyé", "collectif": collectif},
    )
