"""Pages of the authors: propose a practice, write it step by step (pratiques.etapes),
submit it from the last step, follow it.

Thin views: they bind the form (pratiques.forms.saisie.SaisieFiche), call a service of
pratiques.services and render; what they offer is what pratiques.cycle allows. Nothing
typed is lost: on a validation error, a version conflict or missing fields, the page is
rendered again from what was posted.
"""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from confidentialite.donnees_personnelles import detecter
from pratiques import contenu as contenus
from pratiques import cycle, etapes, pieces_jointes, services
from pratiques.forms.documents import DocumentForm
from pratiques.forms.saisie import SaisieFiche
from pratiques.models import (
    Etat,
    EvenementModeration,
    Fiche,
    Motif,
    Partenaire,
    PieceJointe,
    Revision,
)
from pratiques.views import redaction, versions
from pratiques.views.erreurs import transition_refusee

CASE_DONNEES_PERSONNELLES = "donnees_personnelles_relues"
MESSAGE_HISTORIQUE = (
    "L’historique d’une fiche est réservé à son auteur, aux modérateurs de son "
    "département et aux administrateurs nationaux."
)

# --- Reading what the author edits -------------------------------------------------


def _fiche_complete(pk):
    return get_object_or_404(
        Fiche.objects.select_related("niveau_participation", "porteur_type").prefetch_related(
            "thematiques",
            "formes_intervention",
            "publics",
            "territoires",
            Prefetch("partenaires", queryset=Partenaire.objects.select_related("type")),
        ),
        pk=pk,
    )


@dataclasses.dataclass
class Edition:
    """What the author edits: the fiche itself, or the open revision of a published
    fiche (a new one starts at the first save)."""

    fiche: Fiche
    revision: Revision | None
    contenu: dict
    version: int

    @property
    def sujet(self) -> cycle.Sujet:
        return cycle.Sujet(self.fiche, self.revision)


def _edition_de_l_auteur(request, pk) -> tuple[Edition | None, HttpResponse | None]:
    """What the author edits now, or the page refusing it (cycle: not the author, or a
    state in which the fiche cannot be edited)."""
    fiche = _fiche_complete(pk)
    sujet = cycle.Sujet(fiche)
    if refus := cycle.refus("enregistrer", sujet, request.user):
        etat_en_cause = isinstance(refus, cycle.EtatIncompatible)
        return None, transition_refusee(request, refus, fiche=fiche if etat_en_cause else None)
    revision = sujet.revision
    contenu = revision.contenu if revision else contenus.extraire(fiche)
    return Edition(fiche, revision, contenu, services.version_courante(fiche)), None


# --- Rendering a step of the editor ------------------------------------------------


def _titre(fiche) -> str:
    if fiche is None:
        return "Proposer une pratique"
    if fiche.est_publiee:
        return "Modifier une fiche publiée"
    return "Modifier la fiche"


def _page_edition(
    request,
    saisie: SaisieFiche | None,
    *,
    etape: etapes.Etape,
    edition: Edition | None = None,
    document_form=None,
    conflit: str = "",
    erreurs=None,
    erreur_donnees_personnelles: str = "",
    status=200,
):
    """One step of the editor (the review when etape.recapitulatif), from the saved
    content for what surrounds the form: states of the steps, personal data."""
    fiche = edition.fiche if edition else None
    titre = _titre(fiche)
    documents = []
    if fiche is not None and etape.recapitulatif:
        documents = [
            piece
            for piece in PieceJointe.objects.filter(fiche=fiche).select_related("revision")
            if piece.revision_id is None or piece.revision.etat in Revision.ETATS_OUVERTS
        ]
    demande = None
    if edition is not None and edition.sujet.etat == Etat.MODIFICATIONS_DEMANDEES:
        demande = (
            fiche.evenements.filter(etat_apres=Etat.MODIFICATIONS_DEMANDEES)
            .order_by("-cree_le", "-pk")
            .first()
        )
    if erreurs is None:
        erreurs = saisie.erreurs() if saisie is not None else []
    return render(
        request,
        "pratiques/edition.html",
        {
            # The window's title says the step, and that the page came back with errors.
            "titre": ("Erreur — " if erreurs else "")
            + f"{etape.titre}, étape {etape.numero} sur {etapes.NOMBRE} — {titre}",
            "titre_edition": titre,
            "saisie": saisie,
            "erreurs": erreurs,
            "edition": edition,
            "fiche": fiche,
            "action": redaction.url_etape(fiche, etape) if fiche else reverse("pratiques:proposer"),
            "documents": documents,
            "document_form": document_form or DocumentForm(),
            "documents_possibles": edition is not None
            and cycle.possible("ajouter_document", edition.sujet, request.user),
            "soumission_possible": edition is not None
            and cycle.possible("soumettre", edition.sujet, request.user),
            "conflit": conflit,
            "demande": demande,
            "case_donnees_personnelles": CASE_DONNEES_PERSONNELLES,
            "erreur_donnees_personnelles": erreur_donnees_personnelles,
            **redaction.contexte_etape(fiche, etape, edition.contenu if edition else None),
        },
        status=status,
    )


