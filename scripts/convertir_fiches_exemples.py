#!/usr/bin/env python3
"""One-off converter: the 20 practices of the shared examples file → the project's own
demo fixture, demo/data/fiches_demo.json (content dicts of pratiques/contenu.py).

Run by hand, from the repository root, only when the examples change:

    .venv/bin/python scripts/convertir_fiches_exemples.py [chemin/fiches-exemples.json]

Nothing at run time reads the shared folder: `charger_fiches_demo` loads the fixture
this script writes. Plain Python (no Django): vocabulary codes are checked against
pratiques/data/vocabulaires.json and every territory reference against the COG
snapshot shipped in territoires/data; the script stops on anything it cannot place.

Editorial choices (reviewed by hand, stated in the fiches where a reader needs them):
- forms of intervention: the source's explicit ones, then its deduced ones; when the
  source names none, the closest form chosen by the platform team (FORMES_CHOISIES),
  with a note in `commentaires`;
- places: the references of TERRITOIRES, with their notes (a merged région, an
  interrégion, a quartier, Belgian communes, a homonymous commune, an infra-
  departmental territory);
- dates: the source's years/months, plus a few deduced from its own wording
  (DATES_DEDUITES); the original wording is kept in `duree_rythme`;
- `vigilance_confidentialite` is never copied: it names what must stay unpublished.
"""

import gzip
import json
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
SOURCE_PAR_DEFAUT = RACINE.parent / "shared" / "data" / "fiches-exemples.json"
VOCABULAIRES = RACINE / "pratiques" / "data" / "vocabulaires.json"
TERRITOIRES = RACINE / "territoires" / "data"
SORTIE = RACINE / "demo" / "data" / "fiches_demo.json"

# Fields of pratiques.contenu the source never fills (kept, empty, in the fixture).
CHAMPS_TEXTE_VIDES = [
    "contexte", "moyens_materiels", "impacts_organisationnels", "budget",
    "reproduire_premieres_etapes", "reproduire_ecueils", "origine", "beneficiaires",
    "personnage_principal", "contact_structure", "contact_role", "contact_email",
]  # fmt: skip
LONGUEURS = {"titre": 200, "resume": 600, "quartier": 200, "duree_rythme": 300}

# --- Places ----------------------------------------------------------------------------
# Source identifier → ("niveau:code" references, quartier text, note for `commentaires`).
# Communes ("com-…") not listed here are resolved from the shipped COG (commune or
# arrondissement municipal).
TERRITOIRES_PARTICULIERS = {
    "pays-fr": (["pays:FR"], "", ""),
    "pays-be": (["pays:BE"], "", ""),
    "reg-corse": (["region:94"], "", ""),
    "reg-poitou": (
        ["region:75"],
        "",
        "La région Poitou-Charentes citée par la source a fusionné en 2016 dans la "
        "Nouvelle-Aquitaine : la fiche est rattachée à la région Nouvelle-Aquitaine.",
    ),
    "ir-idf-centre": (
        ["region:11", "region:24"],
        "",
        "L’« interrégion Île-de-France / Centre » est le découpage des assises "
        "interrégionales des États généraux du travail social : la fiche est rattachée "
        "aux régions Île-de-France et Centre-Val de Loire.",
    ),
    "q-fives": (["commune:59350"], "Fives", ""),
    "be-molenbeek": (["pays:BE"], "Molenbeek-Saint-Jean (Région de Bruxelles-Capitale)", ""),
    "be-bruxelles": (["pays:BE"], "Bruxelles", ""),
    # Four communes are named exactly Saint-Caprais (Allier, Cher, Gers, Lot); the
    # report does not say which. Retained: the Cher's, the only one of the four that is
    # a village of several hundred inhabitants near a town with departmental social
    # services (Bourges). Said in the fiche, to be confirmed by the Cher.
    "com-saint-caprais": (
        ["commune:18201"],
        "",
        "Le rapport ne précise pas le département de « Saint Caprais » : plusieurs "
        "communes portent ce nom. La plateforme a retenu Saint-Caprais (Cher), à "
        "confirmer.",
    ),
    # "Territoire de l'Artois": one of the action territories of the Pas-de-Calais,
    # around Béthune and Bruay-la-Buissière, i.e. the agglomeration of Béthune-Bruay.
    "infra-artois": (
        ["epci:200072460"],
        "",
        "Le « territoire de l’Artois » (territoire d’action du Département du "
        "Pas-de-Calais) est rattaché à la communauté d’agglomération de Béthune-Bruay, "
        "Artois-Lys Romane.",
    ),
}
# Several arrondissements behind one source identifier ("Paris 19e et 20e").
CODES_MULTIPLES = {"com-75119": ["75119", "75120"]}

