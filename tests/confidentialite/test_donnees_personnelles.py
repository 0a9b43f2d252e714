"""The personal-data guard (docs/domaine.md §10): what it flags in the free text of a fiche,
what it must leave alone in ordinary social-work prose, and how it is shown.

Pure functions: no database, no cache, no Django set-up needed by the module."""

import subprocess
import sys
from pathlib import Path

import pytest

from confidentialite.donnees_personnelles import (
    CHAMPS_CONTACT,
    TYPES,
    Signalement,
    detecter,
    detecter_dans_texte,
    surligner,
)

REPO = Path(__file__).resolve().parents[2]


# The project-wide autouse fixtures clear the Redis cache and configure the outbox:
# these tests touch neither, so they are overridden here to keep them pure.
@pytest.fixture(autouse=True)
def cache_vide():
    yield


@pytest.fixture(autouse=True)
def courriels_par_la_file():
    yield


def trouves(texte):
    return [(s.type, s.extrait) for s in detecter_dans_texte(texte)]


# Valid numbers used below (keys computed by hand, see the NIR/IBAN tests).
NIR_AVEC_CLE = "1 85 03 75 123 456 41"  # 97 - 1850375123456 mod 97 = 41
NIR_CORSE_2A = "2 85 02 2A 123 456 32"  # 2A counts as 19: 97 - 2850219123456 mod 97 = 32
NIR_CORSE_2B = "1 69 04 2B 012 345 01"  # 2B counts as 18: 97 - 1690418012345 mod 97 = 1
IBAN_FR = "FR76 3000 6000 0112 3456 7890 189"


# --- What is flagged ------------------------------------------------------------------

POSITIFS = [
    # e-mail addresses
    ("Écrire à jean.dupont@gmail.com pour s’inscrire.", "email", "jean.dupont@gmail.com"),
    ("La maman (fatou.diallo+caf@laposte.net) est venue.", "email", "fatou.diallo+caf@laposte.net"),
    ("Contact : accueil@centre-social-fives.fr.", "email", "accueil@centre-social-fives.fr"),
    # phone numbers
    ("Elle nous appelle au 06 12 34 56 78 chaque soir.", "telephone", "06 12 34 56 78"),
    ("Son numéro : 06.12.34.56.78", "telephone", "06.12.34.56.78"),
    ("Joignable au 0612345678.", "telephone", "0612345678"),
    ("Tél. 03-20-12-34-56", "telephone", "03-20-12-34-56"),
    ("Portable : +33 6 12 34 56 78", "telephone", "+33 6 12 34 56 78"),
    ("Portable : +33 (0)6 12 34 56 78", "telephone", "+33 (0)6 12 34 56 78"),
    ("Portable : 0033 612345678", "telephone", "0033 612345678"),
    ("À La Réunion : +262 262 12 34 56", "telephone", "+262 262 12 34 56"),
    ("Numéro\u00a0: 06\u00a012\u00a034\u00a056\u00a078", "telephone",
     "06\u00a012\u00a034\u00a056\u00a078"),
    # social-security numbers
    (f"Son NIR est le {NIR_AVEC_CLE}.", "nir", NIR_AVEC_CLE),
    ("N° SS : 185037512345641", "nir", "185037512345641"),
    (f"Né en Corse : {NIR_CORSE_2A}", "nir", NIR_CORSE_2A),
    (f"Numéro {NIR_CORSE_2B} transmis", "nir", NIR_CORSE_2B),
    ("Sécu 1 85 03 75 123 456 sans la clé", "nir", "1 85 03 75 123 456"),
    ("Numéro provisoire 7 85 03 99 350 012", "nir", "7 85 03 99 350 012"),
    ("NIR 1\u202f85\u202f03\u202f75\u202f123\u202f456\u202f41", "nir",
     "1\u202f85\u202f03\u202f75\u202f123\u202f456\u202f41"),
    # IBANs
    (f"Virement sur {IBAN_FR} pour la caution.", "iban", IBAN_FR),
    ("RIB : FR7630006000011234567890189", "iban", "FR7630006000011234567890189"),
    (f"iban {IBAN_FR.lower()} envoyé", "iban", IBAN_FR.lower()),
    ("Compte allemand DE89 3704 0044 0532 0130 00.", "iban", "DE89 3704 0044 0532 0130 00"),
    ("Compte belge BE68 5390 0754 7034", "iban", "BE68 5390 0754 7034"),
    # dates of birth
    ("Kevin, né le 12/03/1985, vit seul.", "date_naissance", "né le 12/03/1985"),
    ("Aminata, née le 3 mars 1985, élève seule ses enfants.", "date_naissance",
     "née le 3 mars 1985"),
    ("Un jeune né(e) en 2007 a rejoint le groupe.", "date_naissance", "né(e) en 2007"),
    ("Date de naissance : 12/03/1985", "date_naissance", "Date de naissance : 12/03/1985"),
    ("DDN 03/04/2009", "date_naissance", "DDN 03/04/2009"),
    ("Née à Saint-Denis (93) le 1er janvier 2001", "date_naissance",
     "Née à Saint-Denis (93) le 1er janvier 2001"),
    ("Il est né au Maroc le 14-07-79.", "date_naissance", "né au Maroc le 14-07-79"),
    ("Enfant né·e en mars 2012", "date_naissance", "né·e en mars 2012"),
    ("Mother born on 1985-03-12", "date_naissance", "born on 1985-03-12"),
    # civility + surname
    ("Nous avons accompagné Mme Dupont dans ses démarches.", "civilite_nom", "Mme Dupont"),
    ("M. Martin est venu avec ses enfants.", "civilite_nom", "M. Martin"),
    ("Mlle Benali participe à l’atelier.", "civilite_nom", "Mlle Benali"),
    ("Madame Durand a témoigné.", "civilite_nom", "Madame Durand"),
    ("Le fils de Monsieur Lefèvre-Dubois", "civilite_nom", "Monsieur Lefèvre-Dubois"),
    ("Mr Smith, réfugié, a témoigné.", "civilite_nom", "Mr Smith"),
    ("Mme D. a retrouvé un logement.", "civilite_nom", "Mme D."),
    ("M. de La Fontaine, voisin", "civilite_nom", "M. de La Fontaine"),
    ("Mme Ben Ali et ses trois enfants", "civilite_nom", "Mme Ben Ali"),
    ("M. Le Goff, bénévole", "civilite_nom", "M. Le Goff"),
    ("Mme Fatima B. est venue seule.", "civilite_nom", "Mme Fatima B."),
    ("madame Émilie Noël a été relogée", "civilite_nom", "madame Émilie Noël"),
    ("M. d’Ormesson, locataire", "civilite_nom", "M. d’Ormesson"),
    ("Mme\u00a0Dupont", "civilite_nom", "Mme\u00a0Dupont"),
]  # fmt: skip


