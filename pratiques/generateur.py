"""Realistic published fiches in French, for demonstrations and the search benchmark
(`manage.py generer_fiches`, bench/bench_recherche.py).

Each fiche is a function of (graine, rang) alone: the same seed gives the same fiches
whatever the batch size, and generating 100 then 100 more gives the same 200 fiches as
generating 200 at once. The fiches sit on real territories (communes weighted by their
population, with their EPCI, département or région for a part of them), carry real
vocabulary values and partners typed with the real structure types, and are published
at dates spread over ten years.

The text (about 2,400 characters a fiche) is assembled from sentence templates. Its
words follow the frequencies of a real corpus: template words found in nearly every
fiche, theme words in a share of the corpus close to their theme's (about 5 to 15 %),
a general vocabulary drawn from a Zipf law (some words in most fiches, a long tail in
few), and proper names (communes, partners) in very few.

Rows are written in bulk with the derived search columns (thematiques_ids, formes_ids,
publics_ids, territoires_ids, territoires_englobants, partenaires_noms) computed exactly
as pratiques.contenu.appliquer computes them; tests/pratiques/test_generateur.py checks
it. Generated fiches have source_import = SOURCE and can be deleted with `supprimer`.
"""

import random
import re
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection, models, transaction
from django.utils.text import slugify

from pratiques.models import (
    Budget,
    Echelle,
    Etat,
    EvenementModeration,
    Fiche,
    FormeIntervention,
    MethodeEvaluation,
    NiveauParticipation,
    Partenaire,
    PrecisionDate,
    Public,
    StatutAction,
    Thematique,
    TypeStructure,
)
from territoires.models import CODE_FRANCE, Niveau, Territoire

SOURCE = "generateur"
# Bump when the same seed would give different fiches: bench/bench_recherche.py keeps
# its generated corpus from one run to the next while this does not change.
VERSION = 1
ANNEES_DE_PUBLICATION = 10

# --- Vocabulary -------------------------------------------------------------------
# Relative frequency of each thématique (unknown codes, added later by national
# administrators, weigh 2), and what fiches on that theme talk about: activities (with
# their article), issues, and words.

POIDS_THEMATIQUES = {
    "acces_aux_droits": 8, "emploi_insertion_pro": 7, "insertion_sociale": 6,
    "logement_habitat_hebergement": 6, "sante": 6, "parentalite_familles": 9,
    "petite_enfance": 4, "protection_enfance": 4, "prevention_specialisee": 4, "jeunesse": 7,
    "education_scolarite": 5, "vieillissement": 5, "handicap": 4, "pauvrete_exclusion": 6,
    "isolement_lien_social": 8, "culture_droits_culturels": 4, "sport_loisirs_vacances": 3,
    "citoyennete_participation": 7, "politique_de_la_ville_cadre_de_vie": 5,
    "ruralite_developpement_local": 4, "economie_sociale_solidaire_financement": 2,
    "budget_surendettement_consommation": 3, "mobilite": 3, "numerique": 4,
    "interculturalite_discriminations": 3, "formation_professionnels": 3,
    "gouvernance_coordination": 3, "entraide_benevolat": 4, "alimentation": 5,
}  # fmt: skip

