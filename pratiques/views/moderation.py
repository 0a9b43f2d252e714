"""Pages of the modérateurs: the queue, the moderation screen, archiving.

Only modérateurs and national administrators reach them; what a page offers is what
pratiques.cycle allows, and each action is checked again by the services (a modérateur
acts only on the départements they hold). The views parse, call a service and render;
the helpers below only prepare what is shown (labels of vocabulary codes and
territories, highlighted personal data, changes).
"""

from collections import defaultdict
from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateformat import format as formater_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confidentialite.donnees_personnelles import detecter, surligner
from pratiques import contenu as contenus
from pratiques import cycle, pieces_jointes, services
from pratiques.contenu import TOUS_LES_CHAMPS
from pratiques.filters import FileModerationFilter
from pratiques.forms.fiche import SECTIONS as SECTIONS_DU_FORMULAIRE
from pratiques.forms.moderation import ArchivageForm, Decision, DecisionForm
from pratiques.models import Fiche, Partenaire, PrecisionDate
from pratiques.views.erreurs import transition_refusee

PAR_PAGE = 20

MESSAGE_RESERVE = (
    "Cette page est réservée aux modérateurs et aux administrateurs nationaux de la plateforme."
)


def reserve_aux_moderateurs(vue):
    """Login required; then modérateurs and national administrators only (403)."""

    @login_required
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        utilisateur = request.user
        if not (utilisateur.est_moderateur or utilisateur.est_admin_national):
            return transition_refusee(request, cycle.TransitionInterdite(MESSAGE_RESERVE))
        return vue(request, *args, **kwargs)

    return enveloppe


# --- The queue -----------------------------------------------------------------------


@reserve_aux_moderateurs
@require_GET
def file(request):
    file_attente = Fiche.objects.en_attente_de_moderation().moderables_par(request.user)
    filtre = FileModerationFilter(request.GET or None, queryset=file_attente, request=request)
    fiches = filtre.qs.select_related("auteur", "departement_moderation").order_by(
        "date_soumission", "pk"
    )
    paginator = Paginator(fiches, PAR_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    maintenant = timezone.now()
    lignes = [
        {
            "fiche": fiche,
            "departement": fiche.departement_moderation,
            "jours": (maintenant - fiche.date_soumission).days,
            "modification": fiche.est_publiee,
        }
        for fiche in page.object_list
    ]
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "pratiques/moderation_file.html",
        {
            "titre": "File de modération",
            "filtres": filtre.champs_avec_comptes(),
            "filtre_actif": any(request.GET.get(nom) for nom in filtre.filters),
            "page": page,
            "numeros": list(paginator.get_elided_page_range(page.number, on_each_side=2)),
            "ellipse": Paginator.ELLIPSIS,
            "lignes": lignes,
            "parametres": parametres.urlencode(),
        },
    )


# --- The moderation screen -----------------------------------------------------------


