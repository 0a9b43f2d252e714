"""Discovery: French full-text search, filters with counts, territory containment,
only published fiches, bounded queries."""

import pytest

from pratiques import services
from pratiques.filters import RechercheFilter
from pratiques.models import Fiche
from pratiques.recherche import moteur
from pratiques.recherche.extraits import a_afficher
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db


def chercher(**parametres):
    filtre = RechercheFilter(parametres)
    assert filtre.is_valid(), filtre.errors
    return filtre


def titres(**parametres):
    return sorted(chercher(**parametres).qs.values_list("fiche__titre", flat=True))


def test_eleve_trouve_eleves_et_parents_trouve_parent(publier):
    # Not classified under parents: a fiche is also found by its classification.
    publier(
        titre="Atelier des élèves",
        resume="Un atelier.",
        description="Les élèves animent.",
        thematiques=["education_scolarite"],
        publics=["eleves_collegiens"],
    )
    publier(
        titre="Groupe de parole",
        resume="Un groupe.",
        description="Chaque parent isolé y trouve sa place.",
    )
    assert titres(q="eleve") == ["Atelier des élèves"]
    assert titres(q="ÉLÈVE") == ["Atelier des élèves"]
    assert titres(q="parents") == ["Groupe de parole"]


def test_seules_les_fiches_publiees_sont_trouvees_et_comptees(publier, auteur):
    publier(titre="Jardin partagé publié")
    brouillon = services.creer_brouillon(
        auteur=auteur, contenu=contenu_complet(titre="Jardin partagé en brouillon")
    )
    services.soumettre(brouillon, par=auteur)
    assert titres(q="jardin") == ["Jardin partagé publié"]
    assert moteur.compter(chercher(q="jardin").qs).total == 1
    assert moteur.compter(chercher().qs).total == 1


def test_le_titre_pese_plus_que_la_description(publier):
    publier(titre="Un potager", description="On y parle de mobilité solidaire.")
    publier(titre="Mobilité solidaire en milieu rural", description="Un garage associatif.")
    filtre = chercher(q="mobilité")
    ordonnees = moteur.ordonner(filtre.qs, texte="mobilité", tri="pertinence")
    assert [ligne.fiche.titre for ligne in ordonnees] == [
        "Mobilité solidaire en milieu rural",
        "Un potager",
    ]


def test_les_mots_vides_absents_de_la_liste_de_postgresql_sont_ignores(publier):
    publier(titre="Jardin partagé", description="Un potager au pied des immeubles.")
    publier(titre="Les jardins ouvriers", description="Ils ont des parcelles.")
    assert (
        titres(q="les jardins")
        == titres(q="jardins")
        == [
            "Jardin partagé",
            "Les jardins ouvriers",
        ]
    )
    assert titres(q="jardin -ils a") == titres(q="jardin")
    # Alone, they are what was asked for.
    assert "Les jardins ouvriers" in titres(q="les")
    assert chercher(q="Aix-les-Bains a").form.cleaned_data["q"] == "Aix-les-Bains"


def test_les_mots_vides_ne_trouvent_pas_tout(publier):
    publier(titre="Une action qui a été menée", description="Même à la fin.")
    assert titres(q="été") == []
    assert titres(q="meme") == []


def test_filtres_cumules_et_comptes_de_chaque_valeur(publier):
    publier(titre="A", thematiques=["parentalite_familles", "sante"])
    publier(titre="B", thematiques=["parentalite_familles"])
    publier(titre="C", thematiques=["sante"], statut_action="terminee")
    assert titres(thematique=["parentalite_familles"]) == ["A", "B"]
    assert titres(thematique=["parentalite_familles", "sante"]) == ["A"]
    comptes = moteur.compter(chercher(thematique=["parentalite_familles"]).qs)
    assert comptes.total == 2
    par_code = {o.code: n for o, n in comptes.facettes["thematique"].valeurs}
    # Each count is what the results would be with that value added.
    assert par_code == {"parentalite_familles": 2, "sante": 1}
    for code, nombre in par_code.items():
        assert len(titres(thematique=list({"parentalite_familles", code}))) == nombre
    statuts = {
        choix.value: n for choix, n in moteur.compter(chercher().qs).facettes["statut"].valeurs
    }
    assert statuts == {"en_cours": 2, "terminee": 1}


