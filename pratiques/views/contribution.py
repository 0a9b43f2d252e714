"""Pages of the authors: propose a practice, edit it, submit it, follow it.

Thin views: they bind the form (pratiques.forms.saisie.SaisieFiche), call a service of
pratiques.services and render; what they offer is what pratiques.cycle allows. Nothing
typed is lost: on a validation error, a version conflict or missing fields, the page is
rendered again from what was posted.
"""

import dataclasses
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from confidentialite.donnees_personnelles import detecter, surligner
from pratiques import contenu as contenus
from pratiques import cycle, pieces_jointes, services
from pratiques.forms.documents import DocumentForm
from pratiques.forms.fiche import FicheForm
from pratiques.forms.lignes import FORMSETS
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
from pratiques.views import versions
from pratiques.views.erreurs import transition_refusee

CASE_DONNEES_PERSONNELLES = "donnees_personnelles_relues"
MESSAGE_HISTORIQUE = (
    "L’historique d’une fiche est réservé à son auteur, aux modérateurs de son "
    "département et aux administrateurs nationaux."
)
CONTEXTE_EXTRAIT = 60  # characters shown around a likely personal datum

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


# --- Personal data shown before submission -----------------------------------------

_CHEMIN = re.compile(r"(?P<champ>\w+)(?:\[(?P<rang>\d+)\](?:\.(?P<cle>\w+))?)?")


def _valeur(contenu: dict, chemin: str) -> tuple[str, str, str]:
    """(text, label, anchor) of a path such as "description" or "partenaires[1].role"."""
    trouve = _CHEMIN.fullmatch(chemin)
    if not trouve:
        return "", chemin, "formulaire-fiche"
    champ, rang, cle = trouve["champ"], trouve["rang"], trouve["cle"]
    if rang is None:
        formulaire = FicheForm.base_fields.get(champ)
        libelle = formulaire.label if formulaire else contenus.libelle(champ)
        return str(contenu.get(champ) or ""), libelle, f"id_{champ}"
    rang = int(rang)
    lignes = contenu.get(champ) or []
    ligne = lignes[rang] if rang < len(lignes) else {}
    texte = ligne.get(cle) if isinstance(ligne, dict) else ligne
    classe = FORMSETS.get(champ)
    if classe is None:
        return str(texte or ""), f"{contenus.libelle(champ)} {rang + 1}", f"id_{champ}"
    sous_champ = classe.form.base_fields.get(cle)
    libelle = f"{classe.libelle_ligne} {rang + 1} — {sous_champ.label if sous_champ else cle}"
    return str(texte or ""), libelle, f"id_{champ}-{rang}-{cle}"


def signalements_affiches(contenu: dict) -> list[dict]:
    """Each likely personal datum with its field and a highlighted excerpt."""
    affiches = []
    for signalement in detecter(contenu):
        texte, libelle, ancre = _valeur(contenu, signalement.champ)
        debut = max(0, signalement.debut - CONTEXTE_EXTRAIT)
        fin = min(len(texte), signalement.fin + CONTEXTE_EXTRAIT)
        decale = dataclasses.replace(
            signalement, debut=signalement.debut - debut, fin=signalement.fin - debut
        )
        extrait = surligner(texte[debut:fin], [decale])
        affiches.append(
            {
                "type": signalement.libelle,
                "champ": libelle,
                "ancre": ancre,
                # surligner escapes the text and adds only <mark>.
                "extrait": mark_safe(  # noqa: S308
                    ("… " if debut else "") + extrait + (" …" if fin < len(texte) else "")
                ),
            }
        )
    return affiches


# --- Rendering the edit page -------------------------------------------------------


