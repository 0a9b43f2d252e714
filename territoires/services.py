"""Import of the official geography (COG) from the snapshot shipped in territoires/data.

The import is idempotent: it compares what the source says with what the table holds,
creates what is new, updates what changed and deactivates what disappeared (with the
successor of a merged commune, from `anciensCodes`, or of a merged EPCI, the one that
holds most of its communes). It never deletes a row: fiches, collectifs and moderators
may reference any territory, current or past. What derives from the territories follows
through territoires.signaux.
"""

import gzip
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from territoires.models import CODE_FRANCE, ImportTerritoires, Niveau, Territoire
from territoires.signaux import Mouvements, geographie_mise_a_jour

logger = logging.getLogger(__name__)

DONNEES = Path(__file__).resolve().parent / "data"
CHAMPS_MODIFIABLES = [
    "nom",
    "nature",
    "population",
    "codes_postaux",
    "parents",
    "ancetres",
    "actif",
    "successeur_id",
]
# Two imports (a command and a task) never run at the same time.
VERROU_IMPORT = 7_264_017

Cle = tuple[str, str]  # (niveau, code)
FRANCE: Cle = (Niveau.PAYS, CODE_FRANCE)


@dataclass
class Referentiel:
    """The source data as published: lists of dicts, one list per file."""

    regions: list[dict]
    departements: list[dict]
    epci: list[dict]
    communes: list[dict]
    pays: list[dict]
    source: str = ""
    # The COG's year ("COG 2027" in what the import tells the authors of moved fiches).
    millesime: int | None = None

    @classmethod
    def depuis_dossier(cls, dossier: Path = DONNEES) -> "Referentiel":
        def lire(nom):
            with gzip.open(dossier / f"{nom}.json.gz", "rb") as fichier:
                return json.load(fichier)

        description = json.loads((dossier / "source.json").read_text())
        decoupage = description["decoupage_administratif"]
        # `cog` when the snapshot names it, otherwise the year it was taken.
        millesime = decoupage.get("cog") or int(description.get("actualise_le", "0")[:4]) or None
        return cls(
            regions=lire("regions"),
            departements=lire("departements"),
            epci=lire("epci"),
            communes=lire("communes"),
            pays=lire("pays"),
            source=f"{decoupage['paquet']} {decoupage['version']}",
            millesime=millesime,
        )


@dataclass
class Voulu:
    """A territory as the source describes it; containment given by natural keys."""

    niveau: str
    code: str
    nom: str
    nature: str = ""
    population: int | None = None
    codes_postaux: list[str] = field(default_factory=list)
    parents: list[Cle] = field(default_factory=list)
    ancetres: list[Cle] = field(default_factory=list)


@dataclass
class Bilan:
    source: str
    simulation: bool = False
    crees: Counter = field(default_factory=Counter)
    modifies: Counter = field(default_factory=Counter)
    desactives: Counter = field(default_factory=Counter)
    erreurs: list[str] = field(default_factory=list)
    mouvements: Mouvements | None = None
    # What the apps above moved after the import (geographie_mise_a_jour's answers).
    suites: Counter = field(default_factory=Counter)

    @property
    def total_crees(self) -> int:
        return sum(self.crees.values())

    @property
    def total_modifies(self) -> int:
        return sum(self.modifies.values())

    @property
    def total_desactives(self) -> int:
        return sum(self.desactives.values())

    @property
    def inchange(self) -> bool:
        return not (self.total_crees or self.total_modifies or self.total_desactives)

    def en_dict(self) -> dict:
        return {
            **{
                niveau: {
                    "crees": self.crees[niveau],
                    "modifies": self.modifies[niveau],
                    "desactives": self.desactives[niveau],
                }
                for niveau in Niveau.values
            },
            "mouvements": {
                "fusions": len(self.mouvements.fusions) if self.mouvements else 0,
                "fusions_epci": len(self.mouvements.fusions_epci) if self.mouvements else 0,
                "changements_epci": len(self.mouvements.changements_epci) if self.mouvements else 0,
                "changements_departement": len(self.mouvements.changements_departement)
                if self.mouvements
                else 0,
                "suites": dict(self.suites),
            },
        }

    def resume_des_mouvements(self) -> str:
        """ "3 communes fusionnées, 1 changement d’EPCI, … ; 12 fiche(s) déplacée(s), …"."""
        m = self.mouvements or Mouvements(millesime=0)
        geographie = (
            f"{len(m.fusions) - len(m.fusions_epci)} commune(s) fusionnée(s), "
            f"{len(m.changements_epci)} changement(s) d’EPCI, "
            f"{len(m.changements_departement)} changement(s) de département, "
            f"{len(m.fusions_epci)} EPCI fusionné(s)"
        )
        suites = ", ".join(
            f"{nombre} {libelle}" for libelle, nombre in self.suites.items() if nombre
        )
        return f"{geographie} ; {suites or 'aucune donnée déplacée'}."

    def __str__(self):
        lignes = [f"Import des territoires depuis {self.source}"]
        if self.simulation:
            lignes[0] += " (simulation\u00a0: rien n’est enregistré)"
        for niveau in Niveau:
            lignes.append(
                f"  {niveau.label}\u00a0: {self.crees[niveau]} créé(s), "
                f"{self.modifies[niveau]} modifié(s), {self.desactives[niveau]} désactivé(s)"
            )
        lignes.append(
            f"Total\u00a0: {self.total_crees} créé(s), {self.total_modifies} modifié(s), "
            f"{self.total_desactives} désactivé(s)."
        )
        lignes.append(f"Mouvements\u00a0: {self.resume_des_mouvements()}")
        if self.inchange:
            lignes.append("Aucun changement\u00a0: les territoires sont déjà à jour.")
        for erreur in self.erreurs:
            lignes.append(f"  Ligne ignorée\u00a0: {erreur}")
        return "\n".join(lignes)


