"""What a re-import of the geography tells the apps above it (docs/domaine.md §4.4).

territoires is a low layer: it knows nothing of fiches, collectifs or alerts. After an
import that moved something, `importer_territoires` sends `geographie_mise_a_jour` with
a `Mouvements`, inside the import's transaction (so that the territories and what
follows them change together, or not at all). Each app that keeps data derived from the
territories connects a receiver in its AppConfig.ready() and returns what it moved, as
{"fiches déplacées": 12, ...}; the import's report adds these up.
"""

from dataclasses import dataclass, field

from django.dispatch import Signal

from territoires.models import Territoire

# Sent with `mouvements` (a Mouvements); receivers return a dict {label: count}.
geographie_mise_a_jour = Signal()


@dataclass
class Mouvements:
    """The moves of one import, by territory id."""

    millesime: int
    # A commune gone into a commune nouvelle, or an EPCI merged into another: old id →
    # successor id (`fusions_epci`: those that are EPCI).
    fusions: dict[int, int] = field(default_factory=dict)
    fusions_epci: set[int] = field(default_factory=set)
    # A commune that changed EPCI: id → (old EPCI id or None, new EPCI id or None).
    changements_epci: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)
    # A commune that changed département: id → (old département id, new one).
    changements_departement: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)
    # Every active territory whose containment (`ancetres`) changed.
    recontenus: set[int] = field(default_factory=set)
    # Readable descriptions of the territories named above, by id.
    libelles: dict[int, str] = field(default_factory=dict)

    @property
    def vide(self) -> bool:
        return not (self.fusions or self.recontenus)

    @property
    def touches(self) -> set[int]:
        """Ids whose holders must be re-pointed or have their containment recomputed."""
        return set(self.fusions) | set(self.fusions.values()) | self.recontenus

    def explication(self, territoire_id: int) -> str:
        """Why what lies in this territory moved, in French, for history and e-mails."""
        libelle = self.libelles.get(territoire_id, str(territoire_id))
        cog = f"(COG\u00a0{self.millesime})"
        if territoire_id in self.fusions:
            successeur = self.libelles.get(self.fusions[territoire_id], "")
            return f"Territoire mis à jour\u00a0: {libelle} a fusionné dans {successeur} {cog}."
        morceaux = []
        if territoire_id in self.changements_epci:
            _, nouvel = self.changements_epci[territoire_id]
            vers = self.libelles.get(nouvel, "aucune intercommunalité") if nouvel else ""
            morceaux.append(f"rattachée à {vers or 'aucune intercommunalité'}")
        if territoire_id in self.changements_departement:
            _, nouveau = self.changements_departement[territoire_id]
            morceaux.append(f"désormais dans {self.libelles.get(nouveau, '')}")
        if not morceaux:
            morceaux.append("rattachements modifiés")
        return f"Territoire mis à jour\u00a0: {libelle}, {', '.join(morceaux)} {cog}."

    def successeurs(self, ids: list[int]) -> list[int]:
        """The same territories, a merged commune replaced by its successor, each once."""
        return list(dict.fromkeys(self.fusions.get(pk, pk) for pk in ids))

    def raisons(self, ids) -> str:
        """The explanations of the moved territories among `ids`, one per line."""
        bouges = set(self.fusions) | set(self.changements_epci)
        bouges |= set(self.changements_departement)
        return "\n".join(self.explication(pk) for pk in sorted(set(ids) & bouges))

    def fusions_par_reference(self) -> dict[str, str]:
        """The merges as references, for what stores them as text: {"commune:59346":
        "commune:59009"}."""
        nommes = Territoire.objects.filter(pk__in=[*self.fusions, *self.fusions.values()])
        references = {t.pk: t.reference for t in nommes.only("niveau", "code")}
        return {references[ancien]: references[nouveau] for ancien, nouveau in self.fusions.items()}