def _page_edition(
    request,
    saisie: SaisieFiche,
    *,
    edition: Edition | None = None,
    contenu: dict | None = None,
    document_form=None,
    conflit: str = "",
    erreur_donnees_personnelles: str = "",
    status=200,
):
    fiche = edition.fiche if edition else None
    if fiche is None:
        titre = "Proposer une pratique"
    elif fiche.est_publiee:
        titre = "Modifier une fiche publiée"
    else:
        titre = "Modifier la fiche"
    documents = []
    if fiche is not None:
        documents = [
            piece
            for piece in PieceJointe.objects.filter(fiche=fiche).select_related("revision")
            if piece.revision_id is None or piece.revision.etat in Revision.ETATS_OUVERTS
        ]
    signalements = signalements_affiches(contenu) if contenu is not None else []
    demande = None
    if edition is not None and edition.sujet.etat == Etat.MODIFICATIONS_DEMANDEES:
        demande = (
            fiche.evenements.filter(etat_apres=Etat.MODIFICATIONS_DEMANDEES)
            .order_by("-cree_le", "-pk")
            .first()
        )
    return render(
        request,
        "pratiques/edition.html",
        {
            "titre": titre,
            "saisie": saisie,
            "erreurs": saisie.erreurs(),
            "edition": edition,
            "fiche": fiche,
            "action": reverse("pratiques:modifier", args=[fiche.pk])
            if fiche
            else reverse("pratiques:proposer"),
            "documents": documents,
            "document_form": document_form or DocumentForm(),
            "documents_possibles": edition is not None
            and cycle.possible("ajouter_document", edition.sujet, request.user),
            "conflit": conflit,
            "demande": demande,
            "signalements": signalements,
            "case_donnees_personnelles": CASE_DONNEES_PERSONNELLES,
            "erreur_donnees_personnelles": erreur_donnees_personnelles,
        },
        status=status,
    )


def _re_liee(request, version: int) -> SaisieFiche:
    """The posted form again, with the version just saved (the next save needs it)."""
    donnees = request.POST.copy()
    donnees["version"] = str(version)
    saisie = SaisieFiche.depuis_requete(donnees)
    saisie.is_valid()
    return saisie


MESSAGE_MANQUANTS = (
    "Votre brouillon est enregistré, mais il ne peut pas encore être soumis : complétez "
    "les champs signalés."
)
MESSAGE_CASE = (
    "Relisez les passages signalés et retirez toute information sur une personne "
    "accompagnée, puis cochez la case pour confirmer."
)


def _soumettre_si_pret(request, fiche: Fiche, edition_apres, saisie, contenu):
    """After saving: submit, or show what prevents it (missing fields, personal data
    not yet reviewed). Returns a response."""
    manquants = contenus.champs_manquants(contenu)
    signalements = detecter(contenu)
    relu = request.POST.get(CASE_DONNEES_PERSONNELLES) == "oui"
    if manquants or (signalements and not relu):
        if manquants:
            saisie.signaler_manquants(manquants)
        messages.warning(request, MESSAGE_MANQUANTS if manquants else MESSAGE_CASE)
        return _page_edition(
            request,
            saisie,
            edition=edition_apres,
            contenu=contenu,
            erreur_donnees_personnelles=MESSAGE_CASE if signalements and not relu else "",
        )
    try:
        services.soumettre(fiche, par=request.user, donnees_personnelles_relues=relu)
    except cycle.TransitionInterdite as erreur:
        return transition_refusee(request, erreur, fiche=fiche)
    messages.success(
        request,
        "Votre fiche est soumise à la relecture. Le modérateur de votre département vous "
        "répondra par e-mail ; vous suivez son avancement dans « Mes fiches ».",
    )
    return redirect("pratiques:mes_fiches")