@reserve_aux_moderateurs
@require_http_methods(["GET", "POST"])
def moderer(request, pk):
    fiche = get_object_or_404(_fiches_avec_contenu(), pk=pk)
    if refus := cycle.refus_qui(cycle.Qui.MODERATEUR, fiche, request.user):
        return transition_refusee(request, refus)
    sujet = cycle.Sujet(fiche)
    actions = cycle.actions_possibles(request.user, sujet)
    # The decisions share their from-state: all are offered, or none.
    en_attente = all(nom in actions for nom in cycle.DECISIONS)
    revision = sujet.revision if en_attente else None
    publie = contenus.extraire(fiche)
    soumis = revision.contenu if revision else publie
    # What services.publier checks: the flags of what is submitted.
    signalements = detecter(soumis) + pieces_jointes.signalements(fiche) if en_attente else []

    formulaire = None
    if en_attente:
        formulaire = DecisionForm(
            request.POST if request.method == "POST" else None, signalements=signalements
        )
    if request.method == "POST":
        if not en_attente:
            return transition_refusee(
                request, cycle.refus("publier", sujet, request.user), fiche=fiche
            )
        if formulaire.is_valid():
            try:
                _decider(fiche, request.user, formulaire.cleaned_data)
            except services.DonneesPersonnellesAConfirmer as erreur:
                formulaire.add_error(
                    "confirmation" if formulaire.demande_confirmation() else None, str(erreur)
                )
            except cycle.TransitionInterdite as erreur:
                return transition_refusee(request, erreur, fiche=fiche)
            else:
                messages.success(
                    request,
                    _message_de_succes(formulaire.cleaned_data["decision"], fiche, revision),
                )
                return redirect("pratiques:file_moderation")

    libelles = Libelles(publie, soumis)
    changements = (
        [
            {
                "libelle": ligne["libelle"],
                "avant": valeur_html(ligne["champ"], publie, libelles),
                "apres": valeur_html(ligne["champ"], soumis, libelles, signalements),
            }
            for ligne in contenus.differences(publie, soumis)
            if not _meme_ensemble(ligne)
        ]
        if revision
        else []
    )
    evenements = list(fiche.evenements.select_related("acteur").order_by("cree_le", "pk"))
    for evenement in evenements:
        evenement.acteur_affiche = _acteur(evenement.acteur)
    erreur = formulaire is not None and formulaire.is_bound and bool(formulaire.errors)
    titre_soumis = soumis.get("titre") or fiche.titre
    return render(
        request,
        "pratiques/moderation_fiche.html",
        {
            "titre": f"{'Erreur — ' if erreur else ''}Relecture de {_cite(_court(titre_soumis))}",
            "fiche": fiche,
            "titre_soumis": titre_soumis,
            "revision": revision,
            "en_attente": en_attente,
            "soumise_le": (revision.soumise_le if revision else fiche.soumise_le)
            if en_attente
            else None,
            "sections": sections(soumis, libelles, signalements),
            "changements": changements,
            "signalements": [
                {"champ": libelle_chemin(s.champ), "type": s.libelle, "extrait": s.extrait}
                for s in signalements
            ],
            "formulaire": formulaire,
            "erreur_formulaire": erreur,
            "formulaire_archivage": ArchivageForm() if "archiver" in actions else None,
            "evenements": evenements,
        },
    )


def _fiches_avec_contenu():
    """What contenu.extraire reads, in a fixed number of queries."""
    return Fiche.objects.select_related(
        "auteur", "departement_moderation", "niveau_participation", "porteur_type"
    ).prefetch_related(
        "thematiques",
        "formes_intervention",
        "publics",
        "territoires",
        Prefetch("partenaires", queryset=Partenaire.objects.select_related("type")),
    )


@transaction.atomic
def _decider(fiche, utilisateur, donnees) -> None:
    # atomic: services.demander_modifications and services.refuser lock the fiche
    # (SELECT … FOR UPDATE) but are not atomic themselves.
    decision = donnees["decision"]
    if decision == Decision.PUBLIER:
        services.publier(
            fiche,
            par=utilisateur,
            message=donnees["message"],
            confirme_donnees_personnelles=bool(donnees.get("confirmation")),
        )
    elif decision == Decision.DEMANDER_MODIFICATIONS:
        services.demander_modifications(
            fiche, par=utilisateur, motif=donnees["motif"], message=donnees["message"]
        )
    else:
        services.refuser(fiche, par=utilisateur, motif=donnees["motif"], message=donnees["message"])


def _message_de_succes(decision, fiche, revision) -> str:
    if decision == Decision.PUBLIER:
        if revision:
            return f"Les modifications de la fiche {_cite(fiche.titre)} sont publiées."
        return f"La fiche {_cite(fiche.titre)} est publiée."
    if decision == Decision.DEMANDER_MODIFICATIONS:
        return f"Votre demande de modifications sur {_cite(fiche.titre)} est transmise à l’auteur."
    return (
        f"La publication de {_cite(fiche.titre)} est refusée\u00a0; le motif est transmis "
        "à l’auteur."
    )


@reserve_aux_moderateurs
@require_POST
def archiver(request, pk):
    fiche = get_object_or_404(Fiche, pk=pk)
    formulaire = ArchivageForm(request.POST)
    if not formulaire.is_valid():
        messages.error(request, "Le message est trop long (5 000 caractères au plus).")
        return redirect("pratiques:moderer", pk=fiche.pk)
    try:
        services.archiver(fiche, par=request.user, message=formulaire.cleaned_data["message"])
    except cycle.TransitionInterdite as erreur:
        return transition_refusee(request, erreur, fiche=fiche)
    messages.success(
        request,
        f"La fiche {_cite(fiche.titre)} est archivée\u00a0: elle n’est plus en ligne.",
    )
    return redirect("pratiques:moderer", pk=fiche.pk)


