"""Checking one row of an import file, column by column, with the fiche's own rules.

A row becomes a content dict (pratiques.contenu's shape); it is then checked as a fiche
is: the values the fiche can store (`contenu.verifier`: lengths, dates), the fields a
submission needs (`contenu.champs_manquants`), and the personal-data guard
(confidentialite.detecter, as the fiche form uses it). Vocabulary codes and
territories are checked here, as the form's fields do, against the tables. Each
problem names its column and says in French what is wrong.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from confidentialite.donnees_personnelles import detecter
from donnees.colonnes import SEPARATEUR
from imports import anciens_codes
from imports.schema import (
    COLONNES_IMPORT,
    IDENTIFIANT,
    IDENTIFIANT_EXPORT,
    LISTES,
    colonne_du_champ,
)
from pratiques import contenu as contenus
from territoires.models import Territoire, analyser_reference

LONGUEUR_IDENTIFIANT = 200


@dataclass
class Probleme:
    colonne: str
    message: str

    def en_dict(self) -> dict:
        return {"colonne": self.colonne, "message": self.message}


@dataclass
class LigneVerifiee:
    rang: int
    identifiant: str
    contenu: dict | None  # None when the row is rejected
    erreurs: list[Probleme] = field(default_factory=list)
    avertissements: list[Probleme] = field(default_factory=list)
    titre: str = ""


def _inconnu(colonne: str, texte: str) -> Probleme:
    return Probleme(
        colonne,
        f"Territoire inconnu «\u00a0{texte}\u00a0»\u00a0: indiquez «\u00a0niveau:code\u00a0» "
        "avec le code officiel (par exemple «\u00a0commune:59350\u00a0»).",
    )


def _valeurs(cellule: str) -> list[str]:
    return [v.strip() for v in (cellule or "").split(SEPARATEUR.strip())]


class Verificateur:
    """Checks the rows of one import; reads each vocabulary once and each distinct
    territory once."""

    def __init__(self):
        self.codes = {
            champ: set(modele.objects.values_list("code", flat=True))
            for champ, modele in {
                **contenus.VOCABULAIRE_UNIQUE,
                **contenus.VOCABULAIRE_MULTIPLE,
            }.items()
        }
        self.codes.update({champ: set(choix.values) for champ, choix in contenus.CHOIX.items()})
        self.codes["partenaires"] = self.codes["porteur_type"]
        self._territoires: dict[str, tuple[str | None, Probleme | None]] = {}

    # --- Cells -----------------------------------------------------------------------

    def _code(self, colonne: str, champ: str, code: str, erreurs: list[Probleme]) -> str | None:
        if code in self.codes[champ]:
            return code
        erreurs.append(
            Probleme(
                colonne,
                f"Code inconnu «\u00a0{code}\u00a0»\u00a0: les valeurs possibles sont dans le "
                "référentiel des vocabulaires (/pratiques/referentiel/).",
            )
        )
        return None

    def territoire(self, colonne: str, texte: str) -> tuple[str | None, Probleme | None, bool]:
        """(reference, problem, is_error) for one territory cell value."""
        if texte not in self._territoires:
            self._territoires[texte] = self._resoudre(colonne, texte)
        reference, probleme = self._territoires[texte]
        return reference, probleme, reference is None

    def _resoudre(self, colonne: str, texte: str) -> tuple[str | None, Probleme | None]:
        try:
            niveau, code = analyser_reference(texte)
        except ValueError:
            return self._par_nom(colonne, texte)
        trouve = (
            Territoire.objects.filter(niveau=niveau, code=code).select_related("successeur").first()
        )
        if trouve is not None and trouve.actif:
            return trouve.reference, None
        suivant = trouve.successeur if trouve is not None else None
        if suivant is None and (code_suivant := anciens_codes.successeur(niveau, code)):
            suivant = Territoire.objects.filter(
                niveau=niveau, code=code_suivant, actif=True
            ).first()
        if suivant is not None:
            return suivant.reference, Probleme(
                colonne,
                f"Code périmé «\u00a0{texte}\u00a0»\u00a0: remplacé par «\u00a0{suivant.reference}"
                f"\u00a0» ({suivant.libelle}), son successeur dans le découpage officiel.",
            )
        return None, _inconnu(colonne, texte)

    def _par_nom(self, colonne: str, texte: str) -> tuple[str | None, Probleme | None]:
        candidats = Territoire.objects.resoudre(texte)
        if len(candidats) == 1:
            return candidats[0].reference, None
        if not candidats:
            return None, _inconnu(colonne, texte)
        noms = ", ".join(f"«\u00a0{t.reference}\u00a0» ({t.libelle})" for t in candidats[:5])
        return None, Probleme(
            colonne,
            f"Territoire ambigu «\u00a0{texte}\u00a0»\u00a0: plusieurs territoires portent ce nom. "
            f"Indiquez sa référence, par exemple {noms}.",
        )

    # --- A row ---------------------------------------------------------------------------

    def verifier(self, rang: int, cellules: dict[str, str]) -> LigneVerifiee:
        erreurs: list[Probleme] = []
        avertissements: list[Probleme] = []
        identifiant = cellules.get(IDENTIFIANT) or cellules.get(IDENTIFIANT_EXPORT, "")
        if not identifiant:
            erreurs.append(
                Probleme(IDENTIFIANT, "Champ obligatoire manquant\u00a0: l’identifiant externe.")
            )
        elif len(identifiant) > LONGUEUR_IDENTIFIANT:
            erreurs.append(
                Probleme(
                    IDENTIFIANT,
                    f"Trop long\u00a0: {LONGUEUR_IDENTIFIANT} caractères au plus (actuellement "
                    f"{len(identifiant)}).",
                )
            )
        brut = self._contenu(cellules, erreurs, avertissements)
        propre = contenus.normaliser(brut)
        try:
            contenus.verifier(propre)
        except ValidationError as erreur:
            for champ, messages in erreur.message_dict.items():
                erreurs.extend(Probleme(colonne_du_champ(champ), m) for m in messages)
        for champ in contenus.champs_manquants(propre):
            if not any(p.colonne == colonne_du_champ(champ) for p in erreurs):
                erreurs.append(
                    Probleme(
                        colonne_du_champ(champ),
                        f"Champ obligatoire manquant\u00a0: {contenus.libelle(champ).lower()}.",
                    )
                )
        for signalement in detecter(propre):
            erreurs.append(
                Probleme(
                    colonne_du_champ(signalement.champ),
                    f"Donnée personnelle probable ({signalement.libelle.lower()}) «\u00a0"
                    f"{signalement.extrait}\u00a0»\u00a0: une fiche ne publie jamais de donnée sur "
                    "les personnes accompagnées. Retirez-la du fichier.",
                )
            )
        return LigneVerifiee(
            rang,
            identifiant[:LONGUEUR_IDENTIFIANT],
            None if erreurs else propre,
            erreurs,
            avertissements,
            titre=propre["titre"][:200],
        )

    def _contenu(self, cellules: dict[str, str], erreurs, avertissements) -> dict:
        contenu: dict = {}
        for colonne in COLONNES_IMPORT[1:]:
            cellule = cellules.get(colonne.nom, "")
            if not cellule or colonne.cle:
                continue
            champ = colonne.champ
            if champ == "territoires":
                contenu[champ] = []
                for texte in filter(None, _valeurs(cellule)):
                    reference, probleme, est_erreur = self.territoire(colonne.nom, texte)
                    if probleme:
                        (erreurs if est_erreur else avertissements).append(probleme)
                    if reference:
                        contenu[champ].append(reference)
            elif champ in contenus.VOCABULAIRE_MULTIPLE:
                contenu[champ] = [
                    code
                    for code in filter(None, _valeurs(cellule))
                    if self._code(colonne.nom, champ, code, erreurs)
                ]
            elif champ in self.codes:
                contenu[champ] = self._code(colonne.nom, champ, cellule, erreurs)
            else:
                contenu[champ] = cellule
        for champ, cles in LISTES.items():
            colonnes = {cle: _valeurs(cellules.get(nom, "")) for cle, nom in cles.items()}
            nombre = (
                max(len(v) for v in colonnes.values())
                if any(cellules.get(n) for n in cles.values())
                else 0
            )
            elements = [
                {cle: (v[i] if i < len(v) else "") for cle, v in colonnes.items()}
                for i in range(nombre)
            ]
            if champ == "partenaires":
                for element in elements:
                    if element["type"]:
                        element["type"] = self._code(
                            cles["type"], "partenaires", element["type"], erreurs
                        )
            contenu[champ] = elements
        return contenu
