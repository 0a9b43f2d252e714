"""The prize's rules (docs/domaine.md §16.2), through the services: calendar,
candidatures, conflicts of interest, ranking and ties, the national round."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError

from comptes.models import Utilisateur
from core.models import EmailSortant
from pratiques.models import Fiche, IndexRecherche
from prix import regles, services
from prix.models import Candidature, Jury, Laureat, Niveau, Note
from prix.regles import Refus
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.prix.factories import deplacer, edition, grille, jure


def test_la_phase_courante_se_deduit_de_la_date(admin_national):
    e = edition(admin_national, regles.JURY_DEPARTEMENTAL)
    assert regles.phase_courante(e) == regles.JURY_DEPARTEMENTAL
    veille = e.nominations_le - datetime.timedelta(days=1)
    assert regles.phase_courante(e, veille) == regles.A_VENIR
    assert regles.phase_courante(e, e.annonce_le) == regles.ANNONCE
    assert [p["en_cours"] for p in regles.calendrier(e)] == [False, True, False, False, False]


def test_les_phases_d_une_edition_se_suivent_dans_l_ordre(admin_national):
    with pytest.raises(ValidationError, match="se suivre dans l’ordre"):
        edition(admin_national, annee=2028, tour_national_le=datetime.date(2000, 1, 1))


def test_l_annonce_tombe_pendant_le_mois_de_l_innovation(admin_national):
    with pytest.raises(ValidationError, match="pendant le mois de l’innovation"):
        edition(admin_national, mois_printemps_debut=datetime.date(2100, 1, 1))


def test_seul_un_administrateur_national_cree_une_edition(moderateur_nord):
    with pytest.raises(Refus):
        edition(moderateur_nord)


# --- Candidatures ---------------------------------------------------------------------


def test_un_moderateur_nomine_et_l_auteur_candidate_avec_une_declaration(
    edition_ouverte, jury_nord, moderateur_nord, auteur, publier, fiche_nord
):
    nominee = services.proposer(edition_ouverte, publier(titre="Autre"), par=moderateur_nord)
    assert nominee.mode == Candidature.Mode.NOMINATION
    assert nominee.jury == jury_nord
    with pytest.raises(Refus, match="quelques lignes") as refus:
        services.proposer(edition_ouverte, fiche_nord, par=auteur)
    assert refus.value.statut == 400
    spontanee = services.proposer(
        edition_ouverte, fiche_nord, par=auteur, declaration="Des parents qui décident."
    )
    assert spontanee.mode == Candidature.Mode.SPONTANEE
    with pytest.raises(Refus, match="déjà candidate"):
        services.proposer(edition_ouverte, fiche_nord, par=moderateur_nord)


def test_ni_un_inconnu_ni_un_moderateur_d_un_autre_departement_ne_proposent_une_fiche(
    edition_ouverte, jury_nord, moderateur_pas_de_calais, fiche_nord
):
    for personne in (UtilisateurFactory(), moderateur_pas_de_calais):
        with pytest.raises(Refus) as refus:
            services.proposer(edition_ouverte, fiche_nord, par=personne, declaration="x")
        assert refus.value.statut == 403
    assert not Candidature.objects.exists()


def test_on_ne_propose_une_fiche_que_pendant_les_nominations(
    edition_ouverte, jury_nord, moderateur_nord, fiche_nord
):
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    with pytest.raises(Refus, match="ne sont pas ouvertes") as refus:
        services.proposer(edition_ouverte, fiche_nord, par=moderateur_nord)
    assert refus.value.statut == 409


def test_un_departement_sans_jury_ne_participe_pas(edition_ouverte, moderateur_nord, fiche_nord):
    with pytest.raises(Refus, match="ne participe pas"):
        services.proposer(edition_ouverte, fiche_nord, par=moderateur_nord)


def test_seule_une_fiche_publiee_concourt(edition_ouverte, jury_nord, moderateur_nord, fiche_nord):
    Fiche.objects.filter(pk=fiche_nord.pk).update(etat="archivee")
    with pytest.raises(Refus, match="publiée"):
        services.proposer(edition_ouverte, fiche_nord, par=moderateur_nord)


# --- Scoring: calendar, conflicts ------------------------------------------------------


@pytest.fixture
def candidature(edition_ouverte, jury_nord, moderateur_nord, fiche_nord):
    return services.proposer(edition_ouverte, fiche_nord, par=moderateur_nord)


def test_on_ne_note_ni_avant_la_phase_du_jury_ni_apres(
    edition_ouverte, candidature, jure_nord, president_nord
):
    with pytest.raises(Refus, match="qu’à partir du") as refus:
        services.noter(jure_nord, candidature, grille(edition_ouverte, 5, 5, 5))
    assert refus.value.statut == 409
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    services.noter(jure_nord, candidature, grille(edition_ouverte, 5, 6, 7, commentaire="Bien"))
    assert Note.objects.filter(membre=jure_nord).count() == 3
    deplacer(edition_ouverte, regles.RESULTATS_DEPARTEMENTAUX)
    with pytest.raises(Refus, match="terminée"):
        services.noter(jure_nord, candidature, grille(edition_ouverte, 1, 1, 1))
    assert sorted(Note.objects.values_list("valeur", flat=True)) == [5, 6, 7]


def test_on_ne_note_plus_un_jury_clos(
    edition_ouverte, jury_nord, candidature, jure_nord, president_nord
):
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    services.clore(jury_nord, par=president_nord.utilisateur)
    with pytest.raises(Refus, match="clos") as refus:
        services.noter(jure_nord, candidature, grille(edition_ouverte, 5, 5, 5))
    assert refus.value.statut == 409
    assert not Note.objects.exists()


def test_une_note_couvre_toute_la_grille_dans_l_echelle(edition_ouverte, candidature, jure_nord):
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    notes = grille(edition_ouverte, 5, 5, 5)
    with pytest.raises(Refus, match="chacun des critères"):
        services.noter(jure_nord, candidature, dict(list(notes.items())[:2]))
    with pytest.raises(Refus, match="de 0 à 10"):
        services.noter(jure_nord, candidature, grille(edition_ouverte, 5, 11, 5))
    assert not Note.objects.exists()


def test_un_jure_ne_note_pas_la_fiche_qu_il_a_ecrite(
    edition_ouverte, jury_nord, candidature, auteur
):
    membre = jure(jury_nord, utilisateur=auteur)
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    with pytest.raises(Refus, match="auteur de cette fiche") as refus:
        services.noter(membre, candidature, grille(edition_ouverte, 9, 9, 9))
    assert refus.value.statut == 403
    assert not Note.objects.exists()


def test_un_jure_ne_note_pas_une_fiche_que_porte_son_organisation(
    edition_ouverte, jury_nord, candidature, auteur
):
    caf = OrganisationFactory(nom="CAF du Nord")
    auteur.organisation = caf
    auteur.save()
    collegue = jure(jury_nord, organisation=caf)
    centre = OrganisationFactory(nom="Centre social de Fives")  # the fiche's porteur
    porteur = jure(jury_nord, organisation=centre)
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    with pytest.raises(Refus, match="au sein de votre organisation"):
        services.noter(collegue, candidature, grille(edition_ouverte, 9, 9, 9))
    with pytest.raises(Refus, match="porte cette action"):
        services.noter(porteur, candidature, grille(edition_ouverte, 9, 9, 9))
    assert not Note.objects.exists()
    assert regles.peut_noter(jure(jury_nord), candidature)


def test_un_conflit_declare_retire_les_notes_et_empeche_de_noter(
    edition_ouverte, candidature, jure_nord
):
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    services.noter(jure_nord, candidature, grille(edition_ouverte, 5, 5, 5))
    services.declarer_conflit(jure_nord, candidature, "J’ai accompagné ce projet.")
    assert not Note.objects.exists()
    with pytest.raises(Refus, match="J’ai accompagné ce projet"):
        services.noter(jure_nord, candidature, grille(edition_ouverte, 5, 5, 5))


def test_un_jure_ne_note_que_les_candidatures_de_son_jury(
    edition_ouverte, candidature, moderateur_pas_de_calais, geo
):
    autre = services.ouvrir_jury(
        edition_ouverte, par=moderateur_pas_de_calais, departement=geo.pas_de_calais
    )
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    with pytest.raises(Refus, match="pas examinée par votre jury"):
        services.noter(jure(autre), candidature, grille(edition_ouverte, 5, 5, 5))


def test_seuls_les_moderateurs_du_departement_ouvrent_son_jury(
    edition_ouverte, moderateur_pas_de_calais, geo
):
    with pytest.raises(Refus):
        services.ouvrir_jury(edition_ouverte, par=moderateur_pas_de_calais, departement=geo.nord)
    assert not Jury.objects.exists()


# --- Ranking, ties, publication, national round ---------------------------------------


@pytest.fixture
def trois_candidates(edition_ouverte, jury_nord, moderateur_nord, publier):
    return [
        services.proposer(edition_ouverte, publier(titre=titre), par=moderateur_nord)
        for titre in ("Alpha", "Bêta", "Gamma")
    ]


def _noter_tout(edition, jures, candidatures, valeurs_par_candidature):
    deplacer(edition, regles.JURY_DEPARTEMENTAL)
    for candidature, valeurs in zip(candidatures, valeurs_par_candidature, strict=True):
        for membre in jures:
            services.noter(membre, candidature, grille(edition, *valeurs))


def test_le_classement_pondere_les_criteres_et_signale_les_egalites(
    edition_ouverte, jury_nord, trois_candidates, president_nord, jure_nord
):
    alpha, beta, gamma = trois_candidates
    # weights 3, 2, 1: Alpha (10,0,0) = 5; Bêta (0,0,10) ≈ 1.667; Gamma (0,15/2…) = 5
    _noter_tout(
        edition_ouverte,
        [president_nord, jure_nord],
        trois_candidates,
        [(10, 0, 0), (0, 0, 10), (5, 5, 5)],
    )
    egalites = services.clore(jury_nord, par=president_nord.utilisateur)
    scores = dict(Candidature.objects.values_list("fiche__titre", "score"))
    assert {t: float(s) for t, s in scores.items()} == {"Alpha": 5.0, "Bêta": 1.667, "Gamma": 5.0}
    assert dict(Candidature.objects.values_list("fiche__titre", "rang")) == {
        "Alpha": 1,
        "Gamma": 1,
        "Bêta": 3,
    }
    assert [{c.pk for c in groupe} for groupe in egalites] == [{alpha.pk, gamma.pk}]
    deplacer(edition_ouverte, regles.RESULTATS_DEPARTEMENTAUX)
    with pytest.raises(Refus, match="Départagez"):
        services.publier(jury_nord, par=president_nord.utilisateur, motifs="Bravo.")
    with pytest.raises(Refus, match="Seul le président"):
        services.departager(jury_nord, par=jure_nord.utilisateur, ordre=[gamma.pk, alpha.pk])
    with pytest.raises(Refus, match="une seule fois"):
        services.departager(jury_nord, par=president_nord.utilisateur, ordre=[gamma.pk])
    services.departager(jury_nord, par=president_nord.utilisateur, ordre=[gamma.pk, alpha.pk])
    assert dict(Candidature.objects.values_list("fiche__titre", "rang")) == {
        "Gamma": 1,
        "Alpha": 2,
        "Bêta": 3,
    }
    assert services.egalites(jury_nord) == []


def test_la_publication_nomme_les_laureats_et_marque_leurs_fiches(
    edition_ouverte, jury_nord, trois_candidates, president_nord, jure_nord, admin_national
):
    _noter_tout(
        edition_ouverte,
        [president_nord, jure_nord],
        trois_candidates,
        [(9, 9, 9), (2, 2, 2), (6, 6, 6)],
    )
    services.clore(jury_nord, par=president_nord.utilisateur)
    with pytest.raises(Refus, match="à partir du"):
        services.publier(jury_nord, par=president_nord.utilisateur, motifs="Bravo.")
    deplacer(edition_ouverte, regles.RESULTATS_DEPARTEMENTAUX)
    with pytest.raises(Refus, match="mots du jury"):
        services.publier(jury_nord, par=president_nord.utilisateur, motifs=" ")
    laureats = services.publier(
        jury_nord, par=president_nord.utilisateur, motifs="Des démarches exemplaires."
    )
    assert [(lau.fiche.titre, lau.rang, lau.niveau) for lau in laureats] == [
        ("Alpha", 1, Niveau.DEPARTEMENTAL),
        ("Gamma", 2, Niveau.DEPARTEMENTAL),
    ]
    assert set(Fiche.objects.filter(laureate=True).values_list("titre", flat=True)) == {
        "Alpha",
        "Gamma",
    }
    # the index (and so the facet) follows, through the triggers
    assert set(
        IndexRecherche.objects.filter(laureate=True).values_list("fiche__titre", flat=True)
    ) == {"Alpha", "Gamma"}
    assert dict(Candidature.objects.values_list("fiche__titre", "etat")) == {
        "Alpha": "laureate",
        "Gamma": "laureate",
        "Bêta": "non_retenue",
    }
    assert laureats[0].libelle == "Lauréate du prix 2027 — Nord, 1re"


def test_le_tour_national_ne_retient_que_les_laureats_departementaux(
    edition_ouverte, jury_nord, trois_candidates, president_nord, admin_national
):
    _noter_tout(
        edition_ouverte, [president_nord], trois_candidates, [(9, 9, 9), (2, 2, 2), (6, 6, 6)]
    )
    services.clore(jury_nord, par=president_nord.utilisateur)
    deplacer(edition_ouverte, regles.RESULTATS_DEPARTEMENTAUX)
    services.publier(jury_nord, par=president_nord.utilisateur, motifs="Bravo.")
    national = services.ouvrir_jury(edition_ouverte, par=admin_national)
    assert set(national.candidatures.values_list("fiche__titre", flat=True)) == {"Alpha", "Gamma"}
    assert set(national.candidatures.values_list("mode", flat=True)) == {"laureate"}
    # the national jury scores in its own phase only, and only its candidates
    presidente = jure(national, president=True)
    alpha_nat = national.candidatures.get(fiche__titre="Alpha")
    with pytest.raises(Refus, match="qu’à partir du"):
        services.noter(presidente, alpha_nat, grille(edition_ouverte, 8, 8, 8))
    deplacer(edition_ouverte, regles.TOUR_NATIONAL)
    beta = Candidature.objects.get(fiche__titre="Bêta")
    with pytest.raises(Refus, match="pas examinée par votre jury"):
        services.noter(presidente, beta, grille(edition_ouverte, 8, 8, 8))
    services.noter(presidente, alpha_nat, grille(edition_ouverte, 8, 8, 8))
    services.noter(
        presidente,
        national.candidatures.get(fiche__titre="Gamma"),
        grille(edition_ouverte, 7, 7, 7),
    )
    services.clore(national, par=presidente.utilisateur)
    deplacer(edition_ouverte, regles.ANNONCE)
    (laureat,) = services.publier(national, par=presidente.utilisateur, motifs="Une réussite.")
    assert laureat.libelle == "Lauréate du prix 2027 — national, 1re"
    assert Laureat.objects.filter(fiche__titre="Alpha").count() == 2


def test_un_jury_ne_se_clot_pas_avant_sa_periode_et_seulement_par_son_president(
    edition_ouverte, jury_nord, president_nord, jure_nord
):
    with pytest.raises(Refus, match="avant sa période"):
        services.clore(jury_nord, par=president_nord.utilisateur)
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    with pytest.raises(Refus, match="Seul le président"):
        services.clore(jury_nord, par=jure_nord.utilisateur)
    jury_nord.refresh_from_db()
    assert jury_nord.clos_le is None


# --- Invitations ----------------------------------------------------------------------


def test_l_invitation_d_un_jure_part_par_courriel_avec_un_lien_signe(
    jury_nord, moderateur_nord, client
):
    membre = services.inviter(
        jury_nord, par=moderateur_nord, email="Externe@Exemple.fr", nom="Inès Externe"
    )
    (courriel,) = EmailSortant.objects.all()
    assert courriel.destinataires == ["externe@exemple.fr"]
    assert "Jury Nord — prix 2027" in courriel.sujet
    lien = next(m for m in courriel.corps_texte.split() if "/prix/invitation/" in m)
    # No account yet: the link offers to create one with this address.
    page = client.get(urlsplit(lien).path)
    assert page.status_code == 200
    assert "externe@exemple.fr" in page.content.decode()
    reponse = client.post(
        page.request["PATH_INFO"],
        {
            "prenom": "Inès",
            "nom": "Externe",
            "password1": "un mot de passe solide 2026",
            "password2": "un mot de passe solide 2026",
        },
    )
    assert reponse.status_code == 302
    membre.refresh_from_db()
    utilisateur = Utilisateur.objects.get(email="externe@exemple.fr")
    assert membre.utilisateur == utilisateur and membre.accepte_le is not None
    assert utilisateur.is_active


def test_un_lien_d_invitation_falsifie_est_refuse(client, db):
    assert client.get("/prix/invitation/faux-jeton/").status_code == 404


def test_seuls_ceux_qui_composent_le_jury_invitent(jury_nord, moderateur_pas_de_calais):
    with pytest.raises(Refus):
        services.inviter(jury_nord, par=moderateur_pas_de_calais, email="a@b.fr", nom="A")
    assert not EmailSortant.objects.exists()