# --- Presentation of a content dict --------------------------------------------------

# The submitted content is read in the sections of the author's form.
SECTIONS = [
    (section.titre, [c for c in (*section.champs, *section.lignes) if c in TOUS_LES_CHAMPS])
    for section in SECTIONS_DU_FORMULAIRE
]
# Shown with their date, not on their own line.
PRECISIONS = {"date_debut": "date_debut_precision", "date_fin": "date_fin_precision"}
NON_RENSEIGNE = mark_safe('<span class="fr-text--sm fr-text-mention--grey">Non renseigné</span>')  # noqa: S308


class Libelles:
    """Labels of the vocabulary codes and territories used by some content dicts, read
    in one query per vocabulary and one for all territories, whatever their number."""

    def __init__(self, *contenus_):
        codes = defaultdict(set)
        references = set()
        for contenu in contenus_:
            for champ in contenus.VOCABULAIRE_MULTIPLE:
                codes[champ].update(contenu.get(champ) or [])
            if contenu.get("niveau_participation"):
                codes["niveau_participation"].add(contenu["niveau_participation"])
            if contenu.get("porteur_type"):
                codes["types"].add(contenu["porteur_type"])
            codes["types"].update(
                p.get("type") for p in contenu.get("partenaires") or [] if p.get("type")
            )
            references.update(contenu.get("territoires") or [])
        modeles = {
            **contenus.VOCABULAIRE_MULTIPLE,
            "niveau_participation": contenus.VOCABULAIRE_UNIQUE["niveau_participation"],
            "types": contenus.VOCABULAIRE_UNIQUE["porteur_type"],
        }
        self.vocabulaires = {
            cle: dict(modele.objects.filter(code__in=codes[cle]).values_list("code", "libelle"))
            if codes[cle]
            else {}
            for cle, modele in modeles.items()
        }
        self.territoires = {
            t.reference: t.libelle for t in contenus.territoires_references(sorted(references))
        }

    def vocabulaire(self, cle: str, code: str) -> str:
        return self.vocabulaires.get(cle, {}).get(code) or f"{code} (valeur inconnue)"

    def territoire(self, reference: str) -> str:
        return self.territoires.get(reference) or f"{reference} (territoire inconnu)"


def _texte(texte: str, chemin: str, signalements) -> SafeString:
    propres = [s for s in signalements if s.champ == chemin]
    return mark_safe(surligner(texte, propres).replace("\n", "<br>"))  # noqa: S308


def _date(valeur: str | None, precision: str) -> str:
    if not valeur:
        return ""
    try:
        jour = date.fromisoformat(valeur)
    except ValueError:
        return valeur
    if precision == PrecisionDate.ANNEE:
        return formater_date(jour, "Y")
    if precision == PrecisionDate.MOIS:
        return formater_date(jour, "F Y")
    if precision == PrecisionDate.APPROXIMATIVE:
        return f"vers {formater_date(jour, 'Y')} (date approximative)"
    return formater_date(jour, "j F Y")


def _liste(elements) -> SafeString:
    elements = list(elements)
    if not elements:
        return NON_RENSEIGNE
    return format_html(
        '<ul class="fr-mb-0">{}</ul>', format_html_join("", "<li>{}</li>", ((e,) for e in elements))
    )