MESSAGE_MANQUANTS = (
    "Votre fiche ne peut pas encore être soumise : complétez les champs signalés, à "
    "l’étape indiquée pour chacun."
)
MESSAGE_CASE = (
    "Relisez les passages signalés et retirez toute information sur une personne "
    "accompagnée, puis cochez la case pour confirmer."
)
DESTINATIONS = {"precedente": "precedente", "suivante": "suivante"}


def _destination(request, etape: etapes.Etape) -> etapes.Etape:
    """The step shown after a save: the button pressed says which ("Étape
    précédente", "Enregistrer et continuer"; "Enregistrer le brouillon" stays)."""
    voisine = DESTINATIONS.get(request.POST.get("aller", ""))
    return (getattr(etape, voisine) if voisine else None) or etape


def _enregistrer_etape(request, edition: Edition | None, etape: etapes.Etape):
    """Save what one step posted into the draft (created by the first step), then go
    where the button pressed says. On errors the step comes back with what was typed."""
    avant = edition.contenu if edition else contenus.vide()
    saisie = SaisieFiche.pour_une_section(avant, etape, request.POST)
    if "ajouter_lignes" in request.POST:
        return _page_edition(request, saisie.avec_lignes_en_plus(), etape=etape, edition=edition)
    if not saisie.is_valid():
        return _page_edition(request, saisie, etape=etape, edition=edition)
    contenu = saisie.contenu_mis_a_jour(avant)
    if edition is None:
        fiche = services.creer_brouillon(auteur=request.user, contenu=contenu)
        message = "Votre brouillon est enregistré. Vous pouvez le compléter à tout moment."
    else:
        fiche = edition.fiche
        try:
            services.enregistrer(
                fiche, par=request.user, contenu=contenu, version=saisie.version or 0
            )
        except services.ConflitDeVersion as erreur:
            return _page_edition(
                request, saisie, etape=etape, edition=edition, conflit=str(erreur), status=409
            )
        except cycle.TransitionInterdite as erreur:
            return transition_refusee(request, erreur, fiche=fiche)
        message = (
            "Vos modifications sont enregistrées. Elles resteront invisibles au public tant "
            "qu’elles n’auront pas été relues et publiées."
            if fiche.est_publiee
            else "Votre brouillon est enregistré."
        )
    destination = _destination(request, etape)
    etapes.retenir(fiche, destination)
    messages.success(request, message)
    return redirect(redaction.url_etape(fiche, destination))


def _soumettre_depuis_le_recapitulatif(request, edition: Edition):
    """The review's button: submit the saved content, or show on the review what the
    submission still needs (linked to its steps) and the personal data to confirm."""
    fiche, contenu = edition.fiche, edition.contenu
    manque = redaction.manquants(fiche, contenu)
    relu = request.POST.get(CASE_DONNEES_PERSONNELLES) == "oui"
    a_relire = detecter(contenu) or pieces_jointes.signalements(fiche)
    erreur_case = MESSAGE_CASE if a_relire and not relu else ""
    if manque or erreur_case:
        messages.warning(request, MESSAGE_MANQUANTS if manque else MESSAGE_CASE)
        return _page_edition(
            request,
            None,
            etape=etapes.RECAPITULATIF,
            edition=edition,
            erreurs=redaction.erreurs_du_recapitulatif(manque, erreur_case),
            erreur_donnees_personnelles=erreur_case,
        )
    try:
        services.soumettre(fiche, par=request.user, donnees_personnelles_relues=relu)
    except cycle.TransitionInterdite as erreur:
        return transition_refusee(request, erreur, fiche=fiche)
    messages.success(
        request,
        "Votre fiche est soumise à la relecture. Le modérateur de votre département vous "
        "répondra par e-mail ; vous suivez son avancement dans « Mes fiches ».",
    )
    return redirect("pratiques:mes_fiches")


