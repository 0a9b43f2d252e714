"""A partner's import, one function per use case: send a file, simulate, run, resume,
and the report of its rows. The Celery task (imports.tasks) calls `traiter`.

How an import survives a worker that dies: the task acknowledges its message only
once done (acks_late), so the broker gives it again to another worker. Rows are
checked and written in batches; each batch commits its fiches, its rows' results,
the counts and `dernier_rang_traite` together, under a lock on the import. A task
that starts again resumes after the last committed row, so nothing is written twice
(and two tasks on the same import never process the same batch).
"""

import csv
import io
import logging

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from imports import ecriture, lecture
from imports.lecture import FichierIllisible
from imports.models import Import, LigneImport
from imports.schema import IDENTIFIANT, IDENTIFIANT_EXPORT, PAR_NOM
from imports.signaux import import_termine
from imports.validation import Probleme, Verificateur

logger = logging.getLogger(__name__)
TACHE = "imports.tasks.traiter_import"
Action = LigneImport.Action
Etat = Import.Etat


def taille_max() -> int:
    return settings.IMPORTS_TAILLE_MAX


def lignes_max() -> int:
    return settings.IMPORTS_LIGNES_MAX


def taille_lot() -> int:
    return settings.IMPORTS_TAILLE_LOT


class ImportRefuse(Exception):
    """The file is refused before being stored (message in French)."""

    def __init__(self, message: str, *, trop_gros: bool = False):
        super().__init__(message)
        self.trop_gros = trop_gros


def _mo(octets: int) -> str:
    return f"{octets / 1024 / 1024:.0f}\u00a0Mo".replace(".", ",")


def verifier_fichier(fichier) -> str:
    """The format of an uploaded file; ImportRefuse if it cannot be taken."""
    if fichier.size > taille_max():
        raise ImportRefuse(
            f"Le fichier est trop volumineux ({_mo(fichier.size)})\u00a0: {_mo(taille_max())} au "
            "plus. Découpez-le en plusieurs imports.",
            trop_gros=True,
        )
    if fichier.size == 0:
        raise ImportRefuse("Le fichier est vide.")
    format = lecture.format_du_nom(fichier.name or "")
    if format is None:
        raise ImportRefuse(
            "Format non pris en charge\u00a0: envoyez un fichier .csv (UTF-8), .xlsx ou .json."
        )
    return format


@transaction.atomic
def envoyer(organisation, fichier, *, simulation: bool, par=None, cle=None) -> Import:
    """Store a partner's file and queue its processing (after the commit)."""
    format = verifier_fichier(fichier)
    import_ = Import(
        organisation=organisation,
        nom_fichier=(fichier.name or "")[-255:],
        format=format,
        simulation=simulation,
        cree_par=par if getattr(par, "pk", None) else None,
        cle=cle,
    )
    import_.fichier.save(f"import.{format}", fichier, save=False)
    import_.save()
    _mettre_en_file(import_)
    return import_


def _mettre_en_file(import_: Import) -> None:
    """Queue the task after the commit (by its name: imports.tasks imports this module)."""
    pk = import_.pk
    transaction.on_commit(lambda: current_app.send_task(TACHE, args=[pk]))


@transaction.atomic
def executer(import_: Import) -> Import:
    """Run for real an import whose simulation is done: its rows are checked again
    (the fiches may have changed since) and written."""
    import_ = Import.objects.select_for_update().get(pk=import_.pk)
    if import_.etat != Etat.VALIDE:
        raise ImportRefuse(
            "Seul un import dont la simulation est terminée peut être lancé "
            f"(celui-ci est «\u00a0{import_.get_etat_display().lower()}\u00a0»)."
        )
    import_.lignes.all().delete()
    import_.simulation = False
    import_.etat = Etat.EN_COURS
    import_.dernier_rang_traite = 0
    import_.creees = import_.modifiees = import_.inchangees = 0
    import_.rejetees = import_.avertissements = 0
    import_.modifie_le = timezone.now()
    import_.save()
    _mettre_en_file(import_)
    return import_


@transaction.atomic
def reprendre(import_: Import) -> Import:
    """Queue again an import that failed or stopped: it resumes after its last
    committed row."""
    import_ = Import.objects.select_for_update().get(pk=import_.pk)
    if import_.etat in (Etat.TERMINE, Etat.VALIDE):
        raise ImportRefuse("Cet import est terminé\u00a0: il n’y a rien à reprendre.")
    if import_.etat == Etat.ECHOUE:
        import_.etat = Etat.VALIDATION if import_.simulation else Etat.EN_COURS
        import_.erreur = ""
        import_.modifie_le = timezone.now()
        import_.save(update_fields=["etat", "erreur", "modifie_le"])
    _mettre_en_file(import_)
    return import_


