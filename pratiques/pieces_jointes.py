"""Attachments: PDF, PNG, JPEG or WebP, recognised from their content (never from the
name the browser sends), 10 MB at most, images with an alternative text. The text of a
PDF (bounded) is read at upload and, with the titles and alternative texts, goes
through the personal-data guard like the fiche's own text."""

import logging

from django.db import transaction
from django.db.models import Q
from pypdf import PdfReader

from confidentialite.donnees_personnelles import Signalement, detecter_dans_texte
from pratiques import cycle
from pratiques.models import Etat, Fiche, PieceJointe, Revision

journal = logging.getLogger(__name__)

TAILLE_MAX = 10 * 1024 * 1024
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
}
# What is read of a PDF for the personal-data guard: enough for a leaflet or a report,
# bounded so that a large scan never holds a request.
PAGES_LUES_MAX = 50
CARACTERES_LUS_MAX = 100_000
AVERTISSEMENT_PROTEGE = (
    "Ce PDF est protégé par un mot de passe : la plateforme n’a pas pu lire son texte. "
    "Vérifiez vous-même qu’il ne contient aucune donnée personnelle sur les personnes "
    "accompagnées ; le modérateur le vérifiera aussi."
)
AVERTISSEMENT_ILLISIBLE = (
    "Le texte de ce PDF n’a pas pu être lu (fichier endommagé ou inhabituel). Vérifiez "
    "vous-même qu’il ne contient aucune donnée personnelle sur les personnes accompagnées ; "
    "le modérateur le vérifiera aussi."
)

# How a stored file is served (pratiques.views.public.document): only images are shown
# inline; anything else is a download. Every response is sandboxed, so that even a file
# a browser would render cannot run script or reach the site's origin.
AFFICHEES_EN_LIGNE = {"image/png", "image/jpeg", "image/webp"}
ENTETES_DE_SERVICE = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def type_servi(type_mime: str) -> str:
    """The Content-Type sent: the stored type when it is one this module accepts."""
    return type_mime if type_mime in EXTENSIONS else "application/octet-stream"


def affiche_en_ligne(type_mime: str) -> bool:
    return type_mime in AFFICHEES_EN_LIGNE


class PieceJointeInvalide(ValueError):
    """The file is refused; the message is in French, for the person who sent it."""


def type_reel(fichier) -> str | None:
    """The MIME type read from the first bytes of the file, or None if not accepted."""
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    fichier.seek(0)
    debut = fichier.read(16)
    fichier.seek(position)
    if debut.startswith(b"%PDF-"):
        return "application/pdf"
    if debut.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if debut.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if debut[:4] == b"RIFF" and debut[8:12] == b"WEBP":
        return "image/webp"
    return None


def verifier(fichier, *, texte_alternatif: str = "") -> str:
    """Check size, real type and alternative text; return the MIME type."""
    if fichier.size > TAILLE_MAX:
        raise PieceJointeInvalide(
            f"Le fichier « {fichier.name} » dépasse la taille maximale de 10 Mo."
        )
    type_mime = type_reel(fichier)
    if type_mime is None:
        raise PieceJointeInvalide(
            f"Le fichier « {fichier.name} » n’est ni un PDF ni une image PNG, JPEG ou WebP "
            "(le type est vérifié d’après le contenu du fichier, pas d’après son nom)."
        )
    if type_mime.startswith("image/") and not texte_alternatif.strip():
        raise PieceJointeInvalide(
            "Décrivez l’image dans le champ « texte alternatif » pour les personnes qui ne "
            "la voient pas."
        )
    return type_mime


def texte_du_pdf(fichier) -> tuple[str, str]:
    """(text, warning): the text of the first PAGES_LUES_MAX pages, CARACTERES_LUS_MAX
    characters at most. A PDF whose text cannot be read (damaged, protected by a
    password, or a scan without text) is still accepted — visitors' readers are more
    lenient than pypdf — with a warning in French for its author: its content must be
    checked by a person."""
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    fichier.seek(0)
    morceaux, total = [], 0
    try:
        lecteur = PdfReader(fichier)
        if lecteur.is_encrypted and not lecteur.decrypt(""):
            return "", AVERTISSEMENT_PROTEGE
        for page in lecteur.pages[:PAGES_LUES_MAX]:
            texte = page.extract_text() or ""
            morceaux.append(texte)
            total += len(texte)
            if total >= CARACTERES_LUS_MAX:
                break
    except Exception as erreur:  # noqa: BLE001 — any failure of the parser on any input
        journal.info("PDF text unreadable: %r", erreur)
        return "", AVERTISSEMENT_ILLISIBLE
    finally:
        fichier.seek(position)
    return "\n".join(morceaux)[:CARACTERES_LUS_MAX], ""