# --- Views -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def proposer(request):
    """The first step of a new fiche: saving it creates the draft."""
    if request.method == "GET":
        saisie = SaisieFiche.vide()
        saisie.section = etapes.PREMIERE
        return _page_edition(request, saisie, etape=etapes.PREMIERE)
    return _enregistrer_etape(request, None, etapes.PREMIERE)


@login_required
@require_http_methods(["GET"])
def modifier(request, pk):
    """Resume a fiche where its author left it (see pratiques.etapes.etape_de_reprise)."""
    edition, refus = _edition_de_l_auteur(request, pk)
    if refus:
        return refus
    fiche = edition.fiche
    if fiche.est_publiee and edition.revision is None:
        etape = etapes.PREMIERE  # a new round of changes starts at the beginning
    else:
        etape = etapes.etape_de_reprise(fiche.derniere_etape)
    return redirect(redaction.url_etape(fiche, etape))


@login_required
@require_http_methods(["GET", "POST"])
def modifier_etape(request, pk, etape):
    etape = etapes.etape_de(etape)
    if etape is None:
        raise Http404("Cette étape n’existe pas.")
    edition, refus = _edition_de_l_auteur(request, pk)
    if refus:
        return refus
    if request.method == "POST":
        if etape.recapitulatif:
            return _soumettre_depuis_le_recapitulatif(request, edition)
        return _enregistrer_etape(request, edition, etape)
    if etape.recapitulatif:
        return _page_edition(request, None, etape=etape, edition=edition)
    if request.GET.get("verifier"):
        saisie = SaisieFiche.liee_au_contenu(edition.contenu, edition.version)
        saisie.section = etape
        saisie.is_valid()
        manquants = contenus.champs_manquants(edition.contenu)
        saisie.signaler_manquants([c for c in etape.requis() if c in manquants])
    else:
        saisie = SaisieFiche.depuis_contenu(edition.contenu, edition.version)
        saisie.section = etape
    return _page_edition(request, saisie, etape=etape, edition=edition)


@login_required
@require_POST
def soumettre(request, pk):
    edition, refus = _edition_de_l_auteur(request, pk)
    if refus:
        return refus
    fiche = edition.fiche
    contenu = edition.contenu
    if contenus.champs_manquants(contenu) or (
        (detecter(contenu) or pieces_jointes.signalements(fiche))
        and request.POST.get(CASE_DONNEES_PERSONNELLES) != "oui"
    ):
        messages.warning(
            request,
            "Avant de soumettre la fiche, complétez les champs signalés et relisez les "
            "éventuelles données personnelles.",
        )
        return redirect(redaction.url_etape(fiche, etapes.RECAPITULATIF))
    try:
        services.soumettre(
            fiche,
            par=request.user,
            donnees_personnelles_relues=request.POST.get(CASE_DONNEES_PERSONNELLES) == "oui",
        )
    except cycle.TransitionInterdite as erreur:
        return transition_refusee(request, erreur, fiche=fiche)
    messages.success(request, "Votre fiche est soumise à la relecture.")
    return redirect("pratiques:mes_fiches")


@login_required
@require_POST
def ajouter_document(request, pk):
    edition, refus = _edition_de_l_auteur(request, pk)
    if refus:
        return refus
    fiche = edition.fiche
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        fichier = form.cleaned_data["fichier"]
        texte_alternatif = form.cleaned_data["texte_alternatif"]
        try:
            piece = pieces_jointes.ajouter(
                fiche,
                par=request.user,
                fichier=fichier,
                titre=form.cleaned_data["titre"],
                texte_alternatif=texte_alternatif,
            )
        except pieces_jointes.PieceJointeInvalide as erreur:
            manque_alternative = (
                fichier.size <= pieces_jointes.TAILLE_MAX
                and (pieces_jointes.type_reel(fichier) or "").startswith("image/")
                and not texte_alternatif.strip()
            )
            form.add_error("texte_alternatif" if manque_alternative else "fichier", str(erreur))
        except cycle.EtatIncompatible as erreur:
            form.add_error(None, str(erreur))
        except cycle.TransitionInterdite as erreur:
            return transition_refusee(request, erreur, fiche=fiche)
        else:
            messages.success(request, "Le document est joint à la fiche.")
            if piece.avertissement:
                messages.warning(request, piece.avertissement)
            return redirect(redaction.url_etape(fiche, etapes.RECAPITULATIF) + "#documents")
    return _page_edition(
        request, None, etape=etapes.RECAPITULATIF, edition=edition, document_form=form
    )