THEMES = {
    "acces_aux_droits": (
        ["une permanence d’accès aux droits", "un accueil sans rendez-vous",
         "un atelier sur les démarches en ligne", "un point d’information juridique",
         "une tournée administrative dans les villages", "un rendez-vous des droits"],
        ["le non-recours aux prestations", "la complexité des démarches administratives",
         "la dématérialisation des services publics", "l’éloignement des guichets"],
        ["droits", "démarches", "prestations", "dossiers", "non-recours", "allocations",
         "guichet", "formulaires", "justificatifs", "écrivain public"],
    ),
    "emploi_insertion_pro": (
        ["un chantier d’insertion", "un atelier de préparation aux entretiens",
         "un forum de l’emploi de proximité", "un club de recherche d’emploi",
         "une action de parrainage vers l’emploi", "des stages de découverte des métiers"],
        ["le chômage de longue durée", "l’éloignement de l’emploi",
         "les difficultés de recrutement des entreprises locales", "la reconversion"],
        ["emploi", "insertion", "entreprises", "employeurs", "recrutement", "métiers",
         "compétences", "candidature", "stage", "contrat"],
    ),
    "insertion_sociale": (
        ["un atelier de remobilisation", "un groupe d’entraide mutuelle",
         "un accueil de jour partagé", "un parcours collectif de remobilisation"],
        ["la rupture des liens", "le repli sur soi", "la perte de confiance"],
        ["remobilisation", "parcours", "insertion", "projet", "estime", "autonomie"],
    ),
    "logement_habitat_hebergement": (
        ["un atelier d’autoréhabilitation accompagnée", "une colocation solidaire",
         "une permanence logement", "un collectif de locataires",
         "un habitat partagé intergénérationnel", "une maison relais"],
        ["le mal-logement", "les expulsions locatives", "l’habitat indigne",
         "la précarité énergétique", "la sortie de l’hébergement d’urgence"],
        ["logement", "locataires", "bailleur", "loyer", "hébergement", "habitat",
         "appartement", "immeuble", "travaux", "énergie"],
    ),
    "sante": (
        ["un atelier santé ville", "des ateliers de prévention en santé",
         "un groupe de parole sur la santé mentale", "un bus de prévention",
         "un parcours de soins accompagné", "une permanence d’infirmière"],
        ["le renoncement aux soins", "la santé mentale des habitants",
         "les addictions", "les déserts médicaux"],
        ["santé", "soins", "prévention", "médecin", "addictions", "bien-être",
         "dépistage", "souffrance psychique", "hôpital", "infirmière"],
    ),
    "parentalite_familles": (
        ["un café des parents", "un lieu d’accueil enfants-parents",
         "des sorties familiales", "un groupe de parole de parents",
         "des ateliers parents-enfants", "une université populaire des parents"],
        ["l’isolement des parents", "les tensions éducatives",
         "la place des pères", "la fatigue des familles monoparentales"],
        ["parents", "familles", "enfants", "parentalité", "éducation", "fratrie",
         "parent", "père", "mère", "famille"],
    ),
    "petite_enfance": (
        ["une crèche à vocation d’insertion", "un relais petite enfance itinérant",
         "des ateliers d’éveil", "une halte-garderie parentale"],
        ["le manque de modes de garde", "l’éveil des tout-petits"],
        ["tout-petits", "crèche", "garde", "éveil", "bébés", "assistantes maternelles"],
    ),
    "protection_enfance": (
        ["un accueil de jour éducatif", "un parrainage de proximité",
         "un groupe de parole de jeunes confiés", "un réseau de familles solidaires"],
        ["les ruptures de parcours", "la sortie du dispositif à dix-huit ans"],
        ["enfance", "placement", "jeunes confiés", "protection", "éducateurs", "foyer"],
    ),
    "prevention_specialisee": (
        ["un travail de rue", "un chantier éducatif", "des présences sociales en soirée",
         "un séjour de rupture", "un accueil libre au local"],
        ["le décrochage", "les conduites à risque", "les rivalités entre quartiers"],
        ["jeunes", "rue", "prévention", "éducateurs", "chantier éducatif", "adolescents",
         "décrochage", "libre adhésion"],
    ),
    "jeunesse": (
        ["une junior association", "un conseil de jeunes", "un point information jeunesse",
         "un projet de mobilité européenne", "un chantier de jeunes bénévoles"],
        ["le manque d’espaces pour les jeunes", "l’engagement des jeunes",
         "l’accès à l’autonomie des jeunes adultes"],
        ["jeunes", "jeunesse", "adolescents", "engagement", "autonomie", "projets de jeunes",
         "service civique", "animateurs"],
    ),
    "education_scolarite": (
        ["un accompagnement à la scolarité", "des cafés des parents au collège",
         "un programme de réussite éducative", "une mallette des parents",
         "des ateliers de lecture"],
        ["le décrochage scolaire", "la relation entre les familles et l’école"],
        ["école", "collège", "élèves", "enseignants", "devoirs", "lecture", "scolarité",
         "réussite éducative"],
    ),
    "vieillissement": (
        ["des visites de convivialité", "un réseau de voisins solidaires",
         "des ateliers mémoire", "un repas des aînés", "un habitat inclusif"],
        ["l’isolement des personnes âgées", "la perte d’autonomie", "l’épuisement des aidants"],
        ["aînés", "personnes âgées", "retraités", "autonomie", "aidants", "vieillissement",
         "domicile", "EHPAD"],
    ),
    "handicap": (
        ["un groupe d’entraide mutuelle", "des loisirs partagés", "un café inclusif",
         "un atelier de pair-aidance"],
        ["l’accessibilité", "l’exclusion des personnes en situation de handicap"],
        ["handicap", "accessibilité", "inclusion", "pair-aidance", "aidants", "MDPH"],
    ),
    "pauvrete_exclusion": (
        ["une épicerie solidaire", "un accueil de jour", "une bagagerie solidaire",
         "un groupe de croisement des savoirs", "une laverie solidaire"],
        ["la grande pauvreté", "l’exclusion", "la précarité", "le non-recours"],
        ["pauvreté", "précarité", "exclusion", "solidarité", "grande pauvreté", "dignité",
         "ressources", "minima sociaux"],
    ),
    "isolement_lien_social": (
        ["un café associatif", "des repas partagés", "une fête de quartier",
         "un réseau d’échanges réciproques de savoirs", "des balades collectives",
         "un jardin partagé"],
        ["l’isolement", "la solitude", "le repli sur soi", "la perte de lien social"],
        ["lien social", "isolement", "voisins", "convivialité", "rencontres", "solitude",
         "voisinage", "entraide"],
    ),
    "culture_droits_culturels": (
        ["une résidence d’artistes dans le quartier", "un atelier théâtre",
         "une chorale d’habitants", "une exposition de photographies",
         "un festival de quartier"],
        ["l’accès à la culture", "la reconnaissance des cultures des habitants"],
        ["culture", "artistes", "théâtre", "musique", "spectacle", "création", "exposition",
         "droits culturels"],
    ),
    "sport_loisirs_vacances": (
        ["des départs en vacances accompagnés", "un tournoi de football de quartier",
         "des sorties à la mer", "des activités sportives en pied d’immeuble"],
        ["le non-départ en vacances", "l’accès aux loisirs"],
        ["vacances", "sport", "loisirs", "séjour", "sorties", "football", "randonnée"],
    ),
    "citoyennete_participation": (
        ["un conseil citoyen", "une table de quartier", "un budget participatif",
         "des assemblées d’habitants", "un comité d’usagers"],
        ["la défiance envers les institutions", "la faible participation aux décisions"],
        ["citoyenneté", "participation", "démocratie", "habitants", "décisions",
         "concertation", "pouvoir d’agir", "engagement"],
    ),
    "politique_de_la_ville_cadre_de_vie": (
        ["une gestion urbaine de proximité", "des diagnostics en marchant",
         "un chantier d’embellissement", "une régie de quartier"],
        ["la dégradation du cadre de vie", "la rénovation urbaine"],
        ["quartier", "cadre de vie", "espaces publics", "propreté", "rénovation urbaine",
         "contrat de ville", "tranquillité"],
    ),
    "ruralite_developpement_local": (
        ["un tiers-lieu rural", "une épicerie participative", "un café de village",
         "une conciergerie rurale", "un marché de producteurs"],
        ["la fermeture des commerces", "la désertification des services",
         "l’isolement des villages"],
        ["village", "rural", "commerce", "agriculteurs", "campagne", "bourg", "canton",
         "développement local"],
    ),
    "economie_sociale_solidaire_financement": (
        ["une coopérative d’habitants", "une monnaie locale", "un fonds de dotation local",
         "une société coopérative d’intérêt collectif"],
        ["le financement des projets associatifs", "la fragilité des associations"],
        ["coopérative", "économie sociale", "financement", "mécénat", "fondation"],
    ),
    "budget_surendettement_consommation": (
        ["un atelier budget", "un point conseil budget", "un groupement d’achats",
         "des ateliers sur les économies d’énergie"],
        ["le surendettement", "les impayés", "la hausse des prix"],
        ["budget", "dettes", "surendettement", "factures", "consommation", "impayés",
         "économies"],
    ),
    "mobilite": (
        ["une plateforme de mobilité", "un garage solidaire", "une auto-école sociale",
         "des vélos partagés", "un transport solidaire"],
        ["l’absence de transports", "l’éloignement des services", "le coût du carburant"],
        ["mobilité", "transport", "permis", "voiture", "vélo", "déplacements", "covoiturage"],
    ),
    "numerique": (
        ["des ateliers numériques", "un espace public numérique", "un café numérique",
         "des permanences d’aide numérique"],
        ["la fracture numérique", "la dématérialisation"],
        ["numérique", "ordinateur", "internet", "smartphone", "médiation numérique",
         "conseillers numériques"],
    ),
    "interculturalite_discriminations": (
        ["des ateliers sociolinguistiques", "un repas du monde", "un groupe femmes-relais",
         "des cafés interculturels"],
        ["les discriminations", "la barrière de la langue", "les préjugés"],
        ["langue", "français", "interculturel", "discriminations", "migrants", "diversité",
         "femmes-relais"],
    ),
    "formation_professionnels": (
        ["une formation-action", "des séminaires de croisement des savoirs",
         "une analyse de la pratique partagée", "des journées d’étude"],
        ["l’épuisement professionnel", "le sens du travail social"],
        ["formation", "professionnels", "pratiques", "travailleurs sociaux", "supervision",
         "compétences"],
    ),
    "gouvernance_coordination": (
        ["un comité local de développement social", "une instance de coordination",
         "un réseau d’acteurs", "une conférence territoriale"],
        ["le cloisonnement des institutions", "la multiplication des dispositifs"],
        ["coordination", "gouvernance", "réseau", "partenaires", "institutions", "pilotage"],
    ),
    "entraide_benevolat": (
        ["un réseau de bénévoles", "une bourse aux services", "un système d’échange local",
         "un groupe d’entraide"],
        ["l’essoufflement du bénévolat", "le renouvellement des bénévoles"],
        ["bénévoles", "bénévolat", "entraide", "solidarité", "échanges", "voisins"],
    ),
    "alimentation": (
        ["une épicerie solidaire", "des ateliers cuisine", "un jardin partagé",
         "un groupement d’achats alimentaires", "des paniers solidaires"],
        ["l’insécurité alimentaire", "l’aide alimentaire", "l’accès à une alimentation saine"],
        ["alimentation", "cuisine", "repas", "légumes", "aide alimentaire", "recettes",
         "produits frais", "potager"],
    ),
}  # fmt: skip

