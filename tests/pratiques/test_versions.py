"""Every publication of a fiche is kept (docs/domaine.md §8.1): the versions written by
services.publier, the differences between two of them (pratiques.comparaison), the
public pages, the history page, the API and the migration that creates the first
versions of fiches published before."""

import importlib

import pytest
from django.apps import apps

from pratiques import comparaison, services, versions
from pratiques.models import Fiche, Thematique, VersionPubliee
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import contenu_complet, fiche_publiee

DESCRIPTION_1 = "Les parents se réunissent chaque semaine et choisissent les thèmes."
DESCRIPTION_2 = "Les parents se réunissent chaque mois et choisissent ensemble les thèmes."


def reviser(fiche, auteur, moderateur, **modifications) -> Fiche:
    """A revision written, submitted and published."""
    fiche.refresh_from_db()
    services.enregistrer(
        fiche,
        par=auteur,
        contenu=contenu_complet(**modifications),
        version=services.version_courante(fiche),
    )
    services.soumettre(fiche, par=auteur, donnees_personnelles_relues=True)
    services.publier(fiche, par=moderateur, confirme_donnees_personnelles=True)
    fiche.refresh_from_db()
    return fiche


@pytest.fixture
def fiche_revisee(geo, auteur, moderateur_nord):
    """Published, then revised twice: versions 1, 2 and 3."""
    fiche = fiche_publiee(auteur, moderateur_nord)
    reviser(
        fiche,
        auteur,
        moderateur_nord,
        description=DESCRIPTION_2,
        thematiques=["parentalite_familles", "acces_aux_droits"],
        contact_email="nouveau@centre-social.example.fr",
    )
    return reviser(
        fiche,
        auteur,
        moderateur_nord,
        titre="Un café des familles animé par les parents",
        description=DESCRIPTION_2,
        thematiques=["acces_aux_droits"],
        territoires=["commune:59350", "commune:59512"],
        contact_email="nouveau@centre-social.example.fr",
    )


# --- Versions kept by publication ---------------------------------------------------


def test_chaque_publication_garde_sa_version_avec_son_contenu(
    fiche_revisee, auteur, moderateur_nord
):
    liste = list(fiche_revisee.versions_publiees.order_by("numero"))
    assert [v.numero for v in liste] == [1, 2, 3]
    assert [v.publiee_par for v in liste] == [moderateur_nord] * 3
    assert [v.auteur for v in liste] == [auteur] * 3
    assert liste[0].contenu["champs"]["description"] == DESCRIPTION_1
    assert liste[0].contenu["champs"]["thematiques"] == ["parentalite_familles"]
    assert liste[1].contenu["champs"]["description"] == DESCRIPTION_2
    assert liste[2].contenu["champs"]["titre"] == "Un café des familles animé par les parents"
    assert liste[2].contenu["champs"]["territoires"] == ["commune:59350", "commune:59512"]
    # The latest version is what the fiche shows.
    assert liste[2].contenu == versions.instantane(fiche_revisee)