# Scale of the action where the largest territory does not say it.
ECHELLES = {
    "p13": "national",  # eight sites in seven départements
    "p35": "commune",  # one centre in Molenbeek
    "p37": "region",  # Brussels-Capital Region
    "p39": "region",
}

# --- Classification -------------------------------------------------------------------
# Closest form of collective intervention when the source names none (explicit or
# deduced); a note says so in the fiche.
FORMES_CHOISIES = {
    "p01": "travail_social_de_groupe",  # a group of eight teenagers, "acteurs et moteurs"
    "p03": "intervention_de_reseau",  # parents and professionals around the toddler
    "p05": "education_populaire",  # interactive conference, theatre, with collégiens
    "p11": "developpement_social_local",  # territorial project, bottom-up governance
    "p19": "travail_social_communautaire",  # power to act of people in poverty
    "p25": "action_collective_isic",  # collective actions of social centres
    "p29": "formation_action",  # raising awareness of all social-work professionals
    "p33": "travail_social_communautaire",  # peer workers
    "p35": "developpement_social_local",  # integrated social-health centre, residents
    "p37": "intervention_de_reseau",  # associations pooling their buildings
    "p39": "intervention_de_reseau",  # three institutions coordinating
}
NOTE_FORME_CHOISIE = "Forme d’intervention déduite par l’équipe de la plateforme."
NOTE_FORME_DEDUITE = "Forme d’intervention déduite de la description (la source ne la nomme pas)."
ORDRE_PARTICIPATION = ["information", "consultation", "co_construction", "codecision"]

STATUTS = {
    "mis en œuvre": "en_cours",
    "mis en œuvre (exemple cité)": "en_cours",
    "réalisé (exemple cité)": "terminee",
    "expérimentation en cours (2014)": "en_cours",
    "en cours (2014)": "en_cours",
    "réalisé (2011) puis prolongé": "perennisee",
    "dispositif existant": "perennisee",
    "instance pérennisée": "perennisee",
    "réalisé (2013), référentiel en cours": "terminee",
    "proposition issue des assises (mise en œuvre non décrite)": "proposition",
    "réalisé (publication de 113 p.)": "terminee",
    "expérience citée": "terminee",
    "en projet (2016)": "en_projet",
    "créée (2016)": "en_cours",
    "en activité": "en_cours",
}

# Dates the source gives in words only: (champ, ISO date, precision, wording kept).
DATES_DEDUITES = {
    "p05": [("date_debut", "2014-01-01", "annee", "")],  # CIDE (1989) + 25 years
    "p11": [("date_debut", "2014-02-12", "jour", "")],  # letter of 12 February 2014
    "p23": [("date_debut", "2010-01-01", "approximative", "")],  # three years before 2013
    "p25": [("date_debut", "2011-01-01", "approximative", "")],  # three years before 2014
    "p37": [("date_debut", "2016-01-01", "annee", "Créée en 2016.")],
}