@pytest.mark.parametrize(("texte", "type_", "extrait"), POSITIFS)
def test_une_donnee_personnelle_est_signalee(texte, type_, extrait):
    assert trouves(texte) == [(type_, extrait)]


# --- What is left alone ---------------------------------------------------------------

NEGATIFS = [
    # numbers of ordinary social-work prose
    "Un budget de 15 000 € sur trois ans, puis 150 000 € de la CAF.",
    "Le budget total s’élève à 1 250 000 €, dont 12 000 000 € d’investissement.",
    "L’action a été menée en 2011-2014 puis reconduite en 2015–2020.",
    "Les années 2014 2016 2018 2020 ont été des années de renouvellement.",
    "Le centre social de Lille (59000) et celui de Roubaix (59100).",
    "Code INSEE 59350, commune de Lille.",
    "La MEL (SIREN 200093201) finance l’action.",
    "SIRET 200 093 201 00016 et SIRET 20009320100016.",
    "Saint-Denis 97411 (La Réunion) et Mamoudzou 97600.",
    "Association déclarée sous le n° W595012345.",
    "1 200 personnes accueillies, +15 % en un an, +33 % de bénévoles.",
    "Réunion le 01.02.2023 à 14h30, puis le 01/02/2023 10 h.",
    "Appeler le 115 ou le 3949.",
    "Article L. 262-1 du code de l’action sociale et des familles.",
    # NIRs and IBANs that fail their checks
    "Numéro 1 85 03 75 123 456 42 (clé fausse).",
    "Numéro 1 85 13 75 123 456 (mois 13 impossible).",
    "FR76 3000 6000 0112 3456 7890 188 (clé IBAN fausse).",
    "Référence RN13 dans tout les dossiers.",
    # dates and ages that are not dates of birth
    "Les participants, âgés de 14 à 25 ans ; âgé de 14 ans, il est le plus jeune.",
    "L’action est née en 2015 d’un diagnostic partagé.",
    "Le collectif est né à la suite de la crise le 12 mars 2020 passé.",
    "Le projet, né en mars 2016, a essaimé.",
    "Les jeunes nés entre 2005 et 2010 sont concernés.",
    "Le financement a été donné le 12/03/2015 par le Département.",
    "La première réunion a eu lieu le 12/03/1985.",
    # civility titles before a function, not a person
    "M. le maire a ouvert la séance.",
    "Madame la Présidente du conseil départemental.",
    "Monsieur le Préfet a signé la convention.",
    "Mme la directrice du CCAS a présenté le bilan.",
    "Monsieur Le Préfet, Madame La Directrice et Madame l’adjointe aux solidarités.",
    "Une intervention de M. le directeur de la CAF.",
    "Madame, Monsieur, nous vous remercions.",
    # institutions and anonymised or non-personal mentions
    "Avec l’ATD Quart Monde et le Secours populaire.",
    "Mme X, M. Y. et Mme Z ont témoigné (noms anonymisés).",
    "La M.J.C. Centre accueille les ateliers.",
    "Les ateliers ont lieu au collège Madame de Staël, rue Madame de Sévigné.",
    "La MJC de Melle Deux-Sèvres, puis à Melle Saint-Maixent.",
    "M. et Mme sont venus en couple.",
    "Une réunion avec Monsieur Tout-le-monde.",
    "Retrouvez-nous sur @CCAS_Lille ou www.ccas-lille.fr.",
    "Le Dr Martin, médecin de PMI, et le Pr Durand ; tableaux sous Ms Excel.",
]