def territoires_voulus(ref: Referentiel) -> tuple[dict[Cle, Voulu], dict[str, str], list[str]]:
    """What the source describes, in hierarchical order (a territory comes after
    everything that contains it); the successors of vanished communes; row errors."""
    voulus: dict[Cle, Voulu] = {FRANCE: Voulu(Niveau.PAYS, CODE_FRANCE, "France")}
    erreurs: list[str] = []
    for pays in ref.pays:
        if pays["code"] != CODE_FRANCE:
            voulus[(Niveau.PAYS, pays["code"])] = Voulu(Niveau.PAYS, pays["code"], pays["nom"])

    communes = [c for c in ref.communes if c["type"] == "commune-actuelle"]
    commune_par_code = {c["code"]: c for c in communes}

    for region in ref.regions:
        cle = (Niveau.REGION, region["code"])
        voulus[cle] = Voulu(*cle, region["nom"], parents=[FRANCE], ancetres=[FRANCE])

    for departement in ref.departements:
        cle = (Niveau.DEPARTEMENT, departement["code"])
        region = (Niveau.REGION, departement["region"])
        if region not in voulus:
            erreurs.append(f"département {cle[1]}\u00a0: région {region[1]} inconnue")
            continue
        voulus[cle] = Voulu(*cle, departement["nom"], parents=[region], ancetres=[region, FRANCE])

    epci_de_commune: dict[str, Cle] = {}
    for epci in ref.epci:
        cle = (Niveau.EPCI, epci["code"])
        departements = set()
        for membre in epci["membres"]:
            commune = commune_par_code.get(membre["code"])
            if commune is None:
                erreurs.append(f"EPCI {cle[1]}\u00a0: commune membre {membre['code']} inconnue")
                continue
            departements.add((Niveau.DEPARTEMENT, commune["departement"]))
            epci_de_commune[membre["code"]] = cle
        departements &= voulus.keys()
        if not departements:
            erreurs.append(f"EPCI {cle[1]}\u00a0: aucune commune membre connue")
            continue
        regions = {voulus[d].parents[0] for d in departements}
        voulus[cle] = Voulu(
            *cle, epci["nom"], nature=epci["type"], population=epci.get("populationMunicipale"),
            parents=sorted(departements), ancetres=sorted(departements | regions) + [FRANCE],
        )  # fmt: skip

    for commune in communes:
        cle = (Niveau.COMMUNE, commune["code"])
        departement = (Niveau.DEPARTEMENT, commune["departement"])
        if departement not in voulus:
            erreurs.append(f"commune {cle[1]}\u00a0: département {departement[1]} inconnu")
            continue
        epci = epci_de_commune.get(commune["code"])
        epci = epci if epci in voulus else None
        voulus[cle] = Voulu(
            *cle, commune["nom"], population=commune.get("population"),
            codes_postaux=commune.get("codesPostaux", []),
            # Its own département, not every département of a cross-border EPCI.
            parents=[epci] if epci else [departement],
            ancetres=([epci] if epci else []) + voulus[departement].ancetres + [departement],
        )  # fmt: skip

    # The population of France, a région or a département: the sum of its communes.
    for voulu in list(voulus.values()):
        if voulu.niveau == Niveau.COMMUNE and voulu.population:
            for cle in voulu.ancetres:
                if cle[0] != Niveau.EPCI:
                    voulus[cle].population = (voulus[cle].population or 0) + voulu.population

    for arrondissement in ref.communes:
        if arrondissement["type"] != "arrondissement-municipal":
            continue
        cle = (Niveau.ARRONDISSEMENT, arrondissement["code"])
        commune = (Niveau.COMMUNE, arrondissement["commune"])
        if commune not in voulus:
            erreurs.append(f"arrondissement {cle[1]}\u00a0: commune {commune[1]} inconnue")
            continue
        voulus[cle] = Voulu(
            *cle, arrondissement["nom"], population=arrondissement.get("population"),
            codes_postaux=arrondissement.get("codesPostaux", []),
            parents=[commune], ancetres=[commune, *voulus[commune].ancetres],
        )  # fmt: skip

    return voulus, successeurs_des_communes(ref.communes), erreurs


