"""One generated fiche: a function of (graine, rang) and the referentiel alone."""

import random
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from demo.generateur.lexique import (
    CONNECTEURS,
    FACULTATIFS,
    FINANCEURS,
    FONCTIONS_CONTACT,
    FREQUENCES,
    LIEUX,
    LONGUEURS,
    MOTS_RESULTAT,
    NOMS,
    NOMS_ASSOCIATIONS,
    NOMS_PUBLICS,
    PROFESSIONNELS,
    QUARTIERS,
    ROLES_PARTENAIRES,
    THEMES,
    TITRES,
    VERBES,
)
from demo.generateur.referentiel import Referentiel, TerritoireLeger, Vocabulaire
from demo.generateur.textes import Emplacements, contracter, majuscule, remplir, sans_article
from demo.generateur.tirages import Zipf
from pratiques.models import Budget, Echelle, MethodeEvaluation, PrecisionDate, StatutAction
from territoires.models import Niveau

ANNEES_DE_PUBLICATION = 10

_NOMS = Zipf(NOMS, 0.9)
_VERBES = Zipf(VERBES, 1.0)
_NOMS_LIEUX = Zipf(LIEUX, 0.8)


def aujourd_hui() -> datetime:
    """Today at midnight (UTC): the default end of the publication period, so that two
    runs the same day give the same dates."""
    return datetime.combine(date.today(), datetime.min.time(), tzinfo=UTC)


@dataclass
class FicheGeneree:
    rang: int
    champs: dict
    thematiques: list[int]
    formes: list[int]
    publics: list[int]
    territoires: list[int]
    partenaires: list[tuple[str, int | None, str]] = field(default_factory=list)


def _nom_structure(rng, type_: Vocabulaire, commune: TerritoireLeger, ref: Referentiel) -> str:
    departement = ref.au_dessus(commune, Niveau.DEPARTEMENT)
    region = ref.au_dessus(commune, Niveau.REGION)
    epci = ref.au_dessus(commune, Niveau.EPCI)
    nom_dep = departement.nom if departement else commune.nom
    association = rng.choice(NOMS_ASSOCIATIONS)
    noms = {
        "departement": f"Conseil départemental ({nom_dep})",
        "commune": f"Ville de {commune.nom}",
        "ccas_cias": f"CCAS de {commune.nom}",
        "epci_metropole": epci.nom if epci else f"Communauté de communes de {commune.nom}",
        "region": f"Région {region.nom}" if region else "Région",
        "etat": f"Préfecture ({nom_dep})",
        "caf": f"CAF ({nom_dep})",
        "msa": f"MSA ({region.nom if region else nom_dep})",
        "carsat_assurance_maladie": f"CPAM ({nom_dep})",
        "association": f"Association {association}",
        "centre_social": f"Centre social {rng.choice(QUARTIERS)} de {commune.nom}",
        "esms": f"Service d’accompagnement {association}",
        "education_nationale": f"Collège {rng.choice(QUARTIERS)} de {commune.nom}",
        "bailleur": f"{rng.choice(['Habitat', 'Logis', 'Foyer'])} {nom_dep}",
        "regie_de_quartier": f"Régie de quartier de {commune.nom}",
        "habitants": f"Collectif des habitants de {commune.nom}",
        "collectif_local_ds": f"Collectif de développement social de {commune.nom}",
        "entreprise_ess": f"Coopérative {association}",
        "investisseur_fondation": f"Fondation {association}",
        "service_public_emploi": f"France Travail ({nom_dep})",
        "entreprise_commerce": f"Commerçants de {commune.nom}",
        "organisme_formation_recherche": f"Institut régional du travail social ({nom_dep})",
        "federation_reseau": f"Fédération des centres sociaux ({nom_dep})",
    }
    return contracter(noms.get(type_.code, f"{type_.libelle} de {commune.nom}"))