# --- Views -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def proposer(request):
    if request.method == "GET":
        return _page_edition(request, SaisieFiche.vide())
    saisie = SaisieFiche.depuis_requete(request.POST)
    if "ajouter_lignes" in request.POST:
        return _page_edition(request, saisie.avec_lignes_en_plus())
    if not saisie.is_valid():
        return _page_edition(request, saisie)
    contenu = saisie.contenu()
    fiche = services.creer_brouillon(auteur=request.user, contenu=contenu)
    if request.POST.get("action") == "soumettre":
        if contenus.champs_manquants(contenu) or (
            detecter(contenu) and request.POST.get(CASE_DONNEES_PERSONNELLES) != "oui"
        ):
            # The draft exists now: show what is missing on its own page, so that a
            # second post never creates a second fiche.
            messages.warning(request, MESSAGE_MANQUANTS)
            return redirect(reverse("pratiques:modifier", args=[fiche.pk]) + "?verifier=1")
        return _soumettre_si_pret(request, fiche, None, saisie, contenu)
    messages.success(
        request, "Votre brouillon est enregistré. Vous pouvez le compléter à tout moment."
    )
    return redirect("pratiques:modifier", pk=fiche.pk)


@login_required
@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    edition, refus = _edition_de_l_auteur(request, pk)
    if refus:
        return refus
    fiche = edition.fiche

    if request.method == "GET":
        if request.GET.get("verifier"):
            saisie = SaisieFiche.liee_au_contenu(edition.contenu, edition.version)
            saisie.is_valid()
            saisie.signaler_manquants(contenus.champs_manquants(edition.contenu))
        else:
            saisie = SaisieFiche.depuis_contenu(edition.contenu, edition.version)
        return _page_edition(request, saisie, edition=edition, contenu=edition.contenu)

    saisie = SaisieFiche.depuis_requete(request.POST)
    if "ajouter_lignes" in request.POST:
        return _page_edition(request, saisie.avec_lignes_en_plus(), edition=edition)
    if not saisie.is_valid():
        return _page_edition(request, saisie, edition=edition)
    contenu = saisie.contenu()
    try:
        enregistre = services.enregistrer(
            fiche, par=request.user, contenu=contenu, version=saisie.version or 0
        )
    except services.ConflitDeVersion as erreur:
        return _page_edition(
            request, saisie, edition=edition, contenu=contenu, conflit=str(erreur), status=409
        )
    except cycle.TransitionInterdite as erreur:
        return transition_refusee(request, erreur, fiche=fiche)

    edition_apres = dataclasses.replace(
        edition,
        revision=enregistre if isinstance(enregistre, Revision) else None,
        contenu=contenu,
        version=enregistre.version,
    )
    if request.POST.get("action") == "soumettre":
        saisie = _re_liee(request, enregistre.version)
        return _soumettre_si_pret(request, fiche, edition_apres, saisie, contenu)
    messages.success(
        request,
        "Vos modifications sont enregistrées. Elles resteront invisibles au public tant "
        "qu’elles n’auront pas été relues et publiées."
        if fiche.est_publiee
        else "Votre brouillon est enregistré.",
    )
    return redirect("pratiques:modifier", pk=fiche.pk)


@login_required
@require_POST
def soumettre(request, pk):
    edition, refus = _edition_de_l_auteur(request, pk)
    if refus:
        return refus
    fiche = edition.fiche
    contenu = edition.contenu
    if contenus.champs_manquants(contenu) or (
        detecter(contenu) and request.POST.get(CASE_DONNEES_PERSONNELLES) != "oui"
    ):
        messages.warning(
            request,
            "Avant de soumettre la fiche, complétez les champs signalés et relisez les "
            "éventuelles données personnelles.",
        )
        return redirect(reverse("pratiques:modifier", args=[fiche.pk]) + "?verifier=1")
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
            pieces_jointes.ajouter(
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
            return redirect(reverse("pratiques:modifier", args=[fiche.pk]) + "#documents")
    return _page_edition(
        request,
        SaisieFiche.depuis_contenu(edition.contenu, edition.version),
        edition=edition,
        contenu=edition.contenu,
        document_form=form,
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
    decision = EvenementModeration.objects.filter(
        fiche=OuterRef("pk"),
        etat_apres__in=[Etat.MODIFICATIONS_DEMANDEES, Etat.REFUSEE],
    ).order_by("-cree_le", "-pk")
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