@pytest.mark.parametrize("texte", NEGATIFS)
def test_la_prose_ordinaire_n_est_pas_signalee(texte):
    assert trouves(texte) == []


# --- Rules, one by one ----------------------------------------------------------------


def test_un_nir_avec_cle_valide_est_signale():
    assert trouves(f"NIR {NIR_AVEC_CLE}") == [("nir", NIR_AVEC_CLE)]


def test_un_nir_avec_cle_invalide_n_est_pas_signale():
    assert trouves("NIR 1 85 03 75 123 456 40") == []


def test_la_cle_d_un_nir_corse_se_calcule_avec_19_pour_2a_et_18_pour_2b():
    assert trouves(NIR_CORSE_2A) == [("nir", NIR_CORSE_2A)]
    assert trouves(NIR_CORSE_2B) == [("nir", NIR_CORSE_2B)]
    # the same digits with the other Corsican département fail the key
    assert trouves(NIR_CORSE_2A.replace("2A", "2B")) == []


def test_un_iban_francais_fait_27_caracteres_et_passe_le_controle_mod_97():
    assert trouves(IBAN_FR) == [("iban", IBAN_FR)]
    assert trouves(IBAN_FR[:-1]) == []  # 26 characters
    assert trouves(IBAN_FR[:-1] + "8") == []  # check digits no longer match


def test_un_iban_suivi_d_un_mot_court_est_coupe_a_la_bonne_longueur():
    assert trouves(f"{IBAN_FR} AU NOM DE") == [("iban", IBAN_FR)]


def test_deux_iban_a_la_suite_sont_signales_tous_les_deux():
    texte = f"{IBAN_FR} {IBAN_FR}"
    assert trouves(texte) == [("iban", IBAN_FR), ("iban", IBAN_FR)]


def test_un_code_postal_n_est_pas_un_telephone():
    assert trouves("59000 Lille, 75019 Paris") == []


def test_un_telephone_du_bloc_contact_n_est_pas_signale():
    contenu = {
        "contact_structure": "CCAS de Lille, 03 20 49 50 00",
        "contact_role": "Référente famille, 06 12 34 56 78",
        "contact_email": "referente@ccas-lille.fr",
        "description": "Les familles sont accueillies le mardi.",
    }
    assert detecter(contenu) == []
    assert {"contact_structure", "contact_role", "contact_email"} == CHAMPS_CONTACT


def test_le_meme_telephone_hors_du_bloc_contact_est_signale():
    contenu = {"contact_role": "06 12 34 56 78", "description": "Appeler le 06 12 34 56 78."}
    assert [(s.champ, s.type) for s in detecter(contenu)] == [("description", "telephone")]


def test_une_date_sans_indice_de_naissance_n_est_pas_signalee():
    assert trouves("Démarrage le 12/03/2019, fin le 3 mars 2021.") == []


def test_un_age_n_est_pas_une_date_de_naissance():
    assert trouves("Âgé de 14 ans, il est le plus jeune du groupe.") == []


