"""The rules that find a person accompanied by first name and age, by full name in a
sentence about their situation, or by street address (confidentialite.personnes),
through the public detector. Pure: no database."""

import pytest

from confidentialite.donnees_personnelles import detecter, detecter_dans_texte
from confidentialite.personnes import plier, prenoms


@pytest.fixture(autouse=True)
def cache_vide():
    yield


@pytest.fixture(autouse=True)
def courriels_par_la_file():
    yield


def trouves(texte):
    return [(s.type, s.extrait) for s in detecter_dans_texte(texte)]


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("Kevin, 14 ans, scolarisé au collège Victor Hugo.", ("prenom_age", "Kevin, 14 ans")),
        ("Lina (7 ans) vient le mercredi.", ("prenom_age", "Lina (7 ans)")),
        ("Nous suivons Yanis, âgé de 16 ans.", ("prenom_age", "Yanis, âgé de 16 ans")),
        ("Maëlle, âgée de six ans, dessine.", ("prenom_age", "Maëlle, âgée de six ans")),
        ("Inès a 17 ans et vit chez sa tante.", ("prenom_age", "Inès a 17 ans")),
        ("Kevin M., 15 ans, est revenu.", ("prenom_age", "Kevin M., 15 ans")),
        ("Kévin Martin (12 ans) joue au foot.", ("prenom_age", "Kévin Martin (12 ans)")),
        ("Kevin Martin, au RSA depuis 2019, a repris.", ("nom_situation", "Kevin Martin")),
        ("Nathalie DURAND, bénéficiaire de l’AAH.", ("nom_situation", "Nathalie DURAND")),
        ("Hier, Karim H. hébergé au CHRS est venu.", ("nom_situation", "Karim H.")),
        ("La famille habite 12 rue des Lilas à Lens.", ("adresse", "12 rue des Lilas")),
        ("Chez elle, 3 bis, avenue Jean Jaurès.", ("adresse", "3 bis, avenue Jean Jaurès")),
    ],
)  # fmt: skip
def test_une_personne_designee_est_signalee(texte, attendu):
    assert trouves(texte) == [attendu]


@pytest.mark.parametrize(
    "texte",
    [
        # Professionals and authors, named with their role or as who leads the action.
        "Marie Dupont, conseillère ESF au CCAS, anime l’atelier budget des allocataires du RSA.",
        "La directrice, Anne Leroy, suit les familles hébergées au foyer.",
        "L’atelier animé par Julien Moreau s’adresse aux jeunes placés à l’ASE.",
        "Selon Robert Castel, les personnes au chômage se désaffilient.",
        "Marie Dupont et Paul Girard, travailleurs sociaux, accompagnent des bénéficiaires.",
        # Institutions, places, laws, prizes named after someone.
        "Le centre social Jean Macé accueille les familles hébergées du quartier.",
        "Les élèves du collège Victor Hugo déscolarisés l’an dernier sont revenus.",
        "La résidence Paul Éluard loge des personnes isolées.",
        "Au lycée professionnel Louise Michel, les élèves déscolarisés reviennent.",
        "La directrice de la maison des familles, Anne Leroy, reçoit les familles hébergées.",
        "Le prix Albert Londres a été remis à une journaliste sans domicile fixe.",
        # Durations and a sentence without any situation.
        "Marie, 20 ans d’expérience dans l’animation, coordonne l’équipe.",
        "Victor Hugo, 200 ans après, reste étudié au collège.",
        "Kevin Martin a présenté le projet à la fête de quartier.",
        # A street without a number, a number that is not an address.
        "Le centre social, rue Jean Jaurès, ouvre le lundi.",
        "Nous avons ouvert 3 places supplémentaires et 2 cours collectifs.",
        # A capitalised word that is not in the first-name list.
        "Roubaix, 30 ans de politique de la ville.",
    ],
)
def test_la_prose_ordinaire_qui_nomme_des_gens_n_est_pas_signalee(texte):
    assert trouves(texte) == []


def test_la_liste_des_prenoms_est_livree_pliee_et_sans_commentaire():
    noms = prenoms()
    assert len(noms) >= 600
    assert {"kevin", "fatima", "maelle", "jean-pierre", "aicha"} <= noms
    assert not any(nom.startswith("#") for nom in noms)
    assert "france" not in noms and "lille" not in noms
    assert plier("Kévin") == plier("KEVIN") == "kevin"


def test_detecter_rapporte_les_nouveaux_types_dans_les_champs_imbriques():
    contenu = {"description": "Kevin, 14 ans, venait.", "etapes": ["Au 5 rue Haute, chez elle."]}
    assert [(s.champ, s.type) for s in detecter(contenu)] == [
        ("description", "prenom_age"),
        ("etapes[0]", "adresse"),
    ]