@transaction.atomic
def ajouter(fiche: Fiche, *, par, fichier, titre: str, texte_alternatif: str = "") -> PieceJointe:
    """Attach a file. On a published fiche it belongs to the open revision, and becomes
    public only when that revision is published. Raises cycle.TransitionInterdite
    (not the author) before looking at the file, then PieceJointeInvalide, then
    cycle.EtatIncompatible (a state that takes no document)."""
    sujet = cycle.Sujet(fiche)
    if erreur := cycle.refus_qui(cycle.TRANSITIONS["ajouter_document"].qui, fiche, par):
        raise erreur
    type_mime = verifier(fichier, texte_alternatif=texte_alternatif)
    cycle.exiger("ajouter_document", sujet, par)
    revision = sujet.revision
    texte, avertissement = texte_du_pdf(fichier) if type_mime == "application/pdf" else ("", "")
    fichier.name = f"document.{EXTENSIONS[type_mime]}"
    piece = PieceJointe.objects.create(
        fiche=fiche,
        revision=revision,
        fichier=fichier,
        titre=titre.strip() or "Document joint",
        type_mime=type_mime,
        taille=fichier.size,
        texte_alternatif=texte_alternatif.strip(),
        texte_extrait=texte,
        ajoutee_par=par,
    )
    piece.avertissement = avertissement  # for the page that attached it
    return piece


def extraire_les_textes_manquants() -> tuple[int, int]:
    """Read the text of the PDFs attached before their text was kept (or whose text
    could not be read then): (PDFs read, of which with a text). Each is saved on its
    own; a PDF still unreadable stays without text, and is read again next time."""
    lus = avec_texte = 0
    manquants = PieceJointe.objects.filter(type_mime="application/pdf", texte_extrait="")
    for piece in manquants.iterator(chunk_size=100):
        with piece.fichier.open("rb") as fichier:
            texte, _ = texte_du_pdf(fichier)
        lus += 1
        if texte:
            PieceJointe.objects.filter(pk=piece.pk).update(texte_extrait=texte)
            avec_texte += 1
    return lus, avec_texte


def est_public(piece: PieceJointe) -> bool:
    """Public once its fiche is published, and the revision that brought it too."""
    return piece.fiche.etat == Etat.PUBLIEE and piece.revision_id is None


def est_visible_par(piece: PieceJointe, utilisateur) -> bool:
    return est_public(piece) or cycle.peut_voir_historique(utilisateur, piece.fiche)


def a_relire(fiche: Fiche):
    """The documents not public yet: those of a fiche never published, or brought by
    its open revision (what the author submits and the moderator decides on)."""
    pieces = PieceJointe.objects.filter(fiche=fiche)
    ouverts = Q(revision__etat__in=Revision.ETATS_OUVERTS)
    if fiche.etat != Etat.PUBLIEE:
        ouverts |= Q(revision__isnull=True)
    return pieces.filter(ouverts)


def textes_a_verifier(piece: PieceJointe) -> list[tuple[str, str]]:
    """(label of the place, text) of a document, as shown next to its findings."""
    nom = f"Document « {piece.titre} »"
    textes = [(f"{nom} — titre", piece.titre)]
    if piece.texte_alternatif:
        textes.append((f"{nom} — texte alternatif", piece.texte_alternatif))
    if piece.texte_extrait:
        textes.append((f"{nom} — texte du PDF", piece.texte_extrait))
    return textes


def signalements(fiche: Fiche) -> list[Signalement]:
    """Likely personal data in the documents still to be reviewed (see `a_relire`)."""
    return [
        signalement
        for piece in a_relire(fiche)
        for champ, texte in textes_a_verifier(piece)
        for signalement in detecter_dans_texte(texte, champ)
    ]
