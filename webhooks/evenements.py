"""The kinds of events a partner's endpoint may receive: one declaration each (code,
French label, what its `data` holds). The forms, the API's choices, the pages and the
documentation derive from EVENEMENTS."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeEvenement:
    code: str
    libelle: str
    contenu: str
    # False for the test event: sent on request to one endpoint, never subscribed to.
    abonnable: bool = True
    # True when the event concerns one organisation: only its endpoints receive it.
    pour_une_organisation: bool = False


_DONNEES_FICHE = (
    "`id`, `slug`, `titre`, `url` (la page publique), `url_api` (la fiche dans l’API), "
    "`etat` et `date` (celle de l’événement)"
)

EVENEMENTS = {
    evenement.code: evenement
    for evenement in (
        TypeEvenement(
            "fiche.publiee",
            "Fiche publiée",
            f"Une fiche est publiée pour la première fois (ou de nouveau)\u00a0: {_DONNEES_FICHE}.",
        ),
        TypeEvenement(
            "fiche.modifiee",
            "Fiche modifiée",
            f"Une nouvelle version d’une fiche publiée est publiée\u00a0: {_DONNEES_FICHE}.",
        ),
        TypeEvenement(
            "fiche.archivee",
            "Fiche archivée ou retirée",
            f"Une fiche publiée quitte la publication\u00a0: {_DONNEES_FICHE}, et `motif` "
            "(`archivee` ou `supprimee`).",
        ),
        TypeEvenement(
            "import.termine",
            "Import terminé",
            "Un import de fiches de votre organisation est terminé\u00a0: son bilan "
            "(envoyé à votre organisation seulement).",
            pour_une_organisation=True,
        ),
        TypeEvenement(
            "test.ping",
            "Test",
            "Envoyé à la demande depuis la page du point de terminaison\u00a0: `message`.",
            abonnable=False,
        ),
    )
}

FICHE_PUBLIEE = "fiche.publiee"
FICHE_MODIFIEE = "fiche.modifiee"
FICHE_ARCHIVEE = "fiche.archivee"
IMPORT_TERMINE = "import.termine"
TEST = "test.ping"

# What an endpoint may subscribe to, as (code, label) choices.
ABONNABLES = [(e.code, e.libelle) for e in EVENEMENTS.values() if e.abonnable]
CODES_ABONNABLES = [code for code, _ in ABONNABLES]


def libelle(code: str) -> str:
    evenement = EVENEMENTS.get(code)
    return evenement.libelle if evenement else code
