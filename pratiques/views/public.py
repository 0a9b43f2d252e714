"""The published fiche, for everyone: its page, its documents, and the form that relays
a message to its porteur without ever showing their address."""

import logging
import re
from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from core.limites import adresse_ip, depasse
from pratiques import encarts, pieces_jointes, recherche
from pratiques.forms.contact import ContactForm, jeton_contact
from pratiques.models import Fiche, Partenaire, PieceJointe, PrecisionDate

logger = logging.getLogger(__name__)

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre")  # fmt: skip

# Contact form: at most this many messages per client address per hour, and per fiche
# per day (a fiche shared widely must not flood its porteur).
CONTACTS_PAR_IP_ET_HEURE = 5
CONTACTS_PAR_FICHE_ET_JOUR = 20


def date_lisible(valeur: date | None, precision: str) -> str:
    """ "1er septembre 2019", "septembre 2019", "2019", "vers 2006"."""
    if valeur is None:
        return ""
    approximative = precision == PrecisionDate.APPROXIMATIVE
    mois = f"{MOIS[valeur.month - 1]} {valeur.year}"
    if precision == PrecisionDate.ANNEE or (
        approximative and valeur.month == 1 and valeur.day == 1
    ):
        texte = str(valeur.year)
    elif precision == PrecisionDate.MOIS or (approximative and valeur.day == 1):
        texte = mois
    else:
        texte = f"{'1er' if valeur.day == 1 else valeur.day} {mois}"
    return f"vers {texte}" if approximative else texte


def jour_lisible(moment: datetime | None) -> str:
    """`date_lisible` of the day `moment` falls on where the site is (Europe/Paris),
    not in UTC: a fiche published at 0:30 in Paris was published that day."""
    return date_lisible(timezone.localtime(moment).date(), PrecisionDate.JOUR) if moment else ""


def _lien_territoire(territoire) -> str:
    try:
        return reverse(
            "decouverte:territoire", kwargs={"niveau": territoire.niveau, "code": territoire.code}
        )
    except NoReverseMatch:
        return ""


def _destinataire(fiche: Fiche) -> str:
    """Who receives the messages: the contact of the fiche, or else its author."""
    if fiche.contact_email:
        return fiche.contact_email
    if fiche.auteur is not None and fiche.auteur.is_active:
        return fiche.auteur.email
    return ""


def _fiche_publiee(slug):
    return get_object_or_404(
        Fiche.objects.publiees()
        .select_related("niveau_participation", "porteur_type", "auteur", "inspiree_de")
        # "Versions précédentes" on the page (docs/domaine.md §8.1), in the same query.
        .annotate(nombre_versions=Count("versions_publiees"))
        .prefetch_related(
            "thematiques",
            "formes_intervention",
            "publics",
            "territoires",
            Prefetch("partenaires", queryset=Partenaire.objects.select_related("type")),
            Prefetch(
                "pieces_jointes",
                queryset=PieceJointe.objects.filter(revision__isnull=True),
                to_attr="documents_publies",
            ),
        ),
        slug=slug,
    )


@require_GET
def fiche(request, slug):
    """A published fiche; any other state is a 404, even for its author."""
    fiche = _fiche_publiee(slug)
    territoires = [
        {"territoire": t, "lien": _lien_territoire(t)}
        for t in sorted(fiche.territoires.all(), key=lambda t: t.nom)
    ]
    images = [d for d in fiche.documents_publies if d.est_image]
    pdf = [d for d in fiche.documents_publies if not d.est_image]
    return render(
        request,
        "pratiques/fiche.html",
        {
            "titre": fiche.titre,
            "description_page": fiche.resume,
            "type_og": "article",
            "fiche": fiche,
            "proches": recherche.proches(fiche),
            "encarts": encarts.rendus(request, fiche),
            "territoires": territoires,
            "images": images,
            "pdf": pdf,
            "date_debut": date_lisible(fiche.date_debut, fiche.date_debut_precision),
            "date_fin": date_lisible(fiche.date_fin, fiche.date_fin_precision),
            "publiee_le": jour_lisible(fiche.publiee_le),
            "modifiee_le": jour_lisible(fiche.modifiee_le),
            "contactable": bool(_destinataire(fiche)),
            "moyens": any(
                [
                    fiche.moyens_humains,
                    fiche.moyens_financiers,
                    fiche.budget,
                    fiche.financeurs,
                    fiche.moyens_materiels,
                    fiche.impacts_organisationnels,
                ]
            ),  # fmt: skip
            "enseignements": any(
                [fiche.leviers, fiche.freins, fiche.resultats, fiche.methode_evaluation]
            ),
            "reproduire": any(
                [
                    fiche.reproduire_prerequis,
                    fiche.reproduire_premieres_etapes,
                    fiche.reproduire_ecueils,
                ]
            ),  # fmt: skip
            "origine": any([fiche.origine, fiche.beneficiaires, fiche.personnage_principal]),
        },
    )


