import pytest

from comptes.models import Utilisateur
from imports import services
from imports.models import Import, LigneImport
from pratiques import services as pratiques_services
from pratiques.models import Etat, EvenementModeration, Fiche, Revision
from tests.comptes.factories import UtilisateurFactory
from tests.imports.outils import fichier_csv, fichier_json, ligne_valide

pytestmark = pytest.mark.django_db
Action = LigneImport.Action


def erreurs(import_, rang=1):
    return import_.lignes.get(rang=rang).erreurs


def test_un_fichier_valide_cree_des_fiches_soumises_a_la_moderation_du_departement(importer, geo):
    import_ = importer(fichier_csv([ligne_valide("A"), ligne_valide("B")]))

    assert import_.etat == Import.Etat.TERMINE
    assert (import_.creees, import_.rejetees, import_.dernier_rang_traite) == (2, 0, 2)
    fiches = Fiche.objects.filter(identifiant_externe__in=["A", "B"])
    assert {f.etat for f in fiches} == {Etat.SOUMISE}
    assert {f.departement_moderation_id for f in fiches} == {geo.nord.pk}
    evenement = EvenementModeration.objects.filter(fiche=fiches[0]).get()
    assert evenement.etat_apres == Etat.SOUMISE
    assert "soumise à la modération" in evenement.message


def test_une_organisation_de_confiance_publie_et_le_journal_le_dit(importer, organisation):
    organisation.de_confiance = True
    organisation.save()

    importer(fichier_csv([ligne_valide("A")]))

    fiche = Fiche.objects.get(identifiant_externe="A")
    assert fiche.etat == Etat.PUBLIEE
    evenement = fiche.evenements.get()
    assert evenement.etat_apres == Etat.PUBLIEE
    assert "organisation de confiance" in evenement.message


def test_la_simulation_n_ecrit_aucune_fiche_et_dit_ce_qui_serait_fait(importer):
    import_ = importer(
        fichier_csv([ligne_valide("A"), ligne_valide("B", titre="")]), simulation=True
    )

    assert import_.etat == Import.Etat.VALIDE
    assert not Fiche.objects.exists()
    assert (import_.creees, import_.rejetees) == (1, 1)
    assert import_.lignes.get(rang=1).action == Action.CREEE


def test_executer_apres_la_simulation_ecrit_les_fiches(importer):
    import_ = importer(fichier_csv([ligne_valide("A")]), simulation=True)

    services.executer(import_)
    services.traiter(import_.pk)

    import_.refresh_from_db()
    assert import_.etat == Import.Etat.TERMINE
    assert import_.creees == 1
    assert Fiche.objects.filter(identifiant_externe="A").count() == 1


def test_reimporter_le_meme_fichier_ne_change_rien(importer):
    lignes = [
        ligne_valide("A"),
        ligne_valide("B", territoires_references="commune:59350 | commune:59512"),
    ]
    importer(fichier_csv(lignes))
    avant = {f.pk: (f.version, f.modifiee_le, f.etat) for f in Fiche.objects.all()}
    evenements = EvenementModeration.objects.count()

    second = importer(fichier_csv(lignes))

    assert (second.creees, second.modifiees, second.inchangees) == (0, 0, 2)
    assert {f.pk: (f.version, f.modifiee_le, f.etat) for f in Fiche.objects.all()} == avant
    assert EvenementModeration.objects.count() == evenements


def test_une_ligne_modifiee_d_une_fiche_publiee_devient_une_revision_soumise(importer):
    importer(fichier_csv([ligne_valide("A")]))
    fiche = Fiche.objects.get()
    admin = UtilisateurFactory(role=Utilisateur.Role.ADMIN_NATIONAL)
    pratiques_services.publier(fiche, par=admin)

    second = importer(fichier_csv([ligne_valide("A", resume="Un résumé revu par le partenaire.")]))

    assert second.modifiees == 1
    ligne = second.lignes.get()
    assert (ligne.action, ligne.revision) == (Action.MODIFIEE, True)
    fiche.refresh_from_db()
    assert fiche.etat == Etat.PUBLIEE
    assert fiche.resume != "Un résumé revu par le partenaire."
    revision = Revision.objects.get(fiche=fiche)
    assert revision.etat == Etat.SOUMISE
    assert revision.contenu["resume"] == "Un résumé revu par le partenaire."
    # Imported again, the same change is no change.
    troisieme = importer(
        fichier_csv([ligne_valide("A", resume="Un résumé revu par le partenaire.")])
    )
    assert troisieme.inchangees == 1


@pytest.mark.parametrize(
    ("cellules", "colonne", "message"),
    [
        ({"thematiques_codes": "parentalite_familles | inconnue"}, "thematiques_codes",
         "Code inconnu «\u00a0inconnue\u00a0»"),
        ({"echelle_code": "galaxie"}, "echelle_code", "Code inconnu «\u00a0galaxie\u00a0»"),
        ({"partenaires_types": "pas_un_type"}, "partenaires_types", "Code inconnu"),
        ({"territoires_references": "commune:99999"}, "territoires_references",
         "Territoire inconnu «\u00a0commune:99999\u00a0»"),
        ({"territoires_references": "Atlantide"}, "territoires_references",
         "Territoire inconnu «\u00a0Atlantide\u00a0»"),
        ({"resume": ""}, "resume", "Champ obligatoire manquant\u00a0: résumé."),
        ({"identifiant_externe": ""}, "identifiant_externe", "Champ obligatoire manquant"),
        ({"titre": "t" * 201}, "titre", "au plus 200 caractères"),
        ({"date_debut": "hier"}, "date_debut", "Date invalide"),
        ({"description": "Mme Durand, née le 12/03/1985, y participe."}, "description",
         "Donnée personnelle probable"),
        ({"partenaires_roles": "Appeler le 06 12 34 56 78"}, "partenaires_roles",
         "Donnée personnelle probable"),
    ],
)  # fmt: skip
def test_chaque_erreur_nomme_sa_colonne_en_francais(importer, cellules, colonne, message):
    import_ = importer(fichier_csv([ligne_valide("A", **cellules)]))

    assert import_.rejetees == 1
    assert not Fiche.objects.exists()
    problemes = erreurs(import_)
    assert any(p["colonne"] == colonne and message in p["message"] for p in problemes), problemes