POIDS_FORMES = {
    "travail_social_de_groupe": 9, "travail_social_communautaire": 7,
    "intervention_de_reseau": 5, "education_populaire": 6, "pedagogie_sociale": 3,
    "action_collective_isic": 8, "developpement_social_local": 9, "community_organizing": 2,
    "coformation_croisement_savoirs": 2, "recherche_action": 3, "formation_action": 3,
    "diagnostic_partage": 5, "autres_outils": 2,
}  # fmt: skip
POIDS_PUBLICS = {
    "tous_habitants": 10, "habitants_quartier": 8, "familles": 8, "parents": 7, "jeunes": 8,
    "personnes_agees": 5, "personnes_accompagnees": 4, "familles_monoparentales": 3,
    "personnes_grande_pauvrete": 3, "beneficiaires_rsa": 3, "demandeurs_emploi": 3,
    "personnes_handicapees": 3, "professionnels_travail_social": 4, "benevoles_aidants": 3,
    "elus": 2, "personnes_migrantes": 2, "personnes_sans_domicile": 2,
}  # fmt: skip
# How the text names each public (unknown codes: their label in lower case).
NOMS_PUBLICS = {
    "tous_habitants": "habitants", "personnes_accompagnees": "personnes accompagnées",
    "familles": "familles", "parents": "parents", "familles_monoparentales":
    "familles monoparentales", "enfants_ase": "enfants confiés", "jeunes": "jeunes",
    "jeunes_majeurs": "jeunes majeurs", "eleves_collegiens": "collégiens",
    "personnes_agees": "personnes âgées", "personnes_handicapees":
    "personnes en situation de handicap", "personnes_grande_pauvrete":
    "personnes en grande précarité", "beneficiaires_rsa": "allocataires du RSA",
    "demandeurs_emploi": "demandeurs d’emploi", "actifs_agricoles": "exploitants agricoles",
    "allocataires_caf": "allocataires de la CAF", "usagers_drogues_bas_seuil":
    "usagers de drogues", "personnes_sans_protection_sociale":
    "personnes sans protection sociale", "professionnels_travail_social":
    "travailleurs sociaux", "cadres_encadrement": "cadres", "elus": "élus",
    "benevoles_aidants": "bénévoles", "etudiants_travail_social":
    "étudiants en travail social", "habitants_quartier": "habitants du quartier",
    "personnes_sans_domicile": "personnes sans domicile", "personnes_migrantes":
    "personnes migrantes",
}  # fmt: skip
POIDS_NIVEAUX = {"information": 2, "consultation": 3, "co_construction": 5, "codecision": 2}
POIDS_TYPES_PORTEUR = {
    "association": 12, "centre_social": 10, "ccas_cias": 6, "departement": 6, "commune": 5,
    "epci_metropole": 3, "caf": 3, "msa": 2, "esms": 3, "regie_de_quartier": 1,
    "habitants": 2, "collectif_local_ds": 1, "entreprise_ess": 1, "bailleur": 1,
}  # fmt: skip
POIDS_TYPES_PARTENAIRE = {
    "commune": 8, "departement": 8, "caf": 7, "association": 10, "centre_social": 5,
    "ccas_cias": 5, "etat": 3, "epci_metropole": 3, "bailleur": 3, "education_nationale": 3,
    "msa": 2, "carsat_assurance_maladie": 2, "region": 1, "investisseur_fondation": 2,
    "service_public_emploi": 2, "entreprise_commerce": 2, "esms": 2,
    "organisme_formation_recherche": 1, "federation_reseau": 1,
}  # fmt: skip