def valeur_html(champ: str, contenu: dict, libelles: Libelles, signalements=()) -> SafeString:
    """One field of a content dict, ready to show: labels instead of codes, personal
    data flagged in `signalements` highlighted."""
    valeur = contenu.get(champ)
    if champ in contenus.VOCABULAIRE_MULTIPLE:
        return _liste(libelles.vocabulaire(champ, code) for code in valeur or [])
    if champ == "territoires":
        return _liste(libelles.territoire(ref) for ref in valeur or [])
    if not valeur and champ != "partenaires":
        return NON_RENSEIGNE
    if champ == "niveau_participation":
        return format_html("{}", libelles.vocabulaire("niveau_participation", valeur))
    if champ == "porteur_type":
        return format_html("{}", libelles.vocabulaire("types", valeur))
    if champ in contenus.CHOIX:
        choix = contenus.CHOIX[champ]
        return format_html("{}", choix(valeur).label if valeur in choix.values else valeur)
    if champ in PRECISIONS:
        return format_html("{}", _date(valeur, contenu.get(PRECISIONS[champ]) or ""))
    if champ == "contact_email":
        return format_html("{}", valeur)
    if champ == "partenaires":
        return _liste(
            _partenaire(p, f"partenaires[{rang}]", libelles, signalements)
            for rang, p in enumerate(valeur or [])
        )
    if champ == "liens":
        return _liste(
            format_html(
                "{} — {}",
                _texte(lien.get("titre") or "", f"liens[{rang}].titre", signalements),
                _texte(lien.get("url") or "", f"liens[{rang}].url", signalements),
            )
            for rang, lien in enumerate(valeur)
        )
    if champ == "sources":
        return _liste(
            format_html(
                "{}{}",
                _texte(source.get("document") or "", f"sources[{rang}].document", signalements),
                format_html(
                    ", {}",
                    _texte(source["reference"], f"sources[{rang}].reference", signalements),
                )
                if source.get("reference")
                else "",
            )
            for rang, source in enumerate(valeur)
        )
    return _texte(str(valeur), champ, signalements)


def _partenaire(partenaire, chemin, libelles, signalements) -> SafeString:
    morceaux = [_texte(partenaire.get("nom") or "", f"{chemin}.nom", signalements)]
    if partenaire.get("type"):
        morceaux.append(format_html("({})", libelles.vocabulaire("types", partenaire["type"])))
    if partenaire.get("role"):
        morceaux.append(
            format_html("— {}", _texte(partenaire["role"], f"{chemin}.role", signalements))
        )
    return format_html_join(" ", "{}", ((m,) for m in morceaux))


def sections(contenu: dict, libelles: Libelles, signalements=()) -> list[dict]:
    """The content by section: filled fields with their value, empty ones by name
    (a moderator judges completeness too, without scrolling through empty lines)."""
    resultat = []
    for titre, champs in SECTIONS:
        remplis, vides = [], []
        for champ in champs:
            if not _rempli(contenu.get(champ)):
                vides.append(contenus.libelle(champ))
                continue
            remplis.append(
                {
                    "libelle": contenus.libelle(champ),
                    "valeur": valeur_html(champ, contenu, libelles, signalements),
                    "signale": any(_racine(s.champ) == champ for s in signalements),
                }
            )
        resultat.append({"titre": titre, "champs": remplis, "vides": vides})
    return resultat


def _rempli(valeur) -> bool:
    if isinstance(valeur, str):
        return bool(valeur.strip())
    return bool(valeur)


def _racine(chemin: str) -> str:
    return chemin.split("[", 1)[0].split(".", 1)[0]


def libelle_chemin(chemin: str) -> str:
    """ "partenaires[1].role" → "Partenaires (n° 2, rôle)"."""
    racine = _racine(chemin)
    libelle = contenus.libelle(racine) if racine in contenus.TOUS_LES_CHAMPS else racine
    if "[" not in chemin:
        return libelle
    rang, _, cle = chemin[len(racine) + 1 :].partition("]")
    detail = {
        "nom": "nom",
        "role": "rôle",
        "titre": "titre",
        "url": "adresse",
        "document": "document",
        "reference": "référence",
    }.get(cle.lstrip("."), cle.lstrip("."))
    return f"{libelle} (n° {int(rang) + 1}{', ' + detail if detail else ''})"


def _meme_ensemble(ligne: dict) -> bool:
    """contenu.differences compares lists in order; a revision keeps the author's
    order while the published fiche is read sorted: the same set is no change."""
    if ligne["champ"] in contenus.VOCABULAIRE_MULTIPLE or ligne["champ"] == "territoires":
        return sorted(ligne["avant"] or []) == sorted(ligne["apres"] or [])
    return False


def _cite(texte: str) -> str:
    """French quotation marks, with their non-breaking spaces."""
    return f"«\u00a0{texte}\u00a0»"


def _court(texte: str, longueur: int = 80) -> str:
    return texte if len(texte) <= longueur else texte[: longueur - 1].rstrip() + "…"


def _acteur(utilisateur) -> str:
    """Who acted, as modérateurs see it (the author's page hides addresses)."""
    if utilisateur is None:
        return "Import ou système"
    return utilisateur.nom_complet or utilisateur.email
