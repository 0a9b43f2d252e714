"""Attachments: PDF, PNG, JPEG or WebP, recognised from their content (never from the
name the browser sends), 10 MB at most, images with an alternative text."""

from django.db import transaction

from pratiques import cycle
from pratiques.models import Etat, Fiche, PieceJointe

TAILLE_MAX = 10 * 1024 * 1024
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
}

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
    fichier.name = f"document.{EXTENSIONS[type_mime]}"
    return PieceJointe.objects.create(
        fiche=fiche,
        revision=revision,
        fichier=fichier,
        titre=titre.strip() or "Document joint",
        type_mime=type_mime,
        taille=fichier.size,
        texte_alternatif=texte_alternatif.strip(),
        ajoutee_par=par,
    )


def est_public(piece: PieceJointe) -> bool:
    """Public once its fiche is published, and the revision that brought it too."""
    return piece.fiche.etat == Etat.PUBLIEE and piece.revision_id is None


def est_visible_par(piece: PieceJointe, utilisateur) -> bool:
    return est_public(piece) or cycle.peut_voir_historique(utilisateur, piece.fiche)