# The general vocabulary, most frequent first (drawn from a Zipf law).
NOMS = [
    "le lien social", "les habitants", "la confiance", "le pouvoir d’agir",
    "la participation des habitants", "l’autonomie", "le partenariat", "la dynamique collective",
    "l’estime de soi", "les savoirs d’expérience", "la coopération entre acteurs",
    "la reconnaissance", "l’entraide", "la solidarité de proximité", "la mixité sociale",
    "la convivialité", "la parole des personnes", "l’engagement bénévole", "la coordination",
    "l’aller-vers", "le décloisonnement", "la posture professionnelle", "la citoyenneté",
    "l’écoute", "la médiation", "le repérage", "l’orientation", "l’accompagnement individuel",
    "la dimension collective", "les temps d’échange", "le comité de pilotage", "la charte",
    "les financements", "l’évaluation", "les indicateurs", "le bilan", "la communication",
    "le bouche-à-oreille", "la salle communale", "le local associatif", "la maison de quartier",
    "la médiathèque", "le marché", "la place du village", "le pied d’immeuble", "l’école",
    "la mairie", "la permanence", "la cuisine", "la fête de quartier", "le repas partagé",
    "la sortie familiale", "le chantier", "l’exposition", "le journal de quartier",
    "la radio locale", "le forum", "le débat", "le théâtre-forum", "le photolangage",
    "la balade urbaine", "la marche exploratoire", "la carte sensible", "le questionnaire",
    "les entretiens", "le groupe de parole", "la réunion publique", "l’assemblée",
    "le collectif", "le groupe moteur", "les référents", "les animateurs", "les éducateurs",
    "les assistantes sociales", "les conseillères en économie sociale et familiale",
    "les élus", "les techniciens", "les agents d’accueil", "les médiateurs",
    "les chefs de service", "la hiérarchie", "l’institution", "les dispositifs",
    "les appels à projets", "la subvention", "la convention", "le contrat de ville",
    "le projet social", "le projet de territoire", "le schéma départemental", "le droit commun",
    "l’innovation", "l’expérimentation", "la pérennisation", "l’essaimage",
    "la capitalisation", "la supervision", "l’analyse de la pratique", "la co-construction",
    "la régularité", "la souplesse", "la légitimité", "la visibilité", "le turn-over",
    "les tensions", "les malentendus", "les résistances", "la lourdeur des procédures",
    "le manque de moyens", "la garde des enfants", "les horaires", "la barrière de la langue",
    "l’illettrisme", "la fracture numérique", "la honte", "la peur du jugement",
    "la stigmatisation", "les préjugés", "la santé mentale", "le budget familial",
    "la transition écologique", "les économies d’énergie", "le réemploi", "la réparation",
    "le compost", "la ferme pédagogique", "la ressourcerie", "le café associatif",
    "la ludothèque", "le centre de loisirs", "la mission locale", "la maison France services",
    "le tribunal", "la préfecture", "la maison de santé", "la protection maternelle et infantile",
    "le centre médico-psychologique", "la résidence autonomie",
    "le foyer de jeunes travailleurs", "le centre d’hébergement", "la maraude",
    "l’aire d’accueil", "le bourg", "le hameau", "la vallée", "le bassin de vie",
    "le quartier prioritaire", "la métropole", "les commerçants", "les bailleurs sociaux",
    "les gardiens d’immeuble", "les enseignants", "les directeurs d’école", "les infirmières",
    "les pharmaciens", "les médecins généralistes", "les agriculteurs", "les artisans",
    "les retraités", "les grands-parents", "les voisins", "les familles du quartier",
    "les jeunes adultes", "les adolescents", "les mamans", "les papas", "les tout-petits",
    "les étudiants", "les stagiaires", "les volontaires en service civique",
    "la délibération", "le vote", "la tribune", "la pétition", "le plaidoyer",
    "la mobilisation citoyenne", "l’interpellation", "le conseil municipal",
    "le conseil départemental", "le conseil d’administration", "l’assemblée générale",
    "le règlement intérieur", "la gouvernance partagée", "le tirage au sort", "la cooptation",
    "le mandat", "la rotation des rôles", "la présidence", "la trésorerie", "le secrétariat",
    "le tableau de bord", "le rapport d’activité", "la grille d’observation", "le carnet de bord",
    "le récit", "le témoignage", "la vidéo", "le podcast", "la bande dessinée", "la fresque",
    "la photographie", "l’affiche", "le tract", "la lettre d’information", "le site internet",
    "la page Facebook", "le groupe WhatsApp", "le panneau d’affichage", "la boîte à idées",
    "le porte-à-porte", "le stand", "le goûter", "le pique-nique", "le barbecue",
    "la soupe", "le marché de Noël", "la brocante", "le vide-grenier", "la kermesse",
    "le carnaval", "la chorale", "le tournoi", "la randonnée", "la piscine",
    "le potager", "le verger", "le poulailler", "la friche", "le square", "le parc",
    "la halle", "le gymnase", "la salle des fêtes", "l’église", "la gare", "l’arrêt de bus",
    "le centre commercial", "la supérette", "la boulangerie", "le bar-tabac", "la poste",
    "la caserne", "la bibliothèque", "le musée", "le conservatoire", "le cinéma",
    "la colonie", "le camping", "la montagne", "la mer", "la forêt", "la rivière",
    "l’hiver", "l’été", "la rentrée", "les vacances scolaires", "le week-end", "la soirée",
    "le mercredi après-midi", "le samedi matin", "la pause déjeuner", "la nuit",
]  # fmt: skip
LIEUX = [
    "la maison de quartier", "la salle communale", "le local associatif", "la médiathèque",
    "la mairie annexe", "l’école", "le centre social", "la salle des fêtes", "le café du bourg",
    "la maison France services", "le collège", "le gymnase", "la ludothèque",
    "le jardin partagé", "la ferme pédagogique", "la bibliothèque", "la halle du marché",
]  # fmt: skip
VERBES = [
    "favoriser", "renforcer", "développer", "accompagner", "soutenir", "mobiliser",
    "valoriser", "faciliter", "créer", "construire", "partager", "animer", "organiser",
    "améliorer", "prévenir", "sensibiliser", "informer", "orienter", "repérer",
    "co-construire", "expérimenter", "pérenniser", "essaimer", "outiller", "former",
    "impliquer", "associer", "fédérer", "rassembler", "écouter", "comprendre", "identifier",
    "analyser", "évaluer", "capitaliser", "transmettre", "restaurer", "retrouver", "ouvrir",
    "rendre visible", "faire émerger", "consolider", "diversifier", "simplifier", "adapter",
    "coordonner", "articuler", "décloisonner", "reconnaître", "susciter", "encourager",
    "stimuler", "apaiser", "sécuriser", "stabiliser", "rapprocher", "relier", "tisser",
    "entretenir", "réinventer", "questionner", "documenter", "négocier", "défendre",
    "interpeller", "recenser", "cartographier", "financer", "mutualiser", "héberger",
]  # fmt: skip
PROFESSIONNELS = [
    "les travailleurs sociaux", "les éducateurs spécialisés", "les assistantes sociales",
    "les animateurs", "les conseillères en économie sociale et familiale",
    "les agents de développement local", "les médiateurs sociaux", "les psychologues",
    "les infirmières de secteur", "les coordinateurs",
]  # fmt: skip
FREQUENCES = [
    "chaque semaine", "deux fois par mois", "tous les mois", "chaque mercredi",
    "pendant les vacances scolaires", "une fois par trimestre", "chaque samedi matin",
    "tous les jeudis après-midi", "au rythme des saisons", "deux soirs par semaine",
]  # fmt: skip
CONNECTEURS = [
    "Par ailleurs", "Ensuite", "Au fil des mois", "Très vite", "Peu à peu", "Dans un premier temps",
    "Dans un second temps", "Progressivement", "De plus", "En parallèle", "Concrètement",
    "Surtout", "Enfin", "Au départ", "Aujourd’hui", "Depuis",
]  # fmt: skip
QUARTIERS = [
    "Centre", "Gare", "Les Tilleuls", "La Fontaine", "Les Peupliers", "Bellevue", "Le Moulin",
    "Les Sablons", "La Croix-Rouge", "Les Glycines", "Le Plateau", "Saint-Jean",
    "Les Hauts de Ville", "La Roseraie", "Le Bourg", "Les Acacias", "Beaulieu", "Les Provinces",
    "La Source", "Les Bruyères", "Champ Fleuri", "Le Val", "Les Coteaux", "La Plaine",
]  # fmt: skip
NOMS_ASSOCIATIONS = [
    "Le Relais", "L’Étape", "Les Amis du quartier", "Trait d’union", "Passerelles",
    "La Clé", "Le Fil", "Horizons", "Arc-en-ciel", "Entraide et partage", "Le Pont",
    "Accueil et solidarité", "Les Jardins de Cocagne", "La Boussole", "Tremplin", "L’Escale",
    "Solidarités nouvelles", "Lien et vie", "La Ruche", "Rencontres", "Le Phare", "Ensemble",
]  # fmt: skip
FINANCEURS = [
    "la CAF", "le Département", "la commune", "l’État (politique de la ville)", "la Région",
    "une fondation d’entreprise", "la MSA", "la Conférence des financeurs", "l’ARS",
    "le fonds social européen",
]  # fmt: skip
ROLES_PARTENAIRES = [
    "Financement", "Mise à disposition d’une salle", "Orientation des familles",
    "Co-animation des ateliers", "Appui méthodologique", "Prêt de matériel",
    "Participation au comité de pilotage", "Relais d’information", "Accueil des permanences",
    "Formation des bénévoles", "Évaluation",
]  # fmt: skip
FONCTIONS_CONTACT = [
    "Coordinatrice", "Directeur", "Directrice", "Référente famille", "Chargé de mission",
    "Éducateur", "Conseillère technique", "Animatrice", "Chef de service", "Agent de développement",
]  # fmt: skip