def test_une_annee_seule_n_est_signalee_qu_apres_un_indice_de_personne():
    assert trouves("Un enfant né(e) en 2012") == [("date_naissance", "né(e) en 2012")]
    assert trouves("Année de naissance : 2012") == [("date_naissance", "Année de naissance : 2012")]
    assert trouves("Le groupe est né en 2012") == []


def test_monsieur_le_maire_n_est_pas_signale():
    assert trouves("Monsieur le maire et M. le Maire") == []


def test_madame_la_directrice_du_ccas_n_est_pas_signalee():
    assert trouves("Mme la directrice du CCAS") == []


def test_une_initiale_apres_une_civilite_est_signalee():
    assert trouves("Mme D. et M. K") == [("civilite_nom", "Mme D."), ("civilite_nom", "M. K")]


def test_un_nom_en_capitales_est_signale():
    assert trouves("Mme DUPONT") == [("civilite_nom", "Mme DUPONT")]


def test_plusieurs_donnees_dans_un_texte_sont_signalees_dans_l_ordre():
    texte = "Mme Dupont (née le 02/05/1970), 06 12 34 56 78, dupont@mail.fr"
    resultat = detecter_dans_texte(texte, "description")
    assert [(s.type, s.extrait) for s in resultat] == [
        ("civilite_nom", "Mme Dupont"),
        ("date_naissance", "née le 02/05/1970"),
        ("telephone", "06 12 34 56 78"),
        ("email", "dupont@mail.fr"),
    ]
    assert all(texte[s.debut : s.fin] == s.extrait for s in resultat)
    assert {s.champ for s in resultat} == {"description"}


def test_un_signalement_porte_le_libelle_francais_de_son_type():
    signalement = detecter_dans_texte("06 12 34 56 78")[0]
    assert signalement.libelle == "Numéro de téléphone"
    assert TYPES == {
        "email": "Adresse e-mail",
        "telephone": "Numéro de téléphone",
        "nir": "Numéro de sécurité sociale (NIR)",
        "iban": "IBAN",
        "date_naissance": "Date de naissance",
        "civilite_nom": "Civilité suivie d’un nom",
        "adresse": "Adresse postale",
        "prenom_age": "Prénom et âge d’une personne",
        "nom_situation": "Nom d’une personne et sa situation",
    }


def test_les_espaces_insecables_ne_decalent_pas_les_positions():
    texte = "Tél.\u00a0: 06\u202f12\u202f34\u202f56\u202f78 — M.\u00a0Durand"
    resultat = detecter_dans_texte(texte)
    assert [s.type for s in resultat] == ["telephone", "civilite_nom"]
    assert all(texte[s.debut : s.fin] == s.extrait for s in resultat)


def test_un_texte_vide_ne_signale_rien():
    assert detecter_dans_texte("") == []
    assert detecter({}) == []


# --- The whole content of a fiche -----------------------------------------------------


def test_un_signalement_dans_un_partenaire_porte_le_chemin_du_champ():
    contenu = {
        "titre": "Un café des parents",
        "partenaires": [
            {"nom": "CAF du Nord", "type": "caf", "role": "Financement"},
            {"nom": "Épicerie solidaire", "type": "association", "role": "Mme Dupont anime"},
        ],
        "liens": [{"url": "https://exemple.fr", "titre": "Écrire à jo@exemple.fr"}],
        "sources": ["Rapport 2015, p. 12", "Entretien avec M. Martin"],
    }
    assert [(s.champ, s.type, s.extrait, s.debut) for s in detecter(contenu)] == [
        ("liens[0].titre", "email", "jo@exemple.fr", 9),
        ("partenaires[1].role", "civilite_nom", "Mme Dupont", 0),
        ("sources[1]", "civilite_nom", "M. Martin", 15),
    ]


def test_les_valeurs_qui_ne_sont_pas_du_texte_sont_ignorees():
    contenu = {
        "date_debut": "2019-09-01",
        "territoires": ["commune:59350", "departement:2A"],
        "population": 236710,
        "publie": None,
        "confirme": True,
        "description": "Accueil de Mme Durand.",
    }
    assert [(s.champ, s.extrait) for s in detecter(contenu)] == [("description", "Mme Durand")]