# --- Processing (the task) ---------------------------------------------------------


def _lire(import_: Import) -> lecture.Contenu:
    with import_.fichier.open("rb") as fichier:
        donnees = fichier.read()
    contenu = lecture.lire(donnees, import_.format)
    if not contenu.lignes:
        raise FichierIllisible("Le fichier ne contient aucune ligne de données.")
    if len(contenu.lignes) > lignes_max():
        raise FichierIllisible(
            f"Le fichier compte {len(contenu.lignes)} lignes\u00a0: {lignes_max()} au plus par "
            "import. Découpez-le en plusieurs fichiers."
        )
    connues = [c for c in contenu.colonnes if c in PAR_NOM or c == IDENTIFIANT_EXPORT]
    if IDENTIFIANT not in contenu.colonnes and IDENTIFIANT_EXPORT not in contenu.colonnes:
        raise FichierIllisible(
            f"Colonne obligatoire absente\u00a0: «\u00a0{IDENTIFIANT}\u00a0» (votre identifiant de "
            "chaque pratique). Voir le schéma d’import."
        )
    if len(connues) < 2:
        raise FichierIllisible(
            "Aucune colonne du schéma d’import n’a été reconnue dans l’en-tête\u00a0: vérifiez "
            "le séparateur et le nom des colonnes."
        )
    return contenu


def _premiers_rangs(lignes: list[dict]) -> dict[str, int]:
    """The first row of each external identifier (a later one is a duplicate)."""
    premiers: dict[str, int] = {}
    for rang, cellules in enumerate(lignes, start=1):
        identifiant = cellules.get(IDENTIFIANT) or cellules.get(IDENTIFIANT_EXPORT, "")
        if identifiant:
            premiers.setdefault(identifiant, rang)
    return premiers


def echouer(import_pk: int, message: str) -> None:
    with transaction.atomic():
        import_ = Import.objects.select_for_update().get(pk=import_pk)
        import_.etat = Etat.ECHOUE
        import_.erreur = message
        import_.termine_le = import_.modifie_le = timezone.now()
        import_.save(update_fields=["etat", "erreur", "termine_le", "modifie_le"])
        import_termine.send(sender=Import, import_=import_)


def traiter(import_pk: int) -> None:
    """Check (and, unless it is a simulation, write) the rows of an import, batch by
    batch, from the row after the last committed one. Safe to call again."""
    import_ = Import.objects.select_related("organisation").get(pk=import_pk)
    if import_.etat not in Import.ACTIFS:
        return
    try:
        contenu = _lire(import_)
    except FichierIllisible as erreur:
        echouer(import_pk, str(erreur))
        return
    with transaction.atomic():
        import_ = (
            Import.objects.select_for_update().select_related("organisation").get(pk=import_pk)
        )
        if import_.etat == Etat.EN_ATTENTE:
            import_.etat = Etat.VALIDATION if import_.simulation else Etat.EN_COURS
        import_.lignes_total = len(contenu.lignes)
        import_.modifie_le = timezone.now()
        import_.save(update_fields=["etat", "lignes_total", "modifie_le"])
    premiers = _premiers_rangs(contenu.lignes)
    verificateur = Verificateur()
    while True:
        with transaction.atomic():
            import_ = (
                Import.objects.select_for_update(of=("self",))
                .select_related("organisation", "cree_par", "cle__creee_par")
                .get(pk=import_pk)
            )
            if import_.etat not in (Etat.VALIDATION, Etat.EN_COURS):
                return
            debut = import_.dernier_rang_traite
            if debut >= len(contenu.lignes):
                break
            fin = min(debut + taille_lot(), len(contenu.lignes))
            _traiter_lot(import_, contenu.lignes, debut, fin, premiers, verificateur)
    with transaction.atomic():
        import_ = Import.objects.select_for_update().get(pk=import_pk)
        if import_.etat not in (Etat.VALIDATION, Etat.EN_COURS):
            return
        import_.etat = Etat.VALIDE if import_.simulation else Etat.TERMINE
        import_.termine_le = import_.modifie_le = timezone.now()
        import_.save(update_fields=["etat", "termine_le", "modifie_le"])
        if import_.etat == Etat.TERMINE:
            import_termine.send(sender=Import, import_=import_)