# --- Templates ------------------------------------------------------------------------
# Slots: {activite} (with article), {Activite} (title form), {enjeu}, {mot}, {mot2},
# {public}, {nom}, {nom2}, {verbe}, {verbe2}, {pro}, {freq}, {lieu}, {commune},
# {porteur}, {partenaire}, {connecteur}, {nombre}, {annee}, {forme}.

TITRES = [
    "{Activite} à {commune}", "{Activite} pour les {public}", "{Activite} : {verbe} {nom}",
    "{Activite} avec les {public} de {commune}", "{Activite} et {activite2}",
    "{Nom} : {activite} pour {verbe} {nom2}", "{Activite}, un levier pour {verbe} {nom}",
    "Des {public} qui animent {activite}", "{Activite} au cœur du quartier {quartier}",
]  # fmt: skip
RESUMES = [
    "{porteur} anime {activite} avec les {public} {lieu}. ",
    "Face à {enjeu}, {porteur} a mis en place {activite} {freq}. ",
    "Les {public} {lieu} se retrouvent {freq} autour d’{activite_sans} pour {verbe} {nom}. ",
    "Une démarche de {forme} pour {verbe} {nom} avec les {public}. ",
    "{activite_maj} construit avec les {public} et {partenaire} depuis {annee}. ",
    "Le projet permet de {verbe} {nom} et de {verbe2} {nom2}. ",
    "Les {public} y prennent une place active, de la préparation à l’évaluation. ",
]  # fmt: skip
CONTEXTES = [
    "{lieu_maj}, {enjeu} concernait beaucoup de {public}. ",
    "Le diagnostic partagé mené en {annee} avec {partenaire} a mis en évidence {enjeu}. ",
    "Les {public} exprimaient le besoin de {verbe} {nom}. ",
    "{pro_maj} constataient que {nom} restait un point faible du territoire. ",
    "Les dispositifs existants ne parvenaient pas à {verbe} {nom}. ",
    "Plusieurs {public} étaient venus parler de {enjeu} lors d’une réunion publique. ",
    "Le territoire compte peu de lieux pour {verbe} {nom}, et {nom2} n’y trouve pas sa place. ",
    "{connecteur}, {nom} apparaissait comme une ressource peu mobilisée. ",
    "Les {mot} étaient au cœur des échanges entre {pro} et les habitants. ",
]  # fmt: skip
OBJECTIFS = [
    "{verbe_maj} {nom} des {public}. ",
    "Permettre aux {public} de {verbe} {nom}. ",
    "{verbe_maj} {nom} entre les {public} et les institutions. ",
    "Lutter contre {enjeu} en s’appuyant sur {nom}. ",
    "Donner aux {public} les moyens de {verbe} {nom2}. ",
    "{verbe_maj} les {mot} et {verbe2} {nom}. ",
    "Faire de {activite} un lieu où {nom} se construit. ",
]  # fmt: skip
DESCRIPTIONS = [
    "{connecteur}, {porteur} a réuni les {public} {lieu} pour préparer {activite}. ",
    "Les rencontres ont lieu {freq}, à {nom_lieu}, avec {pro}. ",
    "Chaque séance commence par un temps d’accueil, puis les participants travaillent sur {nom}. ",
    "{connecteur}, le groupe a choisi de {verbe} {nom} et de {verbe2} {nom2}. ",
    "Les {public} proposent eux-mêmes les thèmes : {mot}, {mot2}, {nom}. ",
    "{partenaire_maj} apporte son appui pour {verbe} {nom}. ",
    "Un temps de bilan est organisé {freq} pour ajuster la démarche. ",
    "{pro_maj} veillent à {verbe} {nom} sans se substituer aux participants. ",
    "En {annee}, une quarantaine de {public} avaient déjà participé à {activite}. ",
    "Le groupe s’est ensuite ouvert à {nom} et aux questions de {mot}. ",
    "{connecteur}, {activite} a pris de l’ampleur grâce à {nom}. ",
    "Les participants ont réalisé {nom2} pour {verbe} {nom}. ",
]  # fmt: skip
LEVIERS = [
    "{nom_maj}, condition de réussite de la démarche. ",
    "La régularité des rencontres et {nom}. ",
    "Le soutien de {partenaire} et la mobilisation de {pro}. ",
    "La possibilité pour les {public} de {verbe} {nom}. ",
    "Un lieu repéré et accessible : {nom_lieu}. ",
    "La confiance construite avec les {public} dans la durée. ",
]  # fmt: skip
FREINS = [
    "{nom_maj} et {nom2}. ",
    "La difficulté à {verbe} {nom} dans la durée. ",
    "Le renouvellement des {public} et {nom}. ",
    "{connecteur}, {enjeu} a freiné la mobilisation. ",
    "Des financements annuels qui fragilisent {nom}. ",
    "La disponibilité de {pro} et les contraintes horaires. ",
]  # fmt: skip
RESULTATS = [
    "Environ {nombre} {public} ont participé à {activite}. ",
    "Les participants disent avoir gagné en {mot_resultat}. ",
    "{nom_maj} a nettement progressé selon les partenaires. ",
    "L’évaluation participative montre que {nom} a progressé. ",
    "{connecteur}, plusieurs {public} sont devenus à leur tour animateurs. ",
    "Le projet a permis de {verbe} {nom} et de mieux repérer {enjeu}. ",
    "La démarche a été reprise par {partenaire}. ",
]  # fmt: skip
PREREQUIS = [
    "Un lieu accessible et {nom}. ",
    "L’accord des institutions pour {verbe} {nom}. ",
    "Des professionnels formés à {forme}. ",
    "Du temps pour {verbe} la confiance avec les {public}. ",
]  # fmt: skip
PREMIERES_ETAPES = [
    "Rencontrer les {public} là où ils sont, puis {verbe} {nom}. ",
    "Réunir les partenaires autour d’un diagnostic partagé. ",
    "Lancer un premier temps convivial : {activite}. ",
    "Constituer un groupe moteur et {verbe} {nom}. ",
]  # fmt: skip
ECUEILS = [
    "Vouloir aller trop vite et {verbe} {nom} à la place des habitants. ",
    "Négliger {nom}. ",
    "Confondre {activite_sans} avec une simple prestation. ",
    "Oublier de {verbe} {nom2} dès le départ. ",
]  # fmt: skip
ORIGINES = [
    "L’idée est venue de {public} réunis par {porteur}. ",
    "{pro_maj} du territoire, à la suite du diagnostic de {annee}. ",
    "Un collectif d’habitants soutenu par {partenaire}. ",
]  # fmt: skip
BENEFICIAIRES = [
    "Les {public} {lieu}, qui participent à toutes les étapes. ",
    "Les {public} et leurs proches, ainsi que les professionnels du secteur. ",
]  # fmt: skip
PERSONNAGES = [
    "Le groupe des {public} lui-même. ",
    "Les habitants, soutenus par {pro}. ",
]  # fmt: skip
MOYENS_HUMAINS = [
    "Un animateur à mi-temps, {nombre_petit} bénévoles et l’appui de {pro}. ",
    "Deux professionnels du {porteur_court} et {nombre_petit} habitants relais. ",
    "Une coordinatrice à temps partiel et {pro}. ",
]  # fmt: skip
MOTS_RESULTAT = [
    "confiance en eux", "autonomie", "assurance", "connaissance de leurs droits",
    "capacité à prendre la parole", "relations avec les voisins", "aisance",
]  # fmt: skip