def _territoires(rng, ref: Referentiel) -> tuple[list[TerritoireLeger], TerritoireLeger, str]:
    """The fiche's territories, the commune its text talks about, and its échelle."""
    commune = ref.tirage_communes(rng)
    tirage = rng.random()
    if tirage < 0.02 and ref.france:
        return [ref.france], commune, Echelle.NATIONAL
    if tirage < 0.05 and (region := ref.au_dessus(commune, Niveau.REGION)):
        return [region], commune, Echelle.REGION
    if tirage < 0.15 and (departement := ref.au_dessus(commune, Niveau.DEPARTEMENT)):
        return [departement], commune, Echelle.DEPARTEMENT
    epci = ref.au_dessus(commune, Niveau.EPCI)
    if tirage < 0.27 and epci:
        return [epci], commune, Echelle.INTERCOMMUNALITE
    if tirage < 0.35 and epci and len(ref.communes_par_epci.get(epci.pk, [])) > 1:
        voisine = rng.choice(ref.communes_par_epci[epci.pk])
        if voisine.pk != commune.pk:
            return [commune, voisine], commune, Echelle.INTERCOMMUNALITE
    return [commune], commune, Echelle.QUARTIER if tirage > 0.8 else Echelle.COMMUNE


def _theme_sans_mots(thematique: Vocabulaire) -> dict[str, list[str]]:
    """A thématique added by administrators: talk about it with its label's words."""
    libelle = thematique.libelle.lower()
    return {
        "activites": [f"une action « {libelle} »"],
        "enjeux": [f"les questions de {libelle}"],
        "mots": re.findall(r"\w{4,}", libelle) or ["projet"],
    }


