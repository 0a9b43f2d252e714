"""The composition rule of a collectif, declared once: services refuse an application
that does not meet it, pages show it as a checklist, the API says whether it holds.

The report asks for « un ou plusieurs responsables d’institutions et/ou élus », several
professionals of administrations or of structures receiving public aid, and several
representatives of local associations (formal or informal) of inhabitants, users or
activists. Inhabitants are welcome but not required.
"""

from dataclasses import dataclass

from collectifs.models import College, Membre


@dataclass(frozen=True)
class Exigence:
    college: str
    minimum: int
    libelle: str


REGLE = (
    Exigence(College.ELUS, 1, "Au moins un élu ou responsable d’institution"),
    Exigence(College.PROFESSIONNELS, 2, "Au moins deux professionnels"),
    Exigence(College.ASSOCIATIONS, 2, "Au moins deux représentants d’associations"),
)


@dataclass(frozen=True)
class Ligne:
    """One line of the checklist: what is required, how many there are, what lacks."""

    exigence: Exigence
    nombre: int

    @property
    def remplie(self) -> bool:
        return self.nombre >= self.exigence.minimum

    @property
    def manquants(self) -> int:
        return max(self.exigence.minimum - self.nombre, 0)

    @property
    def libelle(self) -> str:
        return self.exigence.libelle

    @property
    def constat(self) -> str:
        """ "1 sur 2 : il en manque 1" or "2 sur 2"."""
        texte = f"{self.nombre} sur {self.exigence.minimum}"
        return texte if self.remplie else f"{texte}\u00a0: il en manque {self.manquants}"


@dataclass(frozen=True)
class Composition:
    """Accepted members per collège, and the rule's checklist."""

    comptes: dict[str, int]

    @property
    def lignes(self) -> list[Ligne]:
        return [Ligne(e, self.comptes.get(e.college, 0)) for e in REGLE]

    @property
    def conforme(self) -> bool:
        return all(ligne.remplie for ligne in self.lignes)

    @property
    def manques(self) -> list[str]:
        """What is missing, in French: ["1 élu ou responsable d’institution", …]."""
        return [
            f"{ligne.libelle.lower()} ({ligne.constat})"
            for ligne in self.lignes
            if not ligne.remplie
        ]

    @property
    def total(self) -> int:
        return sum(self.comptes.values())


def composition_de(collectif) -> Composition:
    """The composition of a collectif's accepted members (one query, or none when the
    members were prefetched as `membres_acceptes`)."""
    membres = getattr(collectif, "membres_acceptes", None)
    if membres is None:
        membres = Membre.objects.acceptes().filter(collectif=collectif).only("college")
    comptes = dict.fromkeys(College.values, 0)
    for membre in membres:
        comptes[membre.college] += 1
    return Composition(comptes)