def test_les_comptes_par_region_et_departement(publier):
    publier(titre="Lille", territoires=["commune:59350"])
    publier(titre="Arras", territoires=["commune:62041"])
    publier(titre="France", territoires=["pays:FR"])
    facettes = moteur.compter(chercher().qs).facettes
    assert {t.code: n for t, n in facettes["departement"].valeurs} == {"59": 1, "62": 1}
    assert {t.code: n for t, n in facettes["region"].valeurs} == {"32": 2}
    assert titres(departement="59") == ["Lille"]
    assert titres(region="32") == ["Arras", "Lille"]


def test_un_territoire_trouve_les_fiches_dedans_et_celles_qui_le_couvrent(publier):
    publier(titre="À Lille", territoires=["commune:59350"])
    publier(titre="Dans la MEL", territoires=["epci:200093201"])
    publier(titre="Dans le Nord", territoires=["departement:59"])
    publier(titre="En France", territoires=["pays:FR"])
    publier(titre="À Arras", territoires=["commune:62041"])
    publier(titre="En Belgique", territoires=["pays:BE"])
    # A commune finds what covers it, up to France.
    assert titres(territoire="commune:59350") == [
        "Dans la MEL",
        "Dans le Nord",
        "En France",
        "À Lille",
    ]
    # A département finds what is inside it, and what covers it.
    assert titres(territoire="departement:59") == [
        "Dans la MEL",
        "Dans le Nord",
        "En France",
        "À Lille",
    ]
    assert titres(territoire="departement:62") == ["En France", "À Arras"]
    assert titres(territoire="pays:BE") == ["En Belgique"]


def test_une_valeur_inconnue_est_une_erreur_de_saisie_pas_une_panne(publier):
    filtre = RechercheFilter({"thematique": ["inexistante"], "territoire": "commune:00000"})
    assert not filtre.is_valid()
    assert set(filtre.errors) == {"thematique", "territoire"}
    assert "Territoire inconnu" in filtre.errors["territoire"][0]


def test_l_extrait_surligne_les_mots_et_neutralise_le_html(publier):
    publier(titre="Café", resume="Des <b>parents</b> animent le café <script>x</script>.")
    fiche = Fiche.objects.get()
    (affichee,) = a_afficher(Fiche.objects.filter(pk=fiche.pk), "parent")
    extrait = affichee.extrait
    assert "<mark>parents</mark>" in extrait
    assert "<script>" not in extrait and "&lt;script&gt;" in extrait


def test_le_nombre_de_requetes_ne_depend_pas_de_la_taille_de_page(
    publier, django_assert_num_queries, django_assert_max_num_queries
):
    for rang in range(12):
        publier(titre=f"Café des familles {rang}", thematiques=["parentalite_familles", "sante"])
    filtre = chercher(q="café famille")
    with django_assert_max_num_queries(10) as petite:
        petite_page = moteur.resultats(
            filtre.qs, texte="café famille", tri="pertinence", page=1, taille=2
        )
    with django_assert_num_queries(len(petite.captured_queries)):
        grande_page = moteur.resultats(
            filtre.qs, texte="café famille", tri="pertinence", page=1, taille=12
        )
    assert len(petite_page.fiches) == 2 and len(grande_page.fiches) == 12
    assert grande_page.comptes.total == 12


@pytest.mark.parametrize("texte", ["", "café famille"])
def test_une_page_de_resultats_tient_en_une_instruction(publier, django_assert_num_queries, texte):
    """Counts and the page's fiches with what the list shows: one statement, whatever
    the page size (tests run inside a transaction: no planner settings around it) —
    which also reads the corpus version kept with the cached results
    (pratiques.recherche.cache); once cached, the version alone."""
    for rang in range(12):
        publier(titre=f"Café des familles {rang}", territoires=["commune:59350"])
    index = chercher(**({"q": texte} if texte else {}), thematique=["parentalite_familles"]).qs
    for taille in (2, 10):
        with django_assert_num_queries(1) as requetes:
            page = moteur.resultats(index, texte=texte, tri="pertinence", page=1, taille=taille)
            assert [f.noms_territoires for f in page.fiches] == [["Lille"]] * taille
        assert "pratiques_versioncorpus" in requetes.captured_queries[0]["sql"]
        assert page.comptes.total == 12
        with django_assert_num_queries(1):  # the version only: the page is cached
            moteur.resultats(index, texte=texte, tri="pertinence", page=1, taille=taille)