def generer(ref: Referentiel, graine: int, rang: int, *, jusqu_au: datetime) -> FicheGeneree:
    """Fiche number `rang` of the seed `graine`: a function of both alone."""
    rng = random.Random(f"{graine}:{rang}")
    thematiques = ref.tirage_thematiques.plusieurs(rng, rng.choice([1, 1, 2, 2, 2, 3]))
    formes = ref.tirage_formes.plusieurs(rng, rng.choice([1, 1, 1, 2, 2]))
    publics = (
        ref.tirage_publics.plusieurs(rng, rng.choice([1, 1, 2, 2, 3])) if rng.random() < 0.9 else []
    )
    territoires, commune, echelle = _territoires(rng, ref)
    quartier = rng.choice(QUARTIERS) if echelle == Echelle.QUARTIER else ""

    type_porteur = ref.tirage_porteurs(rng)
    porteur = _nom_structure(rng, type_porteur, commune, ref)
    partenaires = []
    for type_ in ref.tirage_partenaires.plusieurs(rng, rng.choice([0, 1, 2, 2, 3, 3, 4])):
        nom = _nom_structure(rng, type_, commune, ref)
        if nom != porteur and nom not in [p[0] for p in partenaires]:
            partenaires.append((nom, type_.pk, rng.choice(ROLES_PARTENAIRES)))

    # The text: the themes' activities, issues and words, the publics, the place.
    themes = [THEMES.get(t.code) or _theme_sans_mots(t) for t in thematiques]
    activites = [a for theme in themes for a in theme["activites"]]
    enjeux = [e for theme in themes for e in theme["enjeux"]]
    mots = [m for theme in themes for m in theme["mots"]]
    activite = rng.choice(themes[0]["activites"])  # the fiche's main activity
    noms_publics = [NOMS_PUBLICS.get(p.code, p.libelle.lower()) for p in publics] or ["habitants"]
    annee_debut = jusqu_au.year - rng.randint(1, 14)
    forme = formes[0].libelle.split(" / ")[0].split(" (")[0].split(" —")[0].lower()
    lieu = f"du quartier {quartier}" if quartier else f"de {commune.nom}"
    noms_partenaires = [p[0] for p in partenaires] or [porteur]
    tirages = {
        "activite": lambda r: activite if r.random() < 0.6 else r.choice(activites),
        "activite2": lambda r: r.choice(activites),
        "enjeu": lambda r: r.choice(enjeux),
        "mot": lambda r: r.choice(mots),
        "mot2": lambda r: r.choice(mots),
        "public": lambda r: r.choice(noms_publics),
        "nom": _NOMS,
        "nom2": _NOMS,
        "verbe": _VERBES,
        "verbe2": _VERBES,
        "pro": lambda r: r.choice(PROFESSIONNELS),
        "freq": lambda r: r.choice(FREQUENCES),
        "connecteur": lambda r: r.choice(CONNECTEURS),
        "lieu": lambda r: lieu,
        "commune": lambda r: commune.nom,
        "quartier": lambda r: quartier or r.choice(QUARTIERS),
        "porteur": lambda r: porteur,
        "porteur_court": lambda r: porteur.split(" (")[0],
        "partenaire": lambda r: r.choice(noms_partenaires),
        "nombre": lambda r: str(r.choice([12, 15, 20, 25, 30, 40, 50, 60, 80, 120, 150, 200])),
        "nombre_petit": lambda r: r.choice(["deux", "trois", "quatre", "cinq", "six", "dix"]),
        "annee": lambda r: str(annee_debut),
        "forme": lambda r: forme,
        "nom_lieu": _NOMS_LIEUX,
        "mot_resultat": lambda r: r.choice(MOTS_RESULTAT),
    }
    tirages.update(
        {
            "Activite": lambda r: majuscule(sans_article(tirages["activite"](r))),
            "activite_sans": lambda r: sans_article(tirages["activite"](r)),
            "activite_maj": lambda r: majuscule(tirages["activite"](r)),
            "Nom": lambda r: majuscule(sans_article(_NOMS(r))),
            "nom_maj": lambda r: majuscule(_NOMS(r)),
            "verbe_maj": lambda r: majuscule(_VERBES(r)),
            "pro_maj": lambda r: majuscule(r.choice(PROFESSIONNELS)),
            "partenaire_maj": lambda r: majuscule(r.choice(noms_partenaires)),
            "lieu_maj": lambda r: majuscule(
                f"dans le quartier {quartier}" if quartier else f"à {commune.nom}"
            ),
        }
    )
    emplacements = Emplacements(rng, tirages)
    titre = majuscule(contracter(rng.choice(TITRES).format_map(emplacements)))[:200]
    champs = {"titre": titre, "quartier": quartier}
    for nom, (modeles, longueur) in LONGUEURS.items():
        champs[nom] = remplir(rng, modeles, emplacements, longueur)
    champs["resume"] = champs["resume"][:600]
    for nom, (modeles, part) in FACULTATIFS.items():
        champs[nom] = remplir(rng, modeles, emplacements, 60) if rng.random() < part else ""

    # Time: published over ten years, more recently more often.
    jours = ANNEES_DE_PUBLICATION * 365 * (1 - rng.random() ** 1.6)
    publiee_le = jusqu_au - timedelta(days=jours, seconds=rng.randrange(86400))
    creee_le = publiee_le - timedelta(days=rng.uniform(2, 90))
    soumise_le = publiee_le - timedelta(
        days=rng.uniform(0.2, 1.5) * (publiee_le - creee_le).days / 2
    )
    debut = date(annee_debut, rng.randint(1, 12), 1)
    debut = min(debut, publiee_le.date())
    statut = rng.choices([s.value for s in StatutAction], weights=[1, 3, 12, 5, 3, 1], k=1)[0]
    fin = None
    if statut in (StatutAction.TERMINEE, StatutAction.ESSAIMEE) and rng.random() < 0.7:
        fin = max(debut, min(debut + timedelta(days=rng.randint(90, 1500)), publiee_le.date()))
    niveau = ref.tirage_niveaux(rng) if ref.tirage_niveaux and rng.random() < 0.85 else None
    financeurs = rng.sample(FINANCEURS, rng.randint(0, 3))
    champs.update(
        {
            "echelle": echelle,
            "porteur_nom": porteur,
            "porteur_type_id": type_porteur.pk,
            "niveau_participation_id": niveau.pk if niveau else None,
            "financeurs": ", ".join(financeurs),
            "budget": rng.choice([b.value for b in Budget] + [""]),
            "methode_evaluation": rng.choice([m.value for m in MethodeEvaluation] + [""]),
            "statut_action": statut,
            "date_debut": debut,
            "date_debut_precision": rng.choice([PrecisionDate.MOIS, PrecisionDate.ANNEE]),
            "date_fin": fin,
            "date_fin_precision": PrecisionDate.MOIS if fin else "",
            "duree_rythme": majuscule(rng.choice(FREQUENCES)),
            "contact_structure": porteur,
            "contact_role": rng.choice(FONCTIONS_CONTACT),
            "contact_email": f"contact-{graine}-{rang}@exemple.org",
            "cree_le": creee_le,
            "soumise_le": soumise_le,
            "publiee_le": publiee_le,
            "modifiee_le": publiee_le
            + (timedelta(days=rng.uniform(1, 300)) if rng.random() < 0.2 else timedelta()),
        }
    )
    champs["modifiee_le"] = min(champs["modifiee_le"], jusqu_au)
    return FicheGeneree(
        rang=rang,
        champs=champs,
        thematiques=[t.pk for t in thematiques],
        formes=[f.pk for f in formes],
        publics=[p.pk for p in publics],
        territoires=[t.pk for t in territoires],
        partenaires=partenaires,
    )