# What `vigilance_confidentialite` asks to keep out: the situation of one young person
# (p07), a personal testimony published without known consent (p09). Each rewrite must
# find its text, so that a change of the source stops the script.
REECRITURES = {
    ("p07", "resultats_evaluation"): [
        (" ; une jeune a accédé à un logement au moment de la remise du pacte", ""),
    ],
    ("p09", "resume"): [
        (
            "Une habitante y décrit un lieu sans jugement qui lui a rendu confiance et dignité.",
            "Le rapport en souligne les effets sur la confiance et la dignité des participants.",
        ),
    ],
    ("p09", "resultats_evaluation"): [
        (
            "Témoignage d'une participante : reprise de confiance, sentiment d'utilité, "
            "dignité retrouvée, effets positifs sur la vie familiale et l'entourage",
            "Effets rapportés par le rapport : reprise de confiance, sentiment d'utilité, "
            "dignité retrouvée",
        ),
    ],
}

# "moyens" of the source: human means unless the text is about money.
MOYENS_FINANCIERS = {
    "p13": "DGCS, SGCIV / CGET",
    "p35": "FEDER (Union européenne)",
}


def erreur(message: str) -> None:
    sys.exit(f"convertir_fiches_exemples : {message}")


def lire_gz(nom: str):
    with gzip.open(TERRITOIRES / f"{nom}.json.gz", "rb") as fichier:
        return json.load(fichier)


def references_connues() -> set[str]:
    """Every "niveau:code" of the shipped COG snapshot."""
    connues = {"pays:FR"}
    connues |= {f"pays:{p['code']}" for p in lire_gz("pays")}
    connues |= {f"region:{r['code']}" for r in lire_gz("regions")}
    connues |= {f"departement:{d['code']}" for d in lire_gz("departements")}
    connues |= {f"epci:{e['code']}" for e in lire_gz("epci")}
    for commune in lire_gz("communes"):
        if commune["type"] == "commune-actuelle":
            connues.add(f"commune:{commune['code']}")
        elif commune["type"] == "arrondissement-municipal":
            connues.add(f"arrondissement:{commune['code']}")
    return connues


def codes_de_vocabulaire() -> dict[str, set[str]]:
    donnees = json.loads(VOCABULAIRES.read_text(encoding="utf-8"))
    return {
        cle: {valeur["code"] for valeur in valeurs}
        for cle, valeurs in donnees.items()
        if isinstance(valeurs, list)
    }


def liste(elements) -> str:
    """A list of the source as plain text, one item a line."""
    return "\n".join(f"– {element}" for element in elements or [])


def texte(valeur) -> str:
    if valeur is None:
        return ""
    return liste(valeur) if isinstance(valeur, list) else str(valeur).strip()


def date_source(valeur: str | None):
    """ "2011" → ("2011-01-01", "annee"); "2013-11" → ("2013-11-01", "mois")."""
    if not valeur:
        return None, ""
    morceaux = valeur.split("-")
    if len(morceaux) == 1 and len(valeur) == 4 and valeur.isdigit():
        return f"{valeur}-01-01", "annee"
    if len(morceaux) == 2:
        return f"{morceaux[0]}-{int(morceaux[1]):02d}-01", "mois"
    if len(morceaux) == 3:
        return valeur, "jour"
    erreur(f"date non reconnue : « {valeur} »")


def territoires(fiche, connues):
    references, quartiers, notes = [], [], []
    for territoire in fiche["territoires"]:
        identifiant = territoire["territoire_id"]
        if identifiant in TERRITOIRES_PARTICULIERS:
            refs, quartier, note = TERRITOIRES_PARTICULIERS[identifiant]
        elif identifiant.startswith(("com-", "dep-")):
            niveau = "departement" if identifiant.startswith("dep-") else "commune"
            codes = CODES_MULTIPLES.get(identifiant, [identifiant.split("-", 1)[1]])
            refs = []
            for code in codes:
                if niveau == "commune" and f"commune:{code}" not in connues:
                    # Paris, Lyon and Marseille arrondissements are their own level.
                    refs.append(f"arrondissement:{code}")
                else:
                    refs.append(f"{niveau}:{code}")
            quartier, note = "", ""
        else:
            erreur(f"{fiche['id']} : territoire « {identifiant} » sans correspondance")
        for reference in refs:
            if reference not in connues:
                erreur(f"{fiche['id']} : « {reference} » absent des territoires livrés")
        references += refs
        if quartier:
            quartiers.append(quartier)
        if note:
            notes.append(note)
    quartiers = list(dict.fromkeys(quartiers))
    # "Molenbeek-Saint-Jean (Région de Bruxelles-Capitale)" already says "Bruxelles".
    quartiers = [q for q in quartiers if not any(q != autre and q in autre for autre in quartiers)]
    return list(dict.fromkeys(references)), ", ".join(quartiers), notes