# --- Following one's fiches --------------------------------------------------------

GROUPES = (
    ("brouillons", "Brouillons", (Etat.BROUILLON,)),
    ("en_relecture", "En relecture", (Etat.SOUMISE,)),
    ("modifications", "Modifications demandées", (Etat.MODIFICATIONS_DEMANDEES,)),
    ("publiees", "Publiées", (Etat.PUBLIEE,)),
    ("refusees", "Refusées", (Etat.REFUSEE,)),
    ("archivees", "Archivées", (Etat.ARCHIVEE,)),
)


@login_required
def mes_fiches(request):
    """The author's fiches by state, with the moderator's last message. A fixed number
    of queries whatever the number of fiches (annotations and one prefetch)."""
    decision = (
        EvenementModeration.objects.filter(
            fiche=OuterRef("pk"),
            etat_apres__in=[Etat.MODIFICATIONS_DEMANDEES, Etat.REFUSEE],
        )
        # Not a note that left the state as it was (pratiques.geographie's).
        .exclude(etat_avant=F("etat_apres"))
        .order_by("-cree_le", "-pk")
    )
    fiches = (
        Fiche.objects.de(request.user)
        .annotate(
            decision_motif=Subquery(decision.values("motif")[:1]),
            decision_message=Subquery(decision.values("message")[:1]),
            decision_le=Subquery(decision.values("cree_le")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=Revision.objects.filter(etat__in=Revision.ETATS_OUVERTS),
                to_attr="revisions_ouvertes",
            )
        )
        .order_by("-modifiee_le", "-pk")
    )
    par_etat = {etat: [] for _, _, etats in GROUPES for etat in etats}
    for fiche in fiches:
        fiche.revision_en_cours = fiche.revisions_ouvertes[0] if fiche.revisions_ouvertes else None
        sujet = cycle.Sujet(fiche, fiche.revision_en_cours)
        fiche.decision_affichee = sujet.etat in (Etat.MODIFICATIONS_DEMANDEES, Etat.REFUSEE)
        fiche.decision_motif_libelle = (
            Motif(fiche.decision_motif).label if fiche.decision_motif in Motif.values else ""
        )
        fiche.actions = cycle.actions_possibles(request.user, sujet)
        par_etat[fiche.etat].append(fiche)
    groupes = [
        {"ancre": ancre, "titre": titre, "fiches": [f for e in etats for f in par_etat[e]]}
        for ancre, titre, etats in GROUPES
    ]
    return render(
        request,
        "pratiques/mes_fiches.html",
        {
            "titre": "Mes fiches",
            "groupes": [g for g in groupes if g["fiches"]],
            "total": sum(len(g["fiches"]) for g in groupes),
        },
    )


@login_required
def historique(request, pk):
    fiche = get_object_or_404(Fiche.objects.select_related("auteur"), pk=pk)
    if not cycle.peut_voir_historique(request.user, fiche):
        return transition_refusee(request, cycle.TransitionInterdite(MESSAGE_HISTORIQUE))
    evenements = list(fiche.evenements.select_related("acteur", "revision"))
    revisions = list(fiche.revisions.select_related("auteur"))
    changements = []
    ouverte = next((r for r in revisions if r.etat in Revision.ETATS_OUVERTS), None)
    if ouverte is not None:
        publiee = contenus.extraire(_fiche_complete(fiche.pk))
        changements = [c["libelle"] for c in contenus.differences(publiee, ouverte.contenu)]
    for evenement in evenements:
        evenement.acteur_affiche = _acteur(evenement.acteur, request.user)
    for revision in revisions:
        revision.auteur_affiche = _acteur(revision.auteur, request.user)
    return render(
        request,
        "pratiques/historique.html",
        {
            "titre": "Historique de la fiche",
            "fiche": fiche,
            "evenements": evenements,
            "revisions": revisions,
            "revision_ouverte": ouverte,
            "changements": changements,
            "est_auteur": fiche.auteur_id == request.user.pk,
            **versions.comparaison_de(
                list(fiche.versions_publiees.order_by("-numero")), request.GET, public=False
            ),
        },
    )


def _acteur(utilisateur, moi) -> str:
    """Who acted, without showing anyone's e-mail address."""
    if utilisateur is None:
        return "La plateforme (import ou compte supprimé)"
    if utilisateur.pk == moi.pk:
        return "Vous"
    return utilisateur.nom_complet or utilisateur.get_role_display()
