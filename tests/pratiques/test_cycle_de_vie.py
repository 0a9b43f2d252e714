"""The life of a fiche (docs/domaine.md §7): every transition, by every role, and the refusals."""

import pytest

from comptes.models import Utilisateur
from core.models import EmailSortant
from pratiques import contenu as contenus
from pratiques import services
from pratiques.models import Etat, EvenementModeration, Fiche
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import contenu_complet, fiche_publiee, fiche_soumise

pytestmark = pytest.mark.django_db


def etat_et_evenements(fiche):
    fiche.refresh_from_db()
    return fiche.etat, fiche.evenements.count()


# --- Writing and submitting -----------------------------------------------------------


def test_un_brouillon_incomplet_s_enregistre_mais_ne_se_soumet_pas(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Idée à creuser"})
    assert fiche.etat == Etat.BROUILLON
    assert fiche.slug == "idee-a-creuser"
    with pytest.raises(services.EtatIncompatible) as erreur:
        services.soumettre(fiche, par=auteur)
    assert "Résumé" in str(erreur.value) and "Thématiques" in str(erreur.value)
    assert etat_et_evenements(fiche) == (Etat.BROUILLON, 1)


def test_l_auteur_soumet_sa_fiche_et_la_soumission_est_journalisee(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    services.soumettre(fiche, par=auteur)
    fiche.refresh_from_db()
    assert fiche.etat == Etat.SOUMISE and fiche.soumise_le is not None
    evenement = fiche.evenements.last()
    assert (evenement.acteur, evenement.etat_avant, evenement.etat_apres) == (
        auteur,
        Etat.BROUILLON,
        Etat.SOUMISE,
    )


def test_le_contenu_ecrit_est_relu_a_l_identique(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    relu = contenus.extraire(Fiche.objects.get(pk=fiche.pk))
    attendu = contenus.normaliser(contenu_complet())
    assert relu == attendu


def test_personne_d_autre_que_l_auteur_ne_modifie_ni_ne_soumet_la_fiche(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    autre = UtilisateurFactory()
    with pytest.raises(services.TransitionInterdite):
        services.enregistrer(fiche, par=autre, contenu=contenu_complet(titre="X"), version=1)
    with pytest.raises(services.TransitionInterdite):
        services.soumettre(fiche, par=autre)
    fiche.refresh_from_db()
    assert fiche.titre == contenu_complet()["titre"] and fiche.etat == Etat.BROUILLON


# --- Moderation département ----------------------------------------------------------


@pytest.mark.parametrize(
    ("references", "attendu"),
    [
        (["commune:59350"], "59"),
        (["epci:200093201"], "59"),
        (["departement:62"], "62"),
        (["commune:59350", "commune:59512"], "59"),
        (["commune:59350", "commune:62041"], None),
        (["region:32"], None),
        (["pays:FR"], None),
        (["pays:BE"], None),
    ],
)
def test_le_departement_de_moderation_vient_des_territoires(geo, auteur, references, attendu):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet(territoires=references))
    departement = fiche.departement_moderation
    assert (departement.code if departement else None) == attendu


# --- Who moderates --------------------------------------------------------------------


def test_le_moderateur_du_nord_publie_une_fiche_du_nord(geo, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur)
    services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    fiche.refresh_from_db()
    assert fiche.etat == Etat.PUBLIEE and fiche.publiee_le is not None
    assert list(Fiche.objects.publiees()) == [fiche]


@pytest.mark.parametrize(
    "action",
    [
        lambda f, u: services.publier(f, par=u, confirme_donnees_personnelles=True),
        lambda f, u: services.refuser(f, par=u, motif="hors_champ", message="Non."),
        lambda f, u: services.demander_modifications(f, par=u, motif="autre", message="Non."),
    ],
    ids=["publier", "refuser", "demander_modifications"],
)
def test_un_moderateur_du_pas_de_calais_ne_peut_pas_moderer_une_fiche_du_nord(
    geo, auteur, moderateur_pas_de_calais, action
):
    fiche = fiche_soumise(auteur)
    avant = etat_et_evenements(fiche)
    with pytest.raises(services.TransitionInterdite) as erreur:
        action(fiche, moderateur_pas_de_calais)
    assert erreur.value.statut_http == 403
    assert etat_et_evenements(fiche) == avant == (Etat.SOUMISE, 2)


def test_un_contributeur_ne_publie_pas_sa_propre_fiche(geo, auteur):
    fiche = fiche_soumise(auteur)
    with pytest.raises(services.TransitionInterdite):
        services.publier(fiche, par=auteur, confirme_donnees_personnelles=True)
    assert etat_et_evenements(fiche)[0] == Etat.SOUMISE


def test_un_moderateur_ne_modere_pas_sa_propre_fiche(geo, moderateur_nord):
    fiche = fiche_soumise(moderateur_nord)
    with pytest.raises(services.TransitionInterdite):
        services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)


def test_une_fiche_nationale_revient_aux_administrateurs_nationaux(
    geo, auteur, moderateur_nord, admin_national
):
    fiche = fiche_soumise(auteur, territoires=["commune:59350", "commune:62041"])
    with pytest.raises(services.TransitionInterdite):
        services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    services.publier(fiche, par=admin_national, confirme_donnees_personnelles=True)
    assert etat_et_evenements(fiche)[0] == Etat.PUBLIEE


def test_la_file_de_moderation_ne_montre_que_les_departements_du_moderateur(
    geo, auteur, moderateur_nord, moderateur_pas_de_calais, admin_national
):
    du_nord = fiche_soumise(auteur)
    du_pas_de_calais = fiche_soumise(auteur, territoires=["commune:62041"])
    nationale = fiche_soumise(auteur, territoires=["region:32"])
    file = Fiche.objects.en_attente_de_moderation()
    assert set(file.moderables_par(moderateur_nord)) == {du_nord}
    assert set(file.moderables_par(moderateur_pas_de_calais)) == {du_pas_de_calais}
    assert set(file.moderables_par(admin_national)) == {du_nord, du_pas_de_calais, nationale}
    assert not file.moderables_par(auteur).exists()


# --- Decisions ------------------------------------------------------------------------


def test_une_demande_de_modifications_exige_un_motif_et_un_message(geo, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur)
    with pytest.raises(services.EtatIncompatible):
        services.demander_modifications(fiche, par=moderateur_nord, motif="", message="Précisez")
    with pytest.raises(services.EtatIncompatible):
        services.demander_modifications(fiche, par=moderateur_nord, motif="incomplete", message=" ")
    assert etat_et_evenements(fiche)[0] == Etat.SOUMISE


def test_l_auteur_repond_a_une_demande_de_modifications_puis_la_fiche_est_publiee(
    geo, auteur, moderateur_nord
):
    fiche = fiche_soumise(auteur)
    services.demander_modifications(
        fiche, par=moderateur_nord, motif="incomplete", message="Décrivez les étapes."
    )
    fiche.refresh_from_db()
    assert fiche.etat == Etat.MODIFICATIONS_DEMANDEES
    evenement = fiche.evenements.last()
    assert (evenement.motif, evenement.message) == ("incomplete", "Décrivez les étapes.")

    nouveau = contenu_complet(description="1. Diagnostic partagé. 2. Premier café.")
    services.enregistrer(fiche, par=auteur, contenu=nouveau, version=fiche.version)
    services.soumettre(fiche, par=auteur)
    services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    fiche.refresh_from_db()
    assert fiche.etat == Etat.PUBLIEE
    assert fiche.description.startswith("1. Diagnostic partagé.")
    assert [e.etat_apres for e in fiche.evenements.all()] == [
        Etat.BROUILLON,
        Etat.SOUMISE,
        Etat.MODIFICATIONS_DEMANDEES,
        Etat.SOUMISE,
        Etat.PUBLIEE,
    ]


def test_une_fiche_refusee_ne_peut_plus_etre_modifiee(geo, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur)
    services.refuser(fiche, par=moderateur_nord, motif="hors_champ", message="Hors champ.")
    fiche.refresh_from_db()
    assert fiche.etat == Etat.REFUSEE
    with pytest.raises(services.EtatIncompatible):
        services.enregistrer(fiche, par=auteur, contenu=contenu_complet(), version=fiche.version)
    with pytest.raises(services.EtatIncompatible):
        services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)


def test_on_ne_publie_pas_un_brouillon(geo, auteur, moderateur_nord):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    with pytest.raises(services.EtatIncompatible) as erreur:
        services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    assert erreur.value.statut_http == 409


def test_le_moderateur_archive_une_fiche_publiee_mais_pas_l_auteur(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    with pytest.raises(services.TransitionInterdite):
        services.archiver(fiche, par=auteur)
    services.archiver(fiche, par=moderateur_nord, message="Action terminée depuis 2020.")
    fiche.refresh_from_db()
    assert fiche.etat == Etat.ARCHIVEE
    assert not Fiche.objects.publiees().exists()
    with pytest.raises(services.EtatIncompatible):
        services.archiver(fiche, par=moderateur_nord)


# --- Revisions of a published fiche ---------------------------------------------------


def test_modifier_une_fiche_publiee_cree_une_revision_et_laisse_la_version_publiee_en_ligne(
    geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    ancien_titre = fiche.titre
    revision = services.enregistrer(
        fiche,
        par=auteur,
        contenu=contenu_complet(titre="Café des familles : trois ans après"),
        version=fiche.version,
    )
    assert revision.etat == Etat.BROUILLON
    fiche.refresh_from_db()
    assert fiche.etat == Etat.PUBLIEE and fiche.titre == ancien_titre
    assert Fiche.objects.publiees().get().titre == ancien_titre

    services.soumettre(fiche, par=auteur)
    assert list(Fiche.objects.en_attente_de_moderation().moderables_par(moderateur_nord)) == [fiche]
    changements = contenus.differences(contenus.extraire(fiche), revision.contenu)
    assert [(c["libelle"], c["avant"], c["apres"]) for c in changements] == [
        ("Titre", ancien_titre, "Café des familles : trois ans après")
    ]
    # Still online while the revision waits.
    assert Fiche.objects.publiees().get().titre == ancien_titre

    services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    fiche.refresh_from_db()
    revision.refresh_from_db()
    assert fiche.titre == "Café des familles : trois ans après"
    assert fiche.etat == Etat.PUBLIEE and revision.etat == Etat.PUBLIEE
    assert fiche.revision_ouverte() is None


def test_une_revision_refusee_laisse_la_fiche_publiee_intacte(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    services.enregistrer(
        fiche,
        par=auteur,
        contenu=contenu_complet(titre="Titre publicitaire"),
        version=fiche.version,
    )
    services.soumettre(fiche, par=auteur)
    services.refuser(fiche, par=moderateur_nord, motif="promotionnel", message="Non.")
    fiche.refresh_from_db()
    assert fiche.etat == Etat.PUBLIEE and fiche.titre == contenu_complet()["titre"]
    assert fiche.revisions.get().etat == Etat.REFUSEE
    # The author may start a new revision afterwards.
    nouvelle = services.enregistrer(
        fiche, par=auteur, contenu=contenu_complet(titre="Autre titre"), version=fiche.version
    )
    assert nouvelle.etat == Etat.BROUILLON


def test_une_revision_soumise_ne_peut_plus_etre_modifiee_avant_la_decision(
    geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    revision = services.enregistrer(
        fiche, par=auteur, contenu=contenu_complet(titre="Nouveau"), version=fiche.version
    )
    services.soumettre(fiche, par=auteur)
    with pytest.raises(services.EtatIncompatible):
        services.enregistrer(
            fiche, par=auteur, contenu=contenu_complet(titre="Encore"), version=revision.version
        )


# --- Optimistic locking ---------------------------------------------------------------


def test_deux_personnes_modifient_la_meme_fiche_la_seconde_est_refusee(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    version_ouverte = fiche.version  # both opened the form at this version
    services.enregistrer(
        fiche, par=auteur, contenu=contenu_complet(titre="Première"), version=version_ouverte
    )
    with pytest.raises(services.ConflitDeVersion) as erreur:
        services.enregistrer(
            fiche, par=auteur, contenu=contenu_complet(titre="Seconde"), version=version_ouverte
        )
    assert "modifiée par ailleurs" in str(erreur.value)
    assert erreur.value.statut_http == 409
    fiche.refresh_from_db()
    assert fiche.titre == "Première"


def test_le_verrou_optimiste_protege_aussi_les_revisions(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    revision = services.enregistrer(
        fiche, par=auteur, contenu=contenu_complet(titre="A"), version=fiche.version
    )
    services.enregistrer(
        fiche, par=auteur, contenu=contenu_complet(titre="B"), version=revision.version
    )
    with pytest.raises(services.ConflitDeVersion):
        services.enregistrer(
            fiche, par=auteur, contenu=contenu_complet(titre="C"), version=revision.version
        )
    revision.refresh_from_db()
    assert revision.contenu["titre"] == "B"


# --- Personal-data guard --------------------------------------------------------------


def test_publier_une_fiche_signalee_exige_une_confirmation_journalisee(
    geo, auteur, moderateur_nord
):
    fiche = fiche_soumise(
        auteur, description="Nous avons accompagné Mme Dupont, joignable au 06 12 34 56 78."
    )
    signalements = services.signalements_de(fiche)
    assert {s.type for s in signalements} == {"civilite_nom", "telephone"}
    with pytest.raises(services.DonneesPersonnellesAConfirmer) as erreur:
        services.publier(fiche, par=moderateur_nord)
    assert len(erreur.value.signalements) == 2
    assert etat_et_evenements(fiche) == (Etat.SOUMISE, 2)

    services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    evenement = EvenementModeration.objects.filter(fiche=fiche).last()
    assert evenement.etat_apres == Etat.PUBLIEE
    assert evenement.donnees_personnelles_confirmees is True
    assert any("Mme Dupont" in s for s in evenement.signalements)


def test_l_adresse_du_bloc_contact_n_est_pas_signalee(geo, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur, contact_email="referente@ccas.example.fr")
    assert services.signalements_de(fiche) == []
    services.publier(fiche, par=moderateur_nord)
    assert (
        EvenementModeration.objects.filter(fiche=fiche).last().donnees_personnelles_confirmees
        is False
    )


# --- Notifications (through the outbox) -----------------------------------------------


def test_la_soumission_previent_les_moderateurs_du_departement_seulement(
    geo, auteur, moderateur_nord, moderateur_pas_de_calais
):
    fiche_soumise(auteur)
    courriel = EmailSortant.objects.get()
    assert courriel.destinataires == [moderateur_nord.email]
    assert courriel.sujet.startswith("Nouvelle fiche à relire")
    assert "/pratiques/moderation/" in courriel.corps_texte


def test_une_fiche_nationale_previent_les_administrateurs(geo, auteur, admin_national):
    UtilisateurFactory(role=Utilisateur.Role.MODERATEUR)  # holds no département
    fiche_soumise(auteur, territoires=["pays:BE"])
    assert [c.destinataires for c in EmailSortant.objects.all()] == [[admin_national.email]]


def test_la_decision_est_envoyee_a_l_auteur_avec_le_message(geo, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur)
    EmailSortant.objects.all().delete()
    services.demander_modifications(
        fiche, par=moderateur_nord, motif="incomplete", message="Précisez le budget."
    )
    courriel = EmailSortant.objects.get()
    assert courriel.destinataires == [auteur.email]
    assert "modifications demandées" in courriel.sujet
    assert "Précisez le budget." in courriel.corps_texte
    assert "Fiche incomplète ou trop vague" in courriel.corps_texte


def test_le_resume_hebdomadaire_liste_a_chaque_moderateur_sa_file(
    geo, auteur, moderateur_nord, moderateur_pas_de_calais, admin_national
):
    fiche_soumise(auteur, titre="Fiche du Nord")
    fiche_soumise(auteur, titre="Autre fiche du Nord")
    EmailSortant.objects.all().delete()
    assert services.envoyer_resumes_hebdomadaires() == 1
    courriel = EmailSortant.objects.get()
    assert courriel.destinataires == [moderateur_nord.email]
    assert courriel.sujet == "2 fiches en attente de relecture"
    assert "Fiche du Nord" in courriel.corps_texte and "Autre fiche du Nord" in courriel.corps_texte


def test_une_valeur_trop_longue_ou_hors_liste_est_refusee_sans_rien_ecrire(geo, auteur):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as erreur:
        services.creer_brouillon(
            auteur=auteur, contenu=contenu_complet(titre="x" * 201, echelle="galaxie")
        )
    assert set(erreur.value.message_dict) == {"titre", "echelle"}
    assert not Fiche.objects.exists()


def test_l_auteur_confirme_avoir_relu_les_donnees_personnelles_avant_de_soumettre(geo, auteur):
    fiche = services.creer_brouillon(
        auteur=auteur, contenu=contenu_complet(description="Mme Dupont est venue avec son fils.")
    )
    with pytest.raises(services.DonneesPersonnellesAConfirmer):
        services.soumettre(fiche, par=auteur)
    assert etat_et_evenements(fiche) == (Etat.BROUILLON, 1)
    services.soumettre(fiche, par=auteur, donnees_personnelles_relues=True)
    evenement = fiche.evenements.last()
    assert evenement.etat_apres == Etat.SOUMISE
    assert evenement.donnees_personnelles_confirmees is True
    assert any("Mme Dupont" in s for s in evenement.signalements)