def _traiter_lot(import_, lignes, debut, fin, premiers, verificateur) -> None:
    """Rows debut+1..fin (1-based), in the caller's transaction."""
    verifiees = [
        verificateur.verifier(rang, lignes[rang - 1]) for rang in range(debut + 1, fin + 1)
    ]
    for ligne in verifiees:
        premier = premiers.get(ligne.identifiant)
        if premier is not None and premier != ligne.rang:
            ligne.erreurs.append(
                Probleme(
                    IDENTIFIANT,
                    f"Doublon\u00a0: l’identifiant «\u00a0{ligne.identifiant}\u00a0» figure déjà à "
                    f"la ligne {premier}\u00a0; cette ligne est ignorée.",
                )
            )
            ligne.contenu = None
    existantes = ecriture.fiches_existantes(
        import_.organisation, [ligne.identifiant for ligne in verifiees if ligne.contenu]
    )
    resultats = []
    de_confiance = import_.organisation.de_confiance
    for ligne in verifiees:
        resultat = LigneImport(
            import_lie=import_,
            rang=ligne.rang,
            identifiant=ligne.identifiant,
            titre=ligne.titre,
            erreurs=[p.en_dict() for p in ligne.erreurs],
            avertissements=[p.en_dict() for p in ligne.avertissements],
        )
        resultat.contenu = ligne.contenu
        if ligne.contenu is None:
            resultat.action = Action.REJETEE
        else:
            existante = existantes.get(ligne.identifiant)
            resultat.action, resultat.revision = ecriture.action_prevue(
                existante, ligne.contenu, de_confiance=de_confiance
            )
            resultat.fiche = existante[0] if existante else None
        resultats.append(resultat)
    if not import_.simulation:
        _ecrire(import_, resultats)
    LigneImport.objects.bulk_create(
        resultats,
        update_conflicts=True,
        unique_fields=["import_lie", "rang"],
        update_fields=[
            "identifiant",
            "titre",
            "action",
            "erreurs",
            "avertissements",
            "fiche",
            "revision",
        ],
    )
    compte = dict.fromkeys(Action.values, 0)
    for resultat in resultats:
        compte[resultat.action] += 1
    import_.creees += compte[Action.CREEE]
    import_.modifiees += compte[Action.MODIFIEE]
    import_.inchangees += compte[Action.INCHANGEE]
    import_.rejetees += compte[Action.REJETEE]
    import_.avertissements += sum(1 for r in resultats if r.avertissements)
    import_.dernier_rang_traite = fin
    import_.modifie_le = timezone.now()
    import_.save(
        update_fields=[
            "creees", "modifiees", "inchangees", "rejetees", "avertissements",
            "dernier_rang_traite", "modifie_le",
        ]
    )  # fmt: skip


def _ecrire(import_, resultats: list[LigneImport]) -> None:
    """Write the fiches of a batch: new ones together, the others one by one. Checked
    before; a fiche that changed meanwhile (a race) rejects its row, not the batch."""
    nouvelles = [r for r in resultats if r.action == Action.CREEE]
    try:
        with transaction.atomic():
            fiches = ecriture.creer(import_, [(r.identifiant, r.contenu) for r in nouvelles])
        for resultat, fiche in zip(nouvelles, fiches, strict=True):
            resultat.fiche = fiche
        seules = [r for r in resultats if r.action == Action.MODIFIEE]
    except (ValidationError, IntegrityError):
        seules = [r for r in resultats if r.action in (Action.CREEE, Action.MODIFIEE)]
    for resultat in seules:
        try:
            with transaction.atomic():
                resultat.fiche = ecriture.ecrire(import_, resultat.contenu, resultat.identifiant)
        except (ValidationError, IntegrityError) as erreur:
            resultat.action = Action.REJETEE
            message = "\u00a0; ".join(getattr(erreur, "messages", [])) or (
                "La fiche a changé pendant l’import\u00a0: relancez l’import pour cette ligne."
            )
            resultat.erreurs.append({"colonne": "", "message": message})


# --- Report ------------------------------------------------------------------------

ENTETE_RAPPORT = [
    "ligne",
    "identifiant_externe",
    "titre",
    "resultat",
    "gravite",
    "colonne",
    "message",
]


def rapport_csv(import_: Import) -> str:
    """The rows with an error or a warning, one line per problem (CSV, UTF-8)."""
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";")
    ecrivain.writerow(ENTETE_RAPPORT)
    lignes = import_.lignes.exclude(erreurs=[], avertissements=[]).order_by("rang")
    for ligne in lignes.iterator():
        for gravite, problemes in (
            ("erreur", ligne.erreurs),
            ("avertissement", ligne.avertissements),
        ):
            for probleme in problemes:
                ecrivain.writerow(
                    [ligne.rang, ligne.identifiant, ligne.titre, ligne.get_action_display(),
                     gravite, probleme["colonne"], probleme["message"]]
                )  # fmt: skip
    if import_.erreur:
        ecrivain.writerow(["", "", "", "", "erreur", "", import_.erreur])
    return "\ufeff" + sortie.getvalue()
