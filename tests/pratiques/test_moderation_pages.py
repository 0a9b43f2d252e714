"""The moderation pages over HTTP: the queue of a modérateur (only their départements,
filters with counts, a constant number of queries) and the moderation screen (what is
shown, the decision form, and every refusal: 403 out of territory, 409 when stale)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pratiques import services
from pratiques.models import Etat, EvenementModeration, Fiche, Motif
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import contenu_complet, fiche_publiee, fiche_soumise, moderateur_de

pytestmark = pytest.mark.django_db

FILE = reverse("pratiques:file_moderation")
DONNEES_PERSONNELLES = (
    "Les parents se réunissent chaque semaine. Pour s’inscrire, appeler Mme Dupont au "
    "06 12 34 56 78."
)


def moderer(fiche):
    return reverse("pratiques:moderer", args=[fiche.pk])


def fiche_du_pas_de_calais(auteur, **modifications):
    return fiche_soumise(
        auteur,
        titre=modifications.pop("titre", "Un jardin partagé à Arras"),
        territoires=["commune:62041"],
        quartier="",
        **modifications,
    )


def revision_soumise(fiche, auteur, **modifications):
    services.enregistrer(
        fiche, par=auteur, contenu=contenu_complet(**modifications), version=fiche.version
    )
    services.soumettre(fiche, par=auteur)
    fiche.refresh_from_db()
    return fiche


def soumise_il_y_a(fiche, jours):
    Fiche.objects.filter(pk=fiche.pk).update(soumise_le=timezone.now() - timedelta(days=jours))


def etat_complet(fiche):
    """What must not change when an action is refused."""
    fiche = Fiche.objects.get(pk=fiche.pk)
    return (
        fiche.etat,
        fiche.version,
        fiche.titre,
        list(fiche.revisions.values_list("etat", flat=True)),
        list(fiche.evenements.values_list("pk", flat=True)),
    )


def titres_de_la_file(reponse):
    return [ligne["fiche"].titre for ligne in reponse.context["lignes"]]


def comptes(reponse, nom):
    champ = next(c for c in reponse.context["filtres"] if c["nom"] == nom)
    return {option["valeur"]: option["nombre"] for option in champ["options"]}


# --- Who sees the queue --------------------------------------------------------------


def test_la_file_ne_montre_que_les_fiches_des_departements_du_moderateur(
    client, auteur, moderateur_nord
):
    fiche_soumise(auteur, titre="Un café des familles à Lille")
    fiche_du_pas_de_calais(auteur)
    client.force_login(moderateur_nord)

    reponse = client.get(FILE)

    assert reponse.status_code == 200
    assert titres_de_la_file(reponse) == ["Un café des familles à Lille"]
    contenu = reponse.content.decode()
    assert "Un jardin partagé à Arras" not in contenu
    assert contenu.count("<h1") == 1
    assert "<title>File de modération — Pratiques inspirantes</title>" in contenu


def test_un_administrateur_national_voit_toute_la_file(client, geo, auteur, admin_national):
    fiche_soumise(auteur, titre="Un café des familles à Lille")
    fiche_du_pas_de_calais(auteur)
    fiche_soumise(auteur, titre="Une action en Belgique", territoires=["pays:BE"])
    client.force_login(admin_national)

    reponse = client.get(FILE)

    assert sorted(titres_de_la_file(reponse)) == [
        "Un café des familles à Lille",
        "Un jardin partagé à Arras",
        "Une action en Belgique",
    ]
    assert comptes(reponse, "departement") == {"": 3, "59": 1, "62": 1, "national": 1}


def test_un_moderateur_ne_voit_pas_dans_sa_file_la_fiche_qu_il_a_ecrite(
    client, auteur, moderateur_nord
):
    fiche_soumise(moderateur_nord, titre="Ma propre fiche")
    fiche_soumise(auteur, titre="La fiche d’une autre personne")
    client.force_login(moderateur_nord)

    assert titres_de_la_file(client.get(FILE)) == ["La fiche d’une autre personne"]


def test_un_contributeur_recoit_403_sur_les_pages_de_moderation(client, auteur, geo):
    fiche = fiche_soumise(auteur)
    client.force_login(UtilisateurFactory())

    assert client.get(FILE).status_code == 403
    assert client.get(moderer(fiche)).status_code == 403
    reponse = client.post(moderer(fiche), {"decision": "publier"})
    assert reponse.status_code == 403
    assert "réservée aux modérateurs" in reponse.content.decode()
    assert Fiche.objects.get(pk=fiche.pk).etat == Etat.SOUMISE


def test_une_personne_non_connectee_est_renvoyee_vers_la_connexion(client):
    reponse = client.get(FILE)
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("comptes:connexion"))


# --- Filters and counts --------------------------------------------------------------


@pytest.fixture
def file_variee(auteur, geo):
    """A modérateur of the Nord and the Pas-de-Calais, and a queue of five."""
    moderateur = moderateur_de(geo.nord, geo.pas_de_calais, email="moderateur.hdf@exemple.fr")
    autre_moderateur = moderateur_de(geo.nord)
    recente = fiche_soumise(auteur, titre="Nord, récente")
    ancienne = fiche_soumise(auteur, titre="Nord, dix jours")
    soumise_il_y_a(ancienne, 10)
    tres_ancienne = fiche_du_pas_de_calais(auteur, titre="Pas-de-Calais, quarante jours")
    soumise_il_y_a(tres_ancienne, 40)
    modifiee = revision_soumise(
        fiche_publiee(auteur, autre_moderateur, titre="Nord, publiée"),
        auteur,
        titre="Nord, publiée, titre modifié",
    )
    pdc_recente = fiche_du_pas_de_calais(auteur, titre="Pas-de-Calais, récente")
    return moderateur, {
        "recente": recente,
        "ancienne": ancienne,
        "tres_ancienne": tres_ancienne,
        "modifiee": modifiee,
        "pdc_recente": pdc_recente,
    }


def test_la_file_se_filtre_par_etat_departement_et_anciennete_avec_les_comptes(client, file_variee):
    moderateur, _ = file_variee
    client.force_login(moderateur)

    reponse = client.get(FILE)
    assert len(reponse.context["lignes"]) == 5
    # Oldest first.
    assert titres_de_la_file(reponse)[:2] == ["Pas-de-Calais, quarante jours", "Nord, dix jours"]
    assert comptes(reponse, "etat") == {"": 5, "nouvelle": 4, "modification": 1}
    assert comptes(reponse, "departement") == {"": 5, "59": 3, "62": 2}
    assert comptes(reponse, "anciennete") == {"": 5, "7": 2, "30": 1}

    reponse = client.get(FILE, {"etat": "modification"})
    assert titres_de_la_file(reponse) == ["Nord, publiée"]

    reponse = client.get(FILE, {"departement": "62"})
    assert sorted(titres_de_la_file(reponse)) == [
        "Pas-de-Calais, quarante jours",
        "Pas-de-Calais, récente",
    ]
    # The counts of the other filters follow the active ones (facets).
    assert comptes(reponse, "etat") == {"": 2, "nouvelle": 2, "modification": 0}
    assert comptes(reponse, "anciennete") == {"": 2, "7": 1, "30": 1}
    assert comptes(reponse, "departement") == {"": 5, "59": 3, "62": 2}

    reponse = client.get(FILE, {"anciennete": "7", "departement": "59"})
    assert titres_de_la_file(reponse) == ["Nord, dix jours"]
    contenu = reponse.content.decode()
    assert '<option value="59" selected>Nord (1)</option>' in contenu
    assert '<option value="7" selected>Plus de 7 jours (1)</option>' in contenu


def test_le_filtre_fonctionne_sans_javascript(client, file_variee):
    moderateur, _ = file_variee
    client.force_login(moderateur)
    contenu = client.get(FILE).content.decode()
    assert f'<form method="get" action="{FILE}"' in contenu
    assert '<button class="fr-btn" type="submit">Filtrer</button>' in contenu
    assert "<caption>" in contenu and '<th scope="col">Soumise le</th>' in contenu


def test_on_ne_peut_pas_filtrer_sur_un_departement_que_l_on_ne_modere_pas(
    client, auteur, moderateur_nord
):
    fiche_soumise(auteur, titre="Nord")
    fiche_du_pas_de_calais(auteur)
    client.force_login(moderateur_nord)

    reponse = client.get(FILE, {"departement": "62"})

    assert reponse.status_code == 200
    assert titres_de_la_file(reponse) == ["Nord"]
    assert "Ce choix n’est pas disponible" in reponse.content.decode()


def test_la_file_affiche_date_attente_et_type(client, file_variee):
    moderateur, fiches = file_variee
    client.force_login(moderateur)
    contenu = client.get(FILE).content.decode()
    soumise = timezone.localtime(timezone.now() - timedelta(days=40))
    mois = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre",
    ]  # fmt: skip
    assert f"{soumise.day} {mois[soumise.month - 1]} {soumise.year}" in contenu
    assert "40&nbsp;jours" in contenu
    assert "Modification</p>" in contenu and "Nouvelle fiche</p>" in contenu


def test_la_file_est_paginee(client, auteur, moderateur_nord):
    for rang in range(23):
        fiche_soumise(auteur, titre=f"Fiche {rang:02d}")
    client.force_login(moderateur_nord)

    premiere = client.get(FILE)
    seconde = client.get(FILE, {"page": 2})

    assert len(premiere.context["lignes"]) == 20
    assert len(seconde.context["lignes"]) == 3
    assert "page 2 sur 2" in seconde.content.decode()


def test_la_file_fait_un_nombre_de_requetes_qui_ne_depend_pas_du_nombre_de_fiches(
    client, auteur, geo
):
    moderateur = moderateur_de(geo.nord, geo.pas_de_calais)
    autre = moderateur_de(geo.nord)
    fiche_soumise(auteur)
    fiche_du_pas_de_calais(auteur)
    client.force_login(moderateur)
    filtres = {"etat": "nouvelle", "anciennete": "7"}

    with CaptureQueriesContext(connection) as avec_deux:
        assert client.get(FILE).status_code == 200
    with CaptureQueriesContext(connection) as filtree_avec_deux:
        client.get(FILE, filtres)

    for rang in range(10):
        auteur_different = UtilisateurFactory()
        fiche_soumise(auteur_different, titre=f"Fiche {rang}")
    for rang in range(3):
        revision_soumise(
            fiche_publiee(auteur, autre, titre=f"Publiée {rang}"), auteur, titre=f"Révisée {rang}"
        )
    with CaptureQueriesContext(connection) as avec_quinze:
        reponse = client.get(FILE)
    with CaptureQueriesContext(connection) as filtree_avec_quinze:
        client.get(FILE, filtres)

    assert len(reponse.context["lignes"]) == 15
    assert len(avec_quinze) == len(avec_deux)
    assert len(filtree_avec_quinze) == len(filtree_avec_deux)
    assert len(avec_quinze) <= 10


# --- The moderation screen -----------------------------------------------------------


def test_l_ecran_de_moderation_montre_le_contenu_soumis_avec_les_libelles(
    client, auteur, moderateur_nord, django_assert_max_num_queries
):
    fiche = fiche_soumise(auteur)
    client.force_login(moderateur_nord)

    with django_assert_max_num_queries(25):
        reponse = client.get(moderer(fiche))

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert contenu.count("<h1") == 1
    assert "Parentalité, soutien aux familles" in contenu  # thématique
    assert "Lille (commune 59350)" in contenu  # territoire
    assert "Centre social (Centre social)" not in contenu
    assert "CAF du Nord (Caisse d&#x27;allocations familiales) — Financement" in contenu
    assert "Co-construction" in contenu
    assert "septembre 2019" in contenu  # date_debut with its precision (month)
    assert 'name="decision"' in contenu
    assert 'name="confirmation"' not in contenu  # nothing flagged
    assert "Historique" in contenu and "Brouillon → Soumise" in contenu


def test_un_moderateur_du_nord_ne_peut_pas_agir_sur_une_fiche_du_pas_de_calais(
    client, auteur, moderateur_nord, moderateur_pas_de_calais
):
    fiche = fiche_soumise(auteur)  # Lille, Nord
    avant = etat_complet(fiche)
    client.force_login(moderateur_pas_de_calais)

    lecture = client.get(moderer(fiche))
    publication = client.post(moderer(fiche), {"decision": "publier"})
    refus = client.post(
        moderer(fiche), {"decision": "refuser", "motif": "hors_champ", "message": "Non."}
    )

    assert lecture.status_code == publication.status_code == refus.status_code == 403
    assert "Vous ne modérez pas les fiches de ce territoire" in publication.content.decode()
    assert etat_complet(fiche) == avant


def test_publier_une_fiche_renvoie_vers_la_file_avec_un_message(client, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur)
    client.force_login(moderateur_nord)

    reponse = client.post(moderer(fiche), {"decision": "publier"}, follow=True)

    assert reponse.redirect_chain == [(FILE, 302)]
    assert f"La fiche «\u00a0{fiche.titre}\u00a0» est publiée." in reponse.content.decode()
    fiche.refresh_from_db()
    assert fiche.etat == Etat.PUBLIEE
    evenement = fiche.evenements.last()
    assert (evenement.acteur, evenement.etat_apres) == (moderateur_nord, Etat.PUBLIEE)
    assert evenement.donnees_personnelles_confirmees is False


@pytest.mark.parametrize(
    ("decision", "etat_attendu"),
    [("demander_modifications", Etat.MODIFICATIONS_DEMANDEES), ("refuser", Etat.REFUSEE)],
)
def test_refus_et_demande_de_modifications_portent_un_motif_et_un_message(
    client, auteur, moderateur_nord, decision, etat_attendu
):
    fiche = fiche_soumise(auteur)
    client.force_login(moderateur_nord)

    reponse = client.post(
        moderer(fiche),
        {"decision": decision, "motif": Motif.INCOMPLETE, "message": "Décrivez les étapes."},
    )

    assert reponse.status_code == 302
    fiche.refresh_from_db()
    assert fiche.etat == etat_attendu
    evenement = fiche.evenements.last()
    assert (evenement.motif, evenement.message) == (Motif.INCOMPLETE, "Décrivez les étapes.")


def test_refuser_sans_motif_ni_message_affiche_les_erreurs_et_ne_change_rien(
    client, auteur, moderateur_nord
):
    fiche = fiche_soumise(auteur)
    avant = etat_complet(fiche)
    client.force_login(moderateur_nord)

    reponse = client.post(moderer(fiche), {"decision": "refuser", "motif": "", "message": "  "})

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Choisissez un motif pour demander des modifications ou refuser." in contenu
    assert "Expliquez votre décision à l’auteur" in contenu
    assert '<div id="motif-erreurs">' in contenu
    assert reponse.context["titre"].startswith("Erreur — ")
    # What was chosen is kept.
    assert 'value="refuser" checked' in contenu
    assert etat_complet(fiche) == avant


def test_sans_decision_rien_ne_change(client, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur)
    avant = etat_complet(fiche)
    client.force_login(moderateur_nord)
    reponse = client.post(moderer(fiche), {"message": "Bravo"})
    assert "Choisissez une décision." in reponse.content.decode()
    assert etat_complet(fiche) == avant


def test_une_decision_perimee_recoit_409(client, auteur, moderateur_nord, admin_national):
    fiche = fiche_soumise(auteur)
    client.force_login(moderateur_nord)
    assert client.get(moderer(fiche)).status_code == 200
    # Meanwhile, someone else decided.
    services.refuser(fiche, par=admin_national, motif=Motif.DOUBLON, message="Doublon.")
    avant = etat_complet(fiche)

    reponse = client.post(moderer(fiche), {"decision": "publier"})

    assert reponse.status_code == 409
    assert "n’est pas (ou plus) en attente de relecture" in reponse.content.decode()
    assert etat_complet(fiche) == avant


# --- Personal data -------------------------------------------------------------------


def test_les_donnees_personnelles_sont_signalees_et_surlignees(client, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur, description=DONNEES_PERSONNELLES)
    client.force_login(moderateur_nord)

    contenu = client.get(moderer(fiche)).content.decode()

    assert "Données personnelles probables" in contenu
    assert "<mark>Mme Dupont</mark>" in contenu
    assert "<mark>06 12 34 56 78</mark>" in contenu
    assert "Je confirme la publication malgré les données personnelles signalées" in contenu


def test_publier_une_fiche_signalee_sans_confirmer_ne_publie_pas(client, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur, description=DONNEES_PERSONNELLES)
    avant = etat_complet(fiche)
    client.force_login(moderateur_nord)

    reponse = client.post(moderer(fiche), {"decision": "publier"})

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    # The error sits next to the checkbox.
    bloc = contenu[contenu.index('id="id_confirmation"') :]
    assert bloc.index("confirmation-erreurs") < bloc.index('name="motif"')
    assert "cochez cette case pour confirmer la publication" in bloc
    assert etat_complet(fiche) == avant


def test_publier_une_fiche_signalee_avec_confirmation_est_journalise(
    client, auteur, moderateur_nord
):
    fiche = fiche_soumise(auteur, description=DONNEES_PERSONNELLES)
    client.force_login(moderateur_nord)

    reponse = client.post(moderer(fiche), {"decision": "publier", "confirmation": "on"})

    assert reponse.status_code == 302
    fiche.refresh_from_db()
    assert fiche.etat == Etat.PUBLIEE
    evenement = fiche.evenements.last()
    assert evenement.etat_apres == Etat.PUBLIEE
    assert evenement.donnees_personnelles_confirmees is True
    assert any("Mme Dupont" in s for s in evenement.signalements)
    assert any("06 12 34 56 78" in s for s in evenement.signalements)


# --- Revisions -----------------------------------------------------------------------


def test_les_changements_d_une_revision_sont_montres_champ_par_champ(
    client, auteur, moderateur_nord, geo
):
    fiche = fiche_publiee(auteur, moderateur_de(geo.nord))
    revision_soumise(
        fiche,
        auteur,
        titre="Un café des familles, deux ans après",
        thematiques=["parentalite_familles", "acces_aux_droits"],
        territoires=["commune:59350", "commune:59512"],
        description="Les parents choisissent les thèmes et animent les séances.",
    )
    client.force_login(moderateur_nord)

    reponse = client.get(moderer(fiche))

    assert reponse.status_code == 200
    changements = {c["libelle"]: c for c in reponse.context["changements"]}
    assert set(changements) == {
        "Titre",
        "Description et déroulement",
        "Thématiques",
        "Territoires d’action",
    }
    assert "Accès aux droits" in changements["Thématiques"]["apres"]
    assert "Accès aux droits" not in changements["Thématiques"]["avant"]
    assert "Roubaix (commune 59512)" in changements["Territoires d’action"]["apres"]
    assert "Lille (commune 59350)" in changements["Territoires d’action"]["avant"]
    contenu = reponse.content.decode()
    assert '<table id="tableau-changements">' in contenu
    assert '<th scope="row">Titre</th>' in contenu
    assert "Modification d’une fiche publiée" in contenu


def test_une_revision_qui_ne_change_que_l_ordre_des_thematiques_ne_montre_aucun_changement(
    client, auteur, moderateur_nord, geo
):
    fiche = fiche_publiee(
        auteur, moderateur_de(geo.nord), thematiques=["acces_aux_droits", "parentalite_familles"]
    )
    revision_soumise(fiche, auteur, thematiques=["parentalite_familles", "acces_aux_droits"])
    client.force_login(moderateur_nord)
    assert client.get(moderer(fiche)).context["changements"] == []


def test_publier_une_revision_met_a_jour_la_fiche_publiee(client, auteur, moderateur_nord, geo):
    fiche = fiche_publiee(auteur, moderateur_de(geo.nord))
    revision_soumise(fiche, auteur, titre="Titre révisé")
    client.force_login(moderateur_nord)

    reponse = client.post(moderer(fiche), {"decision": "publier"})

    assert reponse.status_code == 302
    fiche.refresh_from_db()
    assert (fiche.etat, fiche.titre) == (Etat.PUBLIEE, "Titre révisé")
    assert fiche.revisions.get().etat == Etat.PUBLIEE


# --- Archiving -----------------------------------------------------------------------


def test_archiver_une_fiche_publiee(client, auteur, moderateur_nord, moderateur_pas_de_calais):
    fiche = fiche_publiee(auteur, moderateur_nord)
    url = reverse("pratiques:archiver", args=[fiche.pk])

    client.force_login(moderateur_pas_de_calais)
    assert client.post(url).status_code == 403
    assert Fiche.objects.get(pk=fiche.pk).etat == Etat.PUBLIEE

    client.force_login(moderateur_nord)
    assert client.get(url).status_code == 405
    assert "Archiver la fiche" in client.get(moderer(fiche)).content.decode()
    reponse = client.post(url, {"message": "Action arrêtée en 2020."})

    assert reponse.status_code == 302
    fiche.refresh_from_db()
    assert fiche.etat == Etat.ARCHIVEE
    assert EvenementModeration.objects.filter(
        fiche=fiche, etat_apres=Etat.ARCHIVEE, message="Action arrêtée en 2020."
    ).exists()
    # Archiving twice: 409.
    assert client.post(url).status_code == 409