def successeurs_des_communes(communes: list[dict]) -> dict[str, str]:
    """Where a vanished commune went (old code → current code): `anciensCodes` of the
    commune nouvelle, or the chef-lieu of a commune déléguée / associée."""
    successeurs: dict[str, str] = {}
    for commune in communes:
        chef_lieu = commune.get("chefLieu")
        if commune["type"] != "commune-actuelle" and chef_lieu not in (None, commune["code"]):
            successeurs[commune["code"]] = chef_lieu
    for commune in communes:
        if commune["type"] == "commune-actuelle":
            for ancien in commune.get("anciensCodes", []):
                successeurs[ancien] = commune["code"]
    return successeurs


def _copier(lignes: list[dict], *, modifie_le) -> None:
    """Insert new territories with COPY (a full import takes about 2 s instead of 10 s
    with bulk_create's INSERT statements)."""
    colonnes = ["niveau", "code", *CHAMPS_MODIFIABLES, "modifie_le"]
    sql = f"COPY {Territoire._meta.db_table} ({', '.join(colonnes)}) FROM STDIN"
    with connection.cursor() as curseur, curseur.copy(sql) as copie:
        for ligne in lignes:
            copie.write_row([*(ligne[colonne] for colonne in colonnes[:-1]), modifie_le])


def _successeurs_des_epci(recontenus, ids: dict[Cle, int], voulus) -> dict[int, int]:
    """A vanished EPCI's successor: the EPCI that now holds most of its former member
    communes (EPCI merge every January; the source does not name successors)."""
    epci = {pk: cle in voulus for cle, pk in ids.items() if cle[0] == Niveau.EPCI}
    communes = {pk for cle, pk in ids.items() if cle[0] == Niveau.COMMUNE}
    votes: dict[int, Counter] = defaultdict(Counter)
    for pk, avant, apres in recontenus:
        if pk not in communes:
            continue
        for ancien in (a for a in avant if epci.get(a) is False):
            votes[ancien].update(n for n in apres if epci.get(n))
    return {ancien: compte.most_common(1)[0][0] for ancien, compte in votes.items() if compte}


def _mouvements(recontenus, fusions: dict[int, int], ids: dict[Cle, int], millesime) -> Mouvements:
    """What moved: the merged communes, and among the territories whose containment
    changed, the communes that changed EPCI or département."""
    niveau_de = {pk: cle[0] for cle, pk in ids.items()}

    def au_niveau(ancetres: list[int], niveau: str) -> int | None:
        return next((pk for pk in ancetres if niveau_de.get(pk) == niveau), None)

    mouvements = Mouvements(millesime=millesime or timezone.now().year, fusions=fusions)
    mouvements.fusions_epci = {pk for pk in fusions if niveau_de.get(pk) == Niveau.EPCI}
    for pk, avant, apres in recontenus:
        mouvements.recontenus.add(pk)
        if niveau_de.get(pk) != Niveau.COMMUNE:
            continue
        for niveau, changements in (
            (Niveau.EPCI, mouvements.changements_epci),
            (Niveau.DEPARTEMENT, mouvements.changements_departement),
        ):
            ancien, nouveau = au_niveau(avant, niveau), au_niveau(apres, niveau)
            if ancien != nouveau:
                changements[pk] = (ancien, nouveau)
    a_nommer = {*fusions, *fusions.values()}
    for changements in (mouvements.changements_epci, mouvements.changements_departement):
        a_nommer |= {pk for commune, paire in changements.items() for pk in (commune, *paire)}
    mouvements.libelles = {
        t.pk: t.libelle for t in Territoire.objects.filter(pk__in=a_nommer - {None})
    }
    return mouvements