# --- Contacting the porteur ---------------------------------------------------------


def _limite_atteinte(request, fiche) -> str:
    if depasse(f"contact:ip:{adresse_ip(request)}", CONTACTS_PAR_IP_ET_HEURE, 3600):
        return (
            "Vous avez déjà envoyé plusieurs messages au cours de la dernière heure. Pour "
            "éviter les envois abusifs, réessayez dans une heure. Votre message est "
            "conservé ci-dessous."
        )
    if depasse(f"contact:fiche:{fiche.pk}", CONTACTS_PAR_FICHE_ET_JOUR, 24 * 3600):
        return (
            "Le porteur de cette pratique a reçu beaucoup de messages aujourd’hui. "
            "Réessayez demain. Votre message est conservé ci-dessous."
        )
    return ""


def _relayer(request, fiche, donnees, destinataire) -> None:
    nom = re.sub(r"\s+", " ", donnees["nom"]).strip()
    contexte = {
        "fiche": fiche,
        "nom": nom,
        "email": donnees["email"],
        "message": donnees["message"],
        "lien": settings.SITE_URL + reverse("pratiques:fiche", args=[fiche.slug]),
        "site_name": settings.SITE_NAME,
    }
    EmailMessage(
        subject=re.sub(
            r"\s*[\r\n]+\s*", " ", f"Message à propos de votre pratique « {fiche.titre} »"
        ),
        body=render_to_string("pratiques/contacter_courriel.txt", contexte),
        to=[destinataire],
        reply_to=[donnees["email"]],
    ).send()


@require_http_methods(["GET", "POST"])
def contacter(request, slug):
    fiche = get_object_or_404(Fiche.objects.publiees().select_related("auteur"), slug=slug)
    destinataire = _destinataire(fiche)
    contexte = {"titre": "Contacter le porteur", "fiche": fiche, "contactable": bool(destinataire)}
    if not destinataire:
        return render(request, "pratiques/contacter.html", contexte)
    if request.method == "GET":
        contexte["form"] = ContactForm(fiche_id=fiche.pk)
        return render(request, "pratiques/contacter.html", contexte)

    form = ContactForm(request.POST, fiche_id=fiche.pk)
    contexte["form"] = form
    if not form.is_valid():
        # A new signed timestamp, so that a person who was too quick can send again.
        form.data = form.data.copy()
        form.data["jeton"] = jeton_contact(fiche.pk)
        contexte["robot"] = form.est_un_robot()
        statut = 400 if contexte["robot"] else 200
        return render(request, "pratiques/contacter.html", contexte, status=statut)
    if limite := _limite_atteinte(request, fiche):
        contexte["limite"] = limite
        return render(request, "pratiques/contacter.html", contexte, status=429)
    _relayer(request, fiche, form.cleaned_data, destinataire)
    return render(
        request,
        "pratiques/contact_envoye.html",
        {"titre": "Message envoyé", "fiche": fiche},
    )


# --- Attachments ---------------------------------------------------------------------


@require_GET
def document(request, pk):
    """An attachment, if this person may see it (public once its fiche or revision is
    published), with the type read from its content at upload, never the client's. A PDF
    is downloaded, never rendered in the site's origin; an image is shown inline (the
    fiche page embeds it) but sandboxed (pieces_jointes.ENTETES_DE_SERVICE)."""
    piece = get_object_or_404(PieceJointe.objects.select_related("fiche"), pk=pk)
    if not pieces_jointes.est_visible_par(piece, request.user):
        raise Http404("Document introuvable.")
    try:
        fichier = piece.fichier.open("rb")
    except FileNotFoundError as erreur:
        raise Http404("Document introuvable.") from erreur
    extension = pieces_jointes.EXTENSIONS.get(piece.type_mime, "bin")
    reponse = FileResponse(
        fichier,
        content_type=pieces_jointes.type_servi(piece.type_mime),
        as_attachment=not pieces_jointes.affiche_en_ligne(piece.type_mime),
        filename=f"{slugify(piece.titre)[:80] or 'document'}.{extension}",
    )
    for entete, valeur in pieces_jointes.ENTETES_DE_SERVICE.items():
        reponse[entete] = valeur
    public = pieces_jointes.est_public(piece)
    reponse["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return reponse