def test_un_territoire_ambigu_est_rejete_avec_les_candidats(importer, geo):
    from tests.pratiques.factories import territoire

    territoire("commune", "62999", "Lille", geo.cu_arras)

    import_ = importer(fichier_csv([ligne_valide("A", territoires_references="Lille")]))

    (probleme,) = erreurs(import_)
    assert probleme["colonne"] == "territoires_references"
    assert "Territoire ambigu «\u00a0Lille\u00a0»" in probleme["message"]
    assert "commune:59350" in probleme["message"]


def test_un_doublon_d_identifiant_est_rejete_en_nommant_la_premiere_ligne(importer):
    import_ = importer(fichier_csv([ligne_valide("A"), ligne_valide("B"), ligne_valide("A")]))

    assert (import_.creees, import_.rejetees) == (2, 1)
    (probleme,) = erreurs(import_, rang=3)
    assert probleme == {
        "colonne": "identifiant_externe",
        "message": "Doublon\u00a0: l’identifiant «\u00a0A\u00a0» figure déjà à la ligne 1\u00a0; "
        "cette ligne est ignorée.",
    }


def test_les_codes_perimes_sont_remplaces_par_leur_successeur_avec_un_avertissement(importer, geo):
    lignes = [
        ligne_valide("A", territoires_references="commune:59355"),  # Lomme, associée à Lille
        ligne_valide("B", territoires_references="region:31", echelle_code="region"),
    ]

    import_ = importer(fichier_csv(lignes))

    assert (import_.creees, import_.avertissements) == (2, 1 + 1)
    assert [t.reference for t in Fiche.objects.get(identifiant_externe="A").territoires.all()] == [
        "commune:59350"
    ]
    assert [t.reference for t in Fiche.objects.get(identifiant_externe="B").territoires.all()] == [
        "region:32"
    ]
    (avertissement,) = import_.lignes.get(rang=2).avertissements
    assert avertissement["colonne"] == "territoires_references"
    assert "Code périmé «\u00a0region:31\u00a0»" in avertissement["message"]
    assert "region:32" in avertissement["message"]


def test_un_json_et_un_csv_a_virgules_se_lisent_comme_un_csv(importer):
    premier = importer(fichier_json([{**ligne_valide("A"), "publics_codes": ["parents"]}]))
    second = importer(fichier_csv([ligne_valide("B")], separateur=","))

    assert (premier.creees, second.creees) == (1, 1)


def test_un_fichier_illisible_fait_echouer_l_import_avec_un_message(importer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    import_ = importer(SimpleUploadedFile("p.csv", "titre;résumé\nA;B\n".encode("latin-1")))

    assert import_.etat == Import.Etat.ECHOUE
    assert "UTF-8" in import_.erreur


def test_trop_de_lignes_est_refuse_clairement(importer, settings):
    settings.IMPORTS_LIGNES_MAX = 2

    import_ = importer(fichier_csv([ligne_valide("A"), ligne_valide("B"), ligne_valide("C")]))

    assert import_.etat == Import.Etat.ECHOUE
    assert import_.erreur.startswith("Le fichier compte 3 lignes\u00a0: 2 au plus par import.")


def test_le_rapport_d_erreurs_liste_chaque_probleme(importer):
    import_ = importer(fichier_csv([ligne_valide("A", echelle_code="galaxie"), ligne_valide("B")]))

    rapport = services.rapport_csv(import_).lstrip("\ufeff").splitlines()

    assert rapport[0] == "ligne;identifiant_externe;titre;resultat;gravite;colonne;message"
    assert len(rapport) == 2
    assert rapport[1].startswith(
        "1;A;Un café des familles A;Rejetée;erreur;echelle_code;Code inconnu"
    )


def test_la_fin_d_un_import_va_aux_webhooks_de_son_organisation_seulement(importer, organisation):
    from tests.webhooks.factories import point
    from webhooks.evenements import IMPORT_TERMINE
    from webhooks.models import Livraison

    sien = point(
        "http://127.0.0.1:9/imports", organisation=organisation, evenements=[IMPORT_TERMINE]
    )
    autre = point("http://127.0.0.1:9/autres", evenements=[IMPORT_TERMINE])

    simulation = importer(fichier_csv([ligne_valide("A")]), simulation=True)
    assert not Livraison.objects.exists()  # a dry run tells nobody

    import_ = importer(fichier_csv([ligne_valide("A"), ligne_valide("B", titre="")]))
    (livraison,) = Livraison.objects.all()
    assert livraison.point == sien and livraison.point != autre
    assert livraison.evenement == IMPORT_TERMINE
    assert livraison.donnees["id"] == import_.pk != simulation.pk
    assert livraison.donnees["etat"] == Import.Etat.TERMINE
    assert (livraison.donnees["creees"], livraison.donnees["rejetees"]) == (1, 1)
