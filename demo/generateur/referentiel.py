"""The vocabularies and active territories the fiches are drawn from, loaded once."""

from dataclasses import dataclass

from demo.generateur.lexique import POIDS
from demo.generateur.tirages import Ponderes
from pratiques.models import (
    FormeIntervention,
    NiveauParticipation,
    Public,
    Thematique,
    TypeStructure,
)
from territoires.models import CODE_FRANCE, Niveau, Territoire


@dataclass
class TerritoireLeger:
    pk: int
    niveau: str
    code: str
    nom: str
    population: int | None
    parents: list[int]
    ancetres: list[int]


@dataclass
class Vocabulaire:
    pk: int
    code: str
    libelle: str


def _vocabulaire(modele) -> list[Vocabulaire]:
    return [
        Vocabulaire(pk, code, libelle)
        for pk, code, libelle in modele.objects.filter(actif=True)
        .order_by("code")
        .values_list("pk", "code", "libelle")
    ]


def _ponderes(vocabulaire: list[Vocabulaire], poids: dict[str, int], defaut: int) -> Ponderes:
    return Ponderes((v, poids.get(v.code, defaut)) for v in vocabulaire)


class Referentiel:
    """The vocabularies and active territories the fiches are drawn from."""

    def __init__(self):
        self.thematiques = _vocabulaire(Thematique)
        self.formes = _vocabulaire(FormeIntervention)
        self.publics = _vocabulaire(Public)
        self.niveaux = _vocabulaire(NiveauParticipation)
        self.types = _vocabulaire(TypeStructure)
        if not (self.thematiques and self.formes and self.types):
            raise ValueError("Les vocabulaires sont vides : appliquez les migrations.")
        self.tirage_thematiques = _ponderes(self.thematiques, POIDS["thematiques"], 2)
        self.tirage_formes = _ponderes(self.formes, POIDS["formes_intervention"], 2)
        self.tirage_publics = _ponderes(self.publics, POIDS["publics"], 1)
        self.tirage_niveaux = _ponderes(self.niveaux, POIDS["niveaux_participation"], 1)
        self.tirage_porteurs = _ponderes(self.types, POIDS["types_porteur"], 0) or Ponderes(
            (v, 1) for v in self.types
        )
        self.tirage_partenaires = _ponderes(self.types, POIDS["types_partenaire"], 0) or Ponderes(
            (v, 1) for v in self.types
        )

        colonnes = ("pk", "niveau", "code", "nom", "population", "parents", "ancetres")
        self.territoires = {
            t[0]: TerritoireLeger(*t)
            for t in Territoire.objects.filter(actif=True)
            .exclude(niveau=Niveau.ARRONDISSEMENT)
            .order_by("pk")
            .values_list(*colonnes)
        }
        communes = [t for t in self.territoires.values() if t.niveau == Niveau.COMMUNE]
        if not communes:
            raise ValueError(
                "Aucune commune : importez d’abord les territoires (manage.py import_territoires)."
            )
        # Communes weighted by population (1,000 when unknown).
        self.tirage_communes = Ponderes((c, c.population or 1000) for c in communes)
        self.communes_par_epci: dict[int, list[TerritoireLeger]] = {}
        for commune in communes:
            for pk in commune.parents:
                parent = self.territoires.get(pk)
                if parent and parent.niveau == Niveau.EPCI:
                    self.communes_par_epci.setdefault(pk, []).append(commune)
        self.france = next(
            (
                t
                for t in self.territoires.values()
                if t.niveau == Niveau.PAYS and t.code == CODE_FRANCE
            ),
            None,
        )

    def au_dessus(self, territoire: TerritoireLeger, niveau: str) -> TerritoireLeger | None:
        trouves = [
            self.territoires[pk]
            for pk in territoire.ancetres
            if pk in self.territoires and self.territoires[pk].niveau == niveau
        ]
        return min(trouves, key=lambda t: t.code) if trouves else None

    def departements(self, territoire: TerritoireLeger) -> set[int]:
        """As Territoire.departements_couverts (pratiques.services)."""
        if territoire.niveau == Niveau.DEPARTEMENT:
            return {territoire.pk}
        if territoire.niveau in (Niveau.EPCI, Niveau.COMMUNE, Niveau.ARRONDISSEMENT):
            return {
                pk
                for pk in territoire.ancetres
                if pk in self.territoires and self.territoires[pk].niveau == Niveau.DEPARTEMENT
            }
        return set()