def test_une_version_garde_les_libelles_de_sa_publication(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    Thematique.objects.filter(code="parentalite_familles").update(libelle="Un autre libellé")
    version = fiche.versions_publiees.get()
    assert version.contenu["libelles"]["thematiques"] == {
        "parentalite_familles": "Parentalité, soutien aux familles"
    }
    assert version.contenu["libelles"]["territoires"] == {"commune:59350": "Lille (59350)"}
    assert version.contenu["libelles"]["partenaires"] == {"caf": "Caisse d'allocations familiales"}
    assert versions.lisible(version.contenu, "thematiques") == ["Parentalité, soutien aux familles"]
    assert versions.lisible(version.contenu, "echelle") == "Quartier"
    assert versions.lisible(version.contenu, "date_debut") == "01/09/2019"


def test_une_revision_refusee_ou_en_cours_ne_cree_pas_de_version(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    services.enregistrer(
        fiche, par=auteur, contenu=contenu_complet(titre="Brouillon"), version=fiche.version
    )
    services.soumettre(fiche, par=auteur, donnees_personnelles_relues=True)
    services.refuser(fiche, par=moderateur_nord, motif="autre", message="Non.")
    assert fiche.versions_publiees.count() == 1
    assert fiche.versions_publiees.get().contenu["champs"]["titre"] != "Brouillon"


def test_un_import_republie_ne_cree_une_version_que_si_le_contenu_change(publier):
    fiche = publier()
    assert fiche.versions_publiees.count() == 1
    services.importer(contenu=contenu_complet(), source="tests", identifiant="0", publier=True)
    assert fiche.versions_publiees.count() == 1
    services.importer(
        contenu=contenu_complet(resume="Un autre résumé."),
        source="tests",
        identifiant="0",
        publier=True,
    )
    assert [v.numero for v in fiche.versions_publiees.order_by("numero")] == [1, 2]


# --- Differences ----------------------------------------------------------------------


def test_les_differences_mot_a_mot_redonnent_les_deux_textes():
    segments = comparaison.mots(DESCRIPTION_1, DESCRIPTION_2)
    assert "".join(t for s, t in segments if s != "ajoute") == DESCRIPTION_1
    assert "".join(t for s, t in segments if s != "supprime") == DESCRIPTION_2
    assert ("supprime", "semaine ") in segments
    assert ("ajoute", "mois ") in segments
    assert ("ajoute", "ensemble ") in segments
    assert comparaison.mots("", "Un texte.") == [("ajoute", "Un texte.")]
    assert comparaison.mots("Pareil.", "Pareil.") == [("egal", "Pareil.")]


def test_les_differences_entre_deux_versions_champ_par_champ(fiche_revisee):
    v1, v2, v3 = fiche_revisee.versions_publiees.order_by("numero")
    entre_1_et_2 = {d.champ: d for d in comparaison.comparer(v1.contenu, v2.contenu)}
    assert set(entre_1_et_2) == {"description", "thematiques"}  # never the contact address
    assert entre_1_et_2["description"].sorte == "texte"
    assert entre_1_et_2["description"].libelle == "Description et déroulement"
    assert entre_1_et_2["thematiques"].ajoutes == ["Accès aux droits"]
    assert entre_1_et_2["thematiques"].retires == []

    entre_2_et_3 = {d.champ: d for d in comparaison.comparer(v2.contenu, v3.contenu)}
    assert set(entre_2_et_3) == {"titre", "thematiques", "territoires"}
    assert entre_2_et_3["titre"].sorte == "valeur"
    assert entre_2_et_3["titre"].avant == "Des parents qui animent un café des familles"
    assert entre_2_et_3["titre"].apres == "Un café des familles animé par les parents"
    assert entre_2_et_3["thematiques"].retires == ["Parentalité, soutien aux familles"]
    assert entre_2_et_3["territoires"].ajoutes == ["Roubaix (59512)"]

    # Any two, in either direction; the history page also compares the contact address.
    entre_3_et_1 = {d.champ for d in comparaison.comparer(v3.contenu, v1.contenu, public=False)}
    assert entre_3_et_1 == {"titre", "description", "thematiques", "territoires", "contact_email"}
    assert comparaison.comparer(v2.contenu, v2.contenu) == []


# --- Public pages ---------------------------------------------------------------------


def test_la_fiche_propose_ses_versions_precedentes(client, fiche_revisee):
    html = client.get(f"/pratiques/fiche/{fiche_revisee.slug}/").content.decode()
    assert (
        f'href="/pratiques/fiche/{fiche_revisee.slug}/versions/">Versions précédentes (2)' in html
    )


def test_une_fiche_publiee_une_seule_fois_n_a_pas_de_lien_vers_ses_versions(
    client, geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    assert (
        "Versions précédentes" not in client.get(f"/pratiques/fiche/{fiche.slug}/").content.decode()
    )


def test_la_page_des_versions_compare_par_defaut_les_deux_dernieres(client, fiche_revisee):
    reponse = client.get(f"/pratiques/fiche/{fiche_revisee.slug}/versions/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    for numero in (1, 2, 3):
        assert f'href="/pratiques/fiche/{fiche_revisee.slug}/versions/{numero}/"' in html
    assert "De la version 2" in html and "à la version 3" in html
    assert (
        '<del><span class="fr-sr-only">supprimé&nbsp;: </span>'
        "Parentalité, soutien aux familles</del>" in html
    )
    assert '<ins><span class="fr-sr-only">ajouté&nbsp;: </span>Roubaix (59512)</ins>' in html
    assert "centre-social.example.fr" not in html


def test_la_page_des_versions_compare_deux_versions_choisies(client, fiche_revisee):
    html = client.get(
        f"/pratiques/fiche/{fiche_revisee.slug}/versions/", {"de": "1", "a": "2"}
    ).content.decode()
    assert "De la version 1" in html and "à la version 2" in html
    assert '<del><span class="fr-sr-only">[supprimé&nbsp;: </span>semaine <span' in html
    assert '<ins><span class="fr-sr-only">[ajouté&nbsp;: </span>mois <span' in html
    assert "nouveau@centre-social" not in html


@pytest.mark.parametrize("parametres", [{"de": "9"}, {"a": "deux"}, {"de": "-1", "a": "1"}])
def test_un_numero_de_version_inconnu_est_explique(client, fiche_revisee, parametres):
    reponse = client.get(f"/pratiques/fiche/{fiche_revisee.slug}/versions/", parametres)
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "Cette fiche n’a pas de version portant ce numéro" in html
    assert "De la version 2" in html


def test_une_ancienne_version_se_lit_telle_qu_elle_etait(client, fiche_revisee):
    reponse = client.get(f"/pratiques/fiche/{fiche_revisee.slug}/versions/1/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Version 1 du" in html and "voir la version actuelle" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Des parents qui animent un café des familles" in html
    assert DESCRIPTION_1 in html
    assert "Lille (59350)" in html and "Roubaix" not in html
    assert "centre-social.example.fr" not in html
    assert client.get(f"/pratiques/fiche/{fiche_revisee.slug}/versions/4/").status_code == 404


def test_les_versions_d_une_fiche_archivee_ne_sont_plus_publiques(
    client, fiche_revisee, moderateur_nord
):
    services.archiver(fiche_revisee, par=moderateur_nord)
    assert client.get(f"/pratiques/fiche/{fiche_revisee.slug}/versions/").status_code == 404
    assert client.get(f"/pratiques/fiche/{fiche_revisee.slug}/versions/1/").status_code == 404
    assert client.get(f"/api/v1/pratiques/{fiche_revisee.slug}/versions/").status_code == 404
    assert client.get(f"/api/v1/pratiques/{fiche_revisee.slug}/versions/1/").status_code == 404
    # Kept all the same: nothing is lost.
    assert fiche_revisee.versions_publiees.count() == 3


def test_l_historique_montre_les_versions_et_leurs_differences(client, fiche_revisee, auteur):
    client.force_login(auteur)
    html = client.get(
        f"/pratiques/{fiche_revisee.pk}/historique/", {"de": "1", "a": "2"}
    ).content.decode()
    assert "Versions publiées" in html
    assert "De la version 1" in html
    # The author sees the change of contact address, which the public never does.
    assert "nouveau@centre-social.example.fr" in html
    autre = UtilisateurFactory()
    client.force_login(autre)
    assert client.get(f"/pratiques/{fiche_revisee.pk}/historique/").status_code == 403


# --- API ------------------------------------------------------------------------------


def test_l_api_donne_la_liste_des_versions_et_leur_contenu(client, fiche_revisee):
    reponse = client.get(f"/api/v1/pratiques/{fiche_revisee.slug}/versions/")
    assert reponse.status_code == 200
    donnees = reponse.json()
    assert donnees["count"] == 3
    assert [v["numero"] for v in donnees["results"]] == [3, 2, 1]
    assert donnees["results"][2]["url"].endswith(
        f"/api/v1/pratiques/{fiche_revisee.slug}/versions/1/"
    )
    version = client.get(donnees["results"][2]["url"]).json()
    assert version["numero"] == 1
    assert version["contenu"]["description"] == DESCRIPTION_1
    assert "contact_email" not in version["contenu"]
    assert version["libelles"]["thematiques"] == {
        "parentalite_familles": "Parentalité, soutien aux familles"
    }


@pytest.mark.parametrize(
    "chemin", ["inconnue/versions/", "{slug}/versions/4/", "{slug}/versions/99999999999999999999/"]
)
def test_l_api_repond_404_pour_une_fiche_ou_une_version_inconnue(client, fiche_revisee, chemin):
    reponse = client.get("/api/v1/pratiques/" + chemin.format(slug=fiche_revisee.slug))
    assert reponse.status_code == 404
    assert reponse.json()["code"] == "not_found"


def test_une_fiche_jamais_publiee_n_a_pas_de_versions(client, geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    assert client.get(f"/api/v1/pratiques/{fiche.slug}/versions/").status_code == 404
    assert client.get(f"/pratiques/fiche/{fiche.slug}/versions/").status_code == 404


# --- Migration ------------------------------------------------------------------------


def test_la_migration_cree_la_version_courante_des_fiches_deja_publiees(fiche_revisee, publier):
    importee = publier()
    VersionPubliee.objects.all().delete()
    migration = importlib.import_module("pratiques.migrations.0020_versions_publiees")
    migration.premieres_versions(apps, None)
    migration.premieres_versions(apps, None)  # idempotent
    # Numbered after the publications the fiche had: three for the revised one.
    version = fiche_revisee.versions_publiees.get()
    assert version.numero == 3
    assert version.contenu == versions.instantane(fiche_revisee)
    assert importee.versions_publiees.get().numero == 1