def test_les_signalements_sont_tries_par_champ_puis_position_sans_doublon():
    contenu = {
        "resume": "06 12 34 56 78 puis Mme Dupont",
        "description": "M. Martin, puis 06 12 34 56 78",
        "contexte": "Aucun",
    }
    resultat = detecter(contenu)
    assert [(s.champ, s.debut) for s in resultat] == sorted((s.champ, s.debut) for s in resultat)
    assert [(s.champ, s.type) for s in resultat] == [
        ("description", "civilite_nom"),
        ("description", "telephone"),
        ("resume", "telephone"),
        ("resume", "civilite_nom"),
    ]
    assert len(set(resultat)) == len(resultat)


def test_on_peut_choisir_les_champs_exclus():
    contenu = {"contact_email": "a@b.fr", "description": "c@d.fr"}
    assert [s.champ for s in detecter(contenu, champs_exclus=["description"])] == ["contact_email"]
    assert [s.champ for s in detecter(contenu, champs_exclus=())] == [
        "contact_email",
        "description",
    ]


# --- Highlighting ---------------------------------------------------------------------


def test_surligner_echappe_le_html_et_marque_les_donnees():
    texte = "<script>alert('x')</script> Appelez Mme Dupont au 06 12 34 56 78 & co"
    html = surligner(texte, detecter_dans_texte(texte))
    assert html == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Appelez <mark>Mme Dupont</mark>"
        " au <mark>06 12 34 56 78</mark> &amp; co"
    )


def test_surligner_echappe_aussi_le_texte_marque():
    texte = "écrire à <b>x@y.fr"
    assert surligner(texte, detecter_dans_texte(texte)) == ("écrire à &lt;b&gt;<mark>x@y.fr</mark>")


def test_surligner_ignore_les_signalements_qui_ne_correspondent_pas_au_texte():
    texte = "Rien à signaler <ici>"
    autre = Signalement("description", "telephone", "06 12 34 56 78", 0, 14)
    assert surligner(texte, [autre]) == "Rien à signaler &lt;ici&gt;"
    assert surligner(texte, []) == "Rien à signaler &lt;ici&gt;"


# --- Robustness -----------------------------------------------------------------------


def test_un_texte_de_20000_caracteres_est_analyse_correctement():
    paragraphe = (
        "Le centre social de Roubaix (59100) a lancé en 2014-2016 un atelier collectif "
        "avec un budget de 150 000 € ; Mme la directrice du CCAS et M. le maire ont "
        "soutenu l’action, née en 2015 d’un diagnostic partagé avec l’ATD Quart Monde. "
        "Les habitants, âgés de 14 à 80 ans, se réunissent chaque mardi (SIREN 200093201). "
    )
    morceaux = []
    attendus = []
    donnees = [
        ("telephone", "06 12 34 56 78"),
        ("civilite_nom", "Mme Dupont"),
        ("nir", NIR_AVEC_CLE),
        ("iban", IBAN_FR),
        ("email", "famille.martin@exemple.fr"),
        ("date_naissance", "né le 12/03/1985"),
    ]
    longueur = 0
    i = 0
    while longueur < 20_000:
        morceaux.append(paragraphe)
        longueur += len(paragraphe)
        if i % 10 == 0:
            type_, extrait = donnees[(i // 10) % len(donnees)]
            insertion = f"Donnée : {extrait}. "
            attendus.append((type_, extrait, longueur + len("Donnée : ")))
            morceaux.append(insertion)
            longueur += len(insertion)
        i += 1
    texte = "".join(morceaux)
    assert len(texte) >= 20_000

    resultat = detecter_dans_texte(texte, "description")

    assert [(s.type, s.extrait, s.debut) for s in resultat] == attendus
    assert len(attendus) >= 6
    assert all(texte[s.debut : s.fin] == s.extrait for s in resultat)


@pytest.mark.parametrize(
    "texte",
    [
        "0" * 20_000,
        "1 " * 10_000,
        "a." * 10_000,
        "x@" + "a." * 9_999,
        "M. " * 6_000,
        "né " * 6_000,
        "FR76 " * 4_000,
        "Mme " + "de " * 6_000,
    ],
    ids=["zeros", "chiffres", "points", "arobase", "civilites", "indices", "iban", "particules"],
)
def test_les_textes_pathologiques_ne_provoquent_pas_de_retour_arriere_catastrophique(texte):
    # Not timed (CI machines vary): a catastrophic backtracking would hang, not fail.
    detecter_dans_texte(texte)


def test_le_module_s_importe_sans_django():
    code = (
        "import sys, confidentialite.donnees_personnelles; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=30)