# Target length (characters) of each text field, before a random ±20 %.
LONGUEURS = {
    "resume": (RESUMES, 220),
    "contexte": (CONTEXTES, 280),
    "objectifs": (OBJECTIFS, 180),
    "description": (DESCRIPTIONS, 440),
    "leviers": (LEVIERS, 160),
    "freins": (FREINS, 150),
    "resultats": (RESULTATS, 180),
    "reproduire_prerequis": (PREREQUIS, 90),
    "reproduire_premieres_etapes": (PREMIERES_ETAPES, 90),
    "reproduire_ecueils": (ECUEILS, 80),
}
FACULTATIFS = {  # (templates, share of fiches that fill it)
    "origine": (ORIGINES, 0.35),
    "beneficiaires": (BENEFICIAIRES, 0.35),
    "personnage_principal": (PERSONNAGES, 0.25),
    "moyens_humains": (MOYENS_HUMAINS, 0.6),
}

_CONTRACTIONS = [
    (re.compile(r"\b([dD])e les\b"), r"\1es"),
    (re.compile(r"\b([dD])e le\b"), r"\1u"),
    (re.compile(r"\b([àÀ]) les\b"), "aux"),
    (re.compile(r"\b([àÀ]) le\b"), "au"),
    (re.compile(r"\bde Les\b"), "des"),
    (re.compile(r"\bde Le\b"), "du"),
    (re.compile(r"\bà Les\b"), "aux"),
    (re.compile(r"\bà Le\b"), "au"),
    (re.compile(r"\b([dD]|qu|QU)[eE] (?=[aeiouyéèêâîôhAEIOUYÉÈÊÂÎÔ])"), r"\1’"),
]
_ARTICLE = re.compile(r"^(un |une |des |le |la |les |l’)")