def importer_territoires(referentiel: Referentiel | None = None, *, simulation=False) -> Bilan:
    """Bring the table in line with the source; with `simulation`, roll everything
    back and only report what would change."""
    referentiel = referentiel or Referentiel.depuis_dossier()
    voulus, successeurs, erreurs = territoires_voulus(referentiel)
    bilan = Bilan(source=referentiel.source, simulation=simulation, erreurs=erreurs)
    lance_le = maintenant = timezone.now()
    par_niveau: dict[str, list[Voulu]] = defaultdict(list)
    for voulu in voulus.values():
        par_niveau[voulu.niveau].append(voulu)

    with transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute("SELECT pg_advisory_xact_lock(%s)", [VERROU_IMPORT])
        existants = {(t.niveau, t.code): t for t in Territoire.objects.defer("nom_recherche")}
        ids = {cle: t.pk for cle, t in existants.items()}
        a_modifier = []
        recontenus: list[tuple[int, list[int], list[int]]] = []
        fusions: dict[int, int] = {}
        # Level by level, so that the ids of the containing territories are known.
        for niveau in Niveau:
            a_creer = []
            for voulu in par_niveau[niveau]:
                valeurs = {
                    "nom": voulu.nom,
                    "nature": voulu.nature,
                    "population": voulu.population,
                    "codes_postaux": voulu.codes_postaux,
                    "parents": sorted(ids[cle] for cle in voulu.parents),
                    "ancetres": sorted(ids[cle] for cle in voulu.ancetres),
                    "actif": True,
                    "successeur_id": None,
                }
                territoire = existants.get((voulu.niveau, voulu.code))
                if territoire is None:
                    a_creer.append({"niveau": niveau, "code": voulu.code, **valeurs})
                elif any(getattr(territoire, nom) != valeur for nom, valeur in valeurs.items()):
                    if territoire.ancetres != valeurs["ancetres"]:
                        recontenus.append((territoire.pk, territoire.ancetres, valeurs["ancetres"]))
                    for nom, valeur in valeurs.items():
                        setattr(territoire, nom, valeur)
                    territoire.modifie_le = maintenant
                    a_modifier.append(territoire)
                    bilan.modifies[niveau] += 1
            if a_creer:
                _copier(a_creer, modifie_le=maintenant)
                ids.update(
                    ((niveau, code), pk)
                    for code, pk in Territoire.objects.filter(niveau=niveau).values_list(
                        "code", "pk"
                    )
                )
            bilan.crees[niveau] += len(a_creer)

        successeurs_epci = _successeurs_des_epci(recontenus, ids, voulus)
        for cle, territoire in existants.items():
            if cle in voulus or not territoire.actif:
                continue
            territoire.actif = False
            if cle[0] == Niveau.EPCI:
                territoire.successeur_id = successeurs_epci.get(territoire.pk)
            else:
                successeur = successeurs.get(territoire.code) if cle[0] == Niveau.COMMUNE else None
                territoire.successeur_id = ids.get((Niveau.COMMUNE, successeur))
            if territoire.successeur_id:
                fusions[territoire.pk] = territoire.successeur_id
            territoire.modifie_le = maintenant
            a_modifier.append(territoire)
            bilan.desactives[territoire.niveau] += 1
        Territoire.objects.bulk_update(
            a_modifier, [*CHAMPS_MODIFIABLES, "modifie_le"], batch_size=1000
        )
        bilan.mouvements = _mouvements(recontenus, fusions, ids, referentiel.millesime)
        if not bilan.mouvements.vide:
            # In the same transaction: a dry run tells what would follow, and rolls it back.
            reponses = geographie_mise_a_jour.send(sender=Territoire, mouvements=bilan.mouvements)
            for _recepteur, suites in reponses:
                bilan.suites.update(suites or {})

        if simulation:
            transaction.set_rollback(True)
        else:
            ImportTerritoires.objects.create(
                lance_le=lance_le,
                termine_le=timezone.now(),
                source=referentiel.source,
                bilan=bilan.en_dict(),
                erreurs=bilan.erreurs,
            )
            if not bilan.inchange:
                # Fresh statistics, so that the search plans use the indexes at once.
                with connection.cursor() as curseur:
                    curseur.execute(f"ANALYZE {Territoire._meta.db_table}")
    logger.info(
        "Territoires: %s created, %s updated, %s deactivated%s",
        bilan.total_crees,
        bilan.total_modifies,
        bilan.total_desactives,
        " (dry run)" if simulation else "",
    )
    return bilan