def echelle(identifiant, references, quartier) -> str:
    if identifiant in ECHELLES:
        return ECHELLES[identifiant]
    niveaux = {reference.split(":")[0] for reference in references}
    if "pays" in niveaux:
        return "national"
    if "region" in niveaux:
        return "region"
    if "departement" in niveaux:
        return "departement"
    if "epci" in niveaux:
        return "intercommunalite"
    return "quartier" if quartier else "commune"


def reecrire(fiche) -> dict:
    fiche = dict(fiche)
    for (identifiant, champ), remplacements in REECRITURES.items():
        if fiche["id"] != identifiant:
            continue
        for ancien, nouveau in remplacements:
            if ancien not in (fiche[champ] or ""):
                erreur(f"{identifiant} : texte à réécrire introuvable dans {champ}")
            fiche[champ] = fiche[champ].replace(ancien, nouveau)
    return fiche


def phrase(texte_: str) -> str:
    """Lower-case the first letter after a colon, unless it starts an acronym."""
    if len(texte_) > 1 and texte_[1].islower():
        return texte_[0].lower() + texte_[1:]
    return texte_


def convertir(fiche, connues, vocabulaires) -> dict:
    fiche = reecrire(fiche)
    identifiant = fiche["id"]
    notes = []

    refs, quartier, notes_lieux = territoires(fiche, connues)
    notes += notes_lieux

    formes = list(
        dict.fromkeys(
            fiche["forme_travail_collectif"]["explicite"]
            + fiche["forme_travail_collectif"]["deduite"]
        )
    )
    if not formes:
        formes = [FORMES_CHOISIES[identifiant]]
        notes.append(NOTE_FORME_CHOISIE)
    elif not fiche["forme_travail_collectif"]["explicite"]:
        notes.append(NOTE_FORME_DEDUITE)

    niveaux = fiche["participation"]["niveaux"] or []
    niveau = max(niveaux, key=ORDRE_PARTICIPATION.index) if niveaux else None

    porteurs = fiche["porteurs"] or []
    partenaires = [
        {"nom": p["nom"], "type": p.get("type"), "role": "Co-porteur"} for p in porteurs[1:]
    ] + [{"nom": p["nom"], "type": p.get("type"), "role": ""} for p in fiche["partenaires"] or []]

    description = texte(fiche["description"]) or texte(fiche["resume"])
    complements = []
    if fiche["methodes_outils"]:
        complements.append("Méthodes et outils : " + " ; ".join(fiche["methodes_outils"]) + ".")
    if fiche["participation"]["precisions"]:
        complements.append(
            "Participation des personnes : " + phrase(fiche["participation"]["precisions"])
        )
    description = "\n\n".join([description, *complements])

    moyens = texte(fiche["moyens"])
    resultats = texte(fiche["resultats_evaluation"])

    date_debut, precision_debut = date_source(fiche["dates"]["debut"])
    date_fin, precision_fin = date_source(fiche["dates"]["fin"])
    duree_rythme = texte(fiche["dates"]["precisions"])
    for champ, valeur, precision, libelle in DATES_DEDUITES.get(identifiant, []):
        if champ == "date_debut" and not date_debut:
            date_debut, precision_debut = valeur, precision
        if champ == "date_fin" and not date_fin:
            date_fin, precision_fin = valeur, precision
        duree_rythme = duree_rythme or libelle

    statut = fiche["statut"]
    if statut not in STATUTS:
        erreur(f"{identifiant} : statut « {statut} » sans correspondance")
    if "(" in statut or "," in statut:
        notes.append(f"Statut selon la source : « {statut} ».")

    statut_action = STATUTS[statut]
    if statut_action == "en_cours" and date_fin:
        statut_action = "terminee"  # "mis en œuvre" from 2014 to 2016: over since

    commentaires = "\n\n".join(filter(None, [texte(fiche["commentaires"]), *notes]))

    contenu = {
        "titre": fiche["titre"].strip(),
        "resume": fiche["resume"].strip(),
        "thematiques": fiche["themes"],
        "formes_intervention": formes,
        "publics": fiche["public"] or [],
        "niveau_participation": niveau,
        "territoires": refs,
        "echelle": echelle(identifiant, refs, quartier),
        "quartier": quartier,
        "objectifs": texte(fiche["objectifs"]),
        "description": description,
        "porteur_nom": porteurs[0]["nom"] if porteurs else "",
        "porteur_type": porteurs[0].get("type") if porteurs else None,
        "partenaires": partenaires,
        "moyens_humains": "" if identifiant in MOYENS_FINANCIERS else moyens,
        "moyens_financiers": moyens if identifiant in MOYENS_FINANCIERS else "",
        "financeurs": MOYENS_FINANCIERS.get(identifiant, ""),
        "leviers": texte(fiche["leviers"]),
        "freins": texte(fiche["freins"]),
        "resultats": resultats,
        "methode_evaluation": "aucune" if "Pas d'évaluation formalisée" in resultats else "",
        "reproduire_prerequis": "\n\n".join(
            filter(None, [texte(fiche["faisabilite"]), texte(fiche["reproductibilite"])])
        ),
        "statut_action": statut_action,
        "date_debut": date_debut,
        "date_debut_precision": precision_debut,
        "date_fin": date_fin,
        "date_fin_precision": precision_fin,
        "duree_rythme": duree_rythme,
        "sources": [
            {"document": s["document"], "reference": f"l. {s['lignes']}"} for s in fiche["sources"]
        ],
        "commentaires": commentaires,
    }
    # Every field of a content dict (pratiques.contenu.vide()), the empty ones too.
    contenu = {**dict.fromkeys(CHAMPS_TEXTE_VIDES, ""), "liens": [], **contenu}
    verifier(identifiant, contenu, vocabulaires)
    return {"identifiant": identifiant, "contenu": contenu}