def contracter(texte: str) -> str:
    """ "de le lien" → "du lien", "à les parents" → "aux parents", "de Arras" → "d’Arras"."""
    for motif, remplacement in _CONTRACTIONS:
        texte = motif.sub(remplacement, texte)
    return texte


def sans_article(groupe: str) -> str:
    return _ARTICLE.sub("", groupe, count=1)


def majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


class Zipf:
    """Draws from a list, the first items most often (weight 1 / rank ** exposant)."""

    def __init__(self, valeurs, exposant=1.0):
        self.valeurs = list(valeurs)
        cumul, total = [], 0.0
        for rang in range(1, len(self.valeurs) + 1):
            total += 1 / rang**exposant
            cumul.append(total)
        self.cumul, self.total = cumul, total

    def __call__(self, rng: random.Random):
        return self.valeurs[
            min(bisect(self.cumul, rng.random() * self.total), len(self.valeurs) - 1)
        ]


class Ponderes:
    """Draws from (value, weight) pairs."""

    def __init__(self, paires):
        self.valeurs, self.cumul, total = [], [], 0.0
        for valeur, poids in paires:
            if poids > 0:
                total += poids
                self.valeurs.append(valeur)
                self.cumul.append(total)
        self.total = total

    def __bool__(self):
        return bool(self.valeurs)

    def __call__(self, rng: random.Random):
        return self.valeurs[
            min(bisect(self.cumul, rng.random() * self.total), len(self.valeurs) - 1)
        ]

    def plusieurs(self, rng: random.Random, nombre: int) -> list:
        nombre = min(nombre, len(self.valeurs))
        choisis: list = []
        for _ in range(nombre * 20):
            if len(choisis) == nombre:
                break
            valeur = self(rng)
            if valeur not in choisis:
                choisis.append(valeur)
        return choisis


_NOMS = Zipf(NOMS, 0.9)
_VERBES = Zipf(VERBES, 1.0)
_NOMS_LIEUX = Zipf(LIEUX, 0.8)


# --- Reference data, loaded once ------------------------------------------------------


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
        self.tirage_thematiques = Ponderes(
            (v, POIDS_THEMATIQUES.get(v.code, 2)) for v in self.thematiques
        )
        self.tirage_formes = Ponderes((v, POIDS_FORMES.get(v.code, 2)) for v in self.formes)
        self.tirage_publics = Ponderes((v, POIDS_PUBLICS.get(v.code, 1)) for v in self.publics)
        self.tirage_niveaux = Ponderes((v, POIDS_NIVEAUX.get(v.code, 1)) for v in self.niveaux)
        self.tirage_porteurs = Ponderes(
            (v, POIDS_TYPES_PORTEUR.get(v.code, 0)) for v in self.types
        ) or Ponderes((v, 1) for v in self.types)
        self.tirage_partenaires = Ponderes(
            (v, POIDS_TYPES_PARTENAIRE.get(v.code, 0)) for v in self.types
        ) or Ponderes((v, 1) for v in self.types)

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


# --- One fiche -----------------------------------------------------------------------


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


class _Emplacements(dict):
    """Template slots, each drawn when a template uses it."""

    def __init__(self, rng, tirages):
        super().__init__()
        self.rng, self.tirages = rng, tirages

    def __missing__(self, cle):
        return self.tirages[cle](self.rng)


def _remplir(rng, modeles, emplacements, longueur) -> str:
    """Sentences from `modeles` (each once before any repeats) up to about `longueur`."""
    cible = int(longueur * rng.uniform(0.8, 1.2))
    ordre = rng.sample(modeles, len(modeles))
    phrases, taille = [], 0
    while taille < cible:
        phrase = majuscule(contracter(ordre[len(phrases) % len(ordre)].format_map(emplacements)))
        phrases.append(phrase)
        taille += len(phrase)
    return "".join(phrases).strip()


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
    codes = [t.code for t in thematiques]
    pools = [THEMES.get(code) for code in codes]
    if not all(pools):  # a theme added by administrators: talk with its label's words
        pools = [
            THEMES.get(t.code)
            or (
                [f"une action « {t.libelle.lower()} »"],
                [f"les questions de {t.libelle.lower()}"],
                re.findall(r"\w{4,}", t.libelle.lower()) or ["projet"],
            )
            for t in thematiques
        ]
    activites = [a for pool in pools for a in pool[0]]
    enjeux = [e for pool in pools for e in pool[1]]
    mots = [m for pool in pools for m in pool[2]]
    activite = rng.choice(pools[0][0])  # the fiche's main activity
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
    emplacements = _Emplacements(rng, tirages)
    titre = majuscule(contracter(rng.choice(TITRES).format_map(emplacements)))[:200]
    champs = {"titre": titre, "quartier": quartier}
    for nom, (modeles, longueur) in LONGUEURS.items():
        champs[nom] = _remplir(rng, modeles, emplacements, longueur)
    champs["resume"] = champs["resume"][:600]
    for nom, (modeles, part) in FACULTATIFS.items():
        champs[nom] = _remplir(rng, modeles, emplacements, 60) if rng.random() < part else ""

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


# --- Writing ---------------------------------------------------------------------------


def _fiche(ref: Referentiel, generee: FicheGeneree, graine: int) -> Fiche:
    """The Fiche row, with the derived columns as pratiques.contenu.appliquer sets them
    and the moderation département as pratiques.services.departement_de_moderation."""
    territoires = [ref.territoires[pk] for pk in generee.territoires]
    departements: set[int] = set()
    national = False
    for territoire in territoires:
        couverts = ref.departements(territoire)
        national = national or not couverts
        departements |= couverts
    champs = generee.champs
    slug = f"{slugify(champs['titre'])[:180].strip('-') or 'fiche'}-g{graine}-{generee.rang}"
    return Fiche(
        **champs,
        slug=slug,
        etat=Etat.PUBLIEE,
        source_import=SOURCE,
        identifiant_externe=f"{graine}-{generee.rang}",
        departement_moderation_id=(
            next(iter(departements)) if not national and len(departements) == 1 else None
        ),
        thematiques_ids=sorted(generee.thematiques),
        formes_ids=sorted(generee.formes),
        publics_ids=sorted(generee.publics),
        territoires_ids=sorted(generee.territoires),
        territoires_englobants=sorted(
            {t.pk for t in territoires} | {a for t in territoires for a in t.ancetres}
        ),
        partenaires_noms="\n".join(p[0] for p in generee.partenaires),
    )


def _copier(table: str, colonnes: list[str], lignes) -> None:
    """Write rows with COPY. An INSERT of thousands of rows costs more in Python
    (compiling then splitting a query with 100,000 placeholders) than in PostgreSQL, and
    bulk_create would also send back every generated column (the search vectors,
    kilobytes a row) for nothing."""
    noms = ", ".join(connection.ops.quote_name(c) for c in colonnes)
    requete = f"COPY {connection.ops.quote_name(table)} ({noms}) FROM STDIN"
    with connection.cursor() as curseur, curseur.copy(requete) as copie:
        for ligne in lignes:
            copie.write_row(ligne)


def _copier_objets(modele, objets: list) -> None:
    """Model instances with COPY: the values Django would insert, the generated columns
    (and primary keys not set) left to PostgreSQL."""
    if not objets:
        return
    meta = modele._meta
    avec_pk = objets[0].pk is not None
    champs = [
        f for f in meta.concrete_fields if not f.generated and (avec_pk or f is not meta.auto_field)
    ]
    # Only JSON needs Django's preparation; strings, numbers, dates and lists are
    # adapted by psycopg as they are (and calling get_db_prep_save on every value of
    # 60 columns would double the Python time of a batch).
    preparer = [isinstance(f, models.JSONField) for f in champs]
    _copier(
        meta.db_table,
        [f.column for f in champs],
        (
            [
                f.get_db_prep_save(getattr(objet, f.attname), connection)
                if prep
                else getattr(objet, f.attname)
                for f, prep in zip(champs, preparer, strict=True)
            ]
            for objet in objets
        ),
    )


def _reserver_ids(modele, nombre: int) -> list[int]:
    """`nombre` primary keys taken from the table's sequence, as an INSERT would."""
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [modele._meta.db_table, modele._meta.pk.column, nombre],
        )
        return [pk for (pk,) in curseur.fetchall()]


def _copier_liens(champ_m2m: str, paires: list[tuple[int, int]]) -> None:
    """Rows of a many-to-many through table from (fiche id, value id) pairs."""
    champ = Fiche._meta.get_field(champ_m2m)
    table = champ.remote_field.through._meta.db_table
    _copier(table, [champ.m2m_column_name(), champ.m2m_reverse_name()], paires)


def ecrire(ref: Referentiel, generees: list[FicheGeneree], graine: int) -> list[Fiche]:
    """Insert a batch of generated fiches with their relations, in one transaction."""
    with transaction.atomic():
        fiches = [_fiche(ref, generee, graine) for generee in generees]
        for fiche, pk in zip(fiches, _reserver_ids(Fiche, len(fiches)), strict=True):
            fiche.pk = pk
            fiche._state.adding = False
        _copier_objets(Fiche, fiches)
        for champ, attribut in (
            ("thematiques", "thematiques"),
            ("formes_intervention", "formes"),
            ("publics", "publics"),
            ("territoires", "territoires"),
        ):
            _copier_liens(
                champ,
                [
                    (fiche.pk, valeur)
                    for fiche, generee in zip(fiches, generees, strict=True)
                    for valeur in getattr(generee, attribut)
                ],
            )
        _copier_objets(
            Partenaire,
            [
                Partenaire(fiche_id=fiche.pk, nom=nom, type_id=type_id, role=role, ordre=ordre)
                for fiche, generee in zip(fiches, generees, strict=True)
                for ordre, (nom, type_id, role) in enumerate(generee.partenaires)
            ],
        )
        message = f"Fiche générée (generer_fiches, graine {graine})."
        _copier_objets(
            EvenementModeration,
            [
                EvenementModeration(
                    fiche_id=fiche.pk,
                    cree_le=fiche.publiee_le,
                    etat_avant="",
                    etat_apres=Etat.PUBLIEE,
                    message=message,
                )
                for fiche in fiches
            ],
        )
    return fiches


def prochain_rang(graine: int) -> int:
    """Generating again with the same seed continues where the last run stopped."""
    prefixe = f"{graine}-"
    rangs = (
        Fiche.objects.filter(source_import=SOURCE, identifiant_externe__startswith=prefixe)
        .values_list("identifiant_externe", flat=True)
        .iterator()
    )
    dernier = -1
    for identifiant in rangs:
        suffixe = identifiant[len(prefixe) :]
        if suffixe.isdigit():
            dernier = max(dernier, int(suffixe))
    return dernier + 1


def aujourd_hui() -> datetime:
    """Today at midnight (UTC): the default end of the publication period, so that two
    runs the same day give the same dates."""
    return datetime.combine(date.today(), datetime.min.time(), tzinfo=UTC)


def supprimer(par_lot: int = 2000) -> int:
    """Delete every generated fiche (and only them), by batches; returns how many."""
    total = 0
    while True:
        pks = list(
            Fiche.objects.filter(source_import=SOURCE)
            .order_by("pk")
            .values_list("pk", flat=True)[:par_lot]
        )
        if not pks:
            return total
        with transaction.atomic():
            Fiche.objects.filter(pk__in=pks).only("pk").delete()
        total += len(pks)