def verifier(identifiant, contenu, vocabulaires) -> None:
    for champ, maximum in LONGUEURS.items():
        if len(contenu[champ]) > maximum:
            erreur(f"{identifiant} : {champ} dépasse {maximum} caractères")
    attendus = {
        "thematiques": contenu["thematiques"],
        "formes_intervention": contenu["formes_intervention"],
        "publics": contenu["publics"],
        "niveaux_participation": [contenu["niveau_participation"]]
        * bool(contenu["niveau_participation"]),
        "types_structure": [
            t for t in [contenu["porteur_type"], *(p["type"] for p in contenu["partenaires"])] if t
        ],
    }
    for cle, codes in attendus.items():
        inconnus = set(codes) - vocabulaires[cle]
        if inconnus:
            erreur(f"{identifiant} : codes inconnus dans {cle} : {sorted(inconnus)}")
    if (
        contenu["date_debut"]
        and contenu["date_fin"]
        and contenu["date_fin"] < contenu["date_debut"]
    ):
        erreur(f"{identifiant} : la date de fin précède la date de début")


def main(chemin: Path) -> None:
    exemples = json.loads(chemin.read_text(encoding="utf-8"))
    connues = references_connues()
    vocabulaires = codes_de_vocabulaire()
    fiches = [convertir(fiche, connues, vocabulaires) for fiche in exemples]
    SORTIE.write_text(json.dumps(fiches, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(fiches)} fiches écrites dans {SORTIE.relative_to(RACINE)}.")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE_PAR_DEFAUT)
