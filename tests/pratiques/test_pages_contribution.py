"""The pages of authors (docs/domaine.md §7): propose, save drafts, submit, edit a published
fiche, two people editing at once, "Mes fiches" and the history of a fiche."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pratiques import services
from pratiques.etapes import ETAPES
from pratiques.models import Etat, Fiche, PrecisionDate, Revision
from tests.comptes.factories import UtilisateurFactory
from tests.outils import connecte
from tests.pratiques.factories import contenu_complet, fiche_publiee, fiche_soumise

pytestmark = pytest.mark.django_db

PROPOSER = reverse("pratiques:proposer")
MES_FICHES = reverse("pratiques:mes_fiches")
ETAPES_SLUGS = [e.slug for e in ETAPES]


def formulaire(version=None, *, partenaires=(), **champs) -> dict:
    """What the browser posts: management forms of the three row formsets, and fields."""
    donnees = {"action": "enregistrer"}
    for prefixe in ("partenaires", "liens", "sources"):
        donnees[f"{prefixe}-TOTAL_FORMS"] = "3"
        donnees[f"{prefixe}-INITIAL_FORMS"] = "0"
    for rang, partenaire in enumerate(partenaires):
        for cle, valeur in partenaire.items():
            donnees[f"partenaires-{rang}-{cle}"] = valeur
    if version is not None:
        donnees["version"] = str(version)
    donnees.update(champs)
    return donnees


def formulaire_complet(version=None, **champs) -> dict:
    complet = {
        "titre": "Des parents qui animent un café des familles",
        "resume": "Un café des familles animé par des parents du quartier.",
        "thematiques": ["parentalite_familles"],
        "formes_intervention": ["travail_social_communautaire"],
        "territoires": "commune:59350",
        "echelle": "quartier",
        "description": "Les parents se réunissent chaque semaine et choisissent les thèmes.",
        "statut_action": "en_cours",
    }
    complet.update(champs)
    return formulaire(version, **complet)


def version_affichee(reponse) -> int:
    trouve = re.search(r'name="version" value="(\d+)"', reponse.content.decode())
    assert trouve, "the edit form carries the version it was opened at"
    return int(trouve.group(1))


def etape(fiche, slug: str) -> str:
    return reverse("pratiques:modifier_etape", args=[fiche.pk, slug])


def enregistrer_etape(client, fiche, slug: str, **champs):
    """Open a step of the editor, then post it with these fields (the others are
    ignored by the step, as a browser would not send them)."""
    url = etape(fiche, slug)
    return client.post(url, formulaire(version_affichee(client.get(url)), **champs))


def groupe_du_champ(html: str, identifiant: str) -> str:
    """The HTML of the form group around an input, to check an error sits next to it."""
    position = html.index(f'id="{identifiant}"')
    groupe = html.rfind('<div class="fr-input-group', 0, position)
    fieldset = html.rfind("<fieldset", 0, position)
    if fieldset > groupe:  # a group of checkboxes or radios
        return html[fieldset : html.index("</fieldset>", position)]
    fins = [html.find(m, position) for m in ('<div class="fr-fieldset__element', "</fieldset>")]
    return html[groupe : min(f for f in fins if f != -1)]


# --- Proposing and saving drafts ------------------------------------------------------


def test_la_page_proposer_demande_d_etre_connecte(client):
    reponse = client.get(PROPOSER)
    assert reponse.status_code == 302 and "/compte/connexion/" in reponse["Location"]


def test_la_page_proposer_montre_le_formulaire_en_etapes_une_section_par_etape(geo, auteur):
    client = connecte(auteur)
    reponse = client.get(PROPOSER)
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert (
        "<title>Identité, étape 1 sur 12 — Proposer une pratique — Pratiques inspirantes</title>"
        in html
    )
    assert html.count("<h1") == 1 and "<h1>Proposer une pratique</h1>" in html
    assert '<span class="fr-stepper__state">Étape 1 sur 12</span>' in html
    assert 'data-fr-current-step="1" data-fr-steps="12"' in html
    assert "Étape suivante&nbsp;:</span> Classement" in html
    assert 'id="id_titre"' in html and 'id="id_description"' not in html

    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Mon brouillon"})
    sections = ["Identité", "Classement", "Lieu", "Contexte et contenu",
                "Porteur et partenaires", "Moyens", "Enseignements",
                "Pour reproduire la démarche", "Origine", "Calendrier",
                "Contact et sources", "Vérifier et soumettre"]  # fmt: skip
    pages = {}
    for numero, (slug, section) in enumerate(zip(ETAPES_SLUGS, sections, strict=True), 1):
        pages[slug] = client.get(etape(fiche, slug)).content.decode()
        assert f"{section}, étape {numero} sur 12 — Modifier la fiche" in pages[slug]
        assert re.search(
            rf'<h2 class="fr-stepper__title" id="etape-titre">\s*'
            rf'<span class="fr-stepper__state">Étape {numero} sur 12</span>\s*{section}\s*</h2>',
            pages[slug],
        )
    # Vocabulary values come from the tables; three empty partner rows.
    assert 'value="parentalite_familles"' in pages["classement"]
    assert 'name="partenaires-TOTAL_FORMS" value="3"' in pages["porteur"]
    assert 'id="id_partenaires-2-nom"' in pages["porteur"]
    # The buttons name the steps they lead to.
    assert 'Étape précédente<span class="fr-sr-only">&nbsp;: Classement</span>' in pages["lieu"]
    assert 'continuer<span class="fr-sr-only"> vers «&nbsp;Contexte et contenu' in pages["lieu"]
    assert 'value="precedente"' not in pages["identite"]
    # The last step has no next one.
    assert "Étape suivante" not in pages["verifier"]


def test_un_brouillon_incomplet_s_enregistre(geo, auteur):
    reponse = connecte(auteur).post(PROPOSER, formulaire(titre="Idée à creuser", aller="suivante"))
    fiche = Fiche.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == etape(fiche, "classement")
    assert (fiche.titre, fiche.etat, fiche.auteur) == ("Idée à creuser", Etat.BROUILLON, auteur)
    assert fiche.derniere_etape == "classement"


def test_une_erreur_de_saisie_ne_perd_rien_de_ce_qui_a_ete_tape(geo, auteur):
    client = connecte(auteur)
    reponse = client.post(PROPOSER, formulaire(titre="Un titre gardé", resume="x" * 601))
    html = reponse.content.decode()
    assert reponse.status_code == 200 and not Fiche.objects.exists()
    assert 'value="Un titre gardé"' in html
    assert "600 caractères" in groupe_du_champ(html, "id_resume")

    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Un titre gardé"})
    reponse = enregistrer_etape(
        client, fiche, "contact",
        contact_email="pas-une-adresse", contact_structure="Une structure gardée",
        commentaires="Une remarque gardée",
    )  # fmt: skip
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Saisissez une adresse e-mail valide." in groupe_du_champ(html, "id_contact_email")
    assert 'value="Une structure gardée"' in html and "Une remarque gardée</textarea>" in html
    # The error summary at the top links to the field.
    assert '<a href="#id_contact_email">' in html

    reponse = enregistrer_etape(
        client, fiche, "classement", thematiques=["sante", "pas_une_thematique"]
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert re.search(r'value="sante"[^>]*checked', html)
    assert '<a href="#id_thematiques_0">' in html

    reponse = enregistrer_etape(
        client, fiche, "porteur",
        partenaires=[{"nom": "CAF du Nord", "type": "caf", "role": "Financement"},
                     {"role": "Un rôle sans nom"}],
    )  # fmt: skip
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Indiquez le nom du partenaire, ou videz la ligne." in html
    assert 'value="CAF du Nord"' in html and 'value="Un rôle sans nom"' in html
    assert re.search(r'<option value="caf" selected>', html)
    # Nothing of a step with errors is saved.
    fiche.refresh_from_db()
    assert fiche.version == 1 and fiche.contact_structure == "" and not fiche.partenaires.exists()


def test_ajouter_des_lignes_sans_javascript_garde_la_saisie(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Un brouillon"})
    reponse = enregistrer_etape(
        connecte(auteur), fiche, "porteur",
        porteur_nom="Avec des partenaires",
        partenaires=[{"nom": "Mairie", "role": "Salle"}],
        ajouter_lignes="partenaires",
    )  # fmt: skip
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'name="partenaires-TOTAL_FORMS" value="6"' in html
    assert 'value="Avec des partenaires"' in html and 'value="Mairie"' in html
    assert "errorlist" not in html
    fiche.refresh_from_db()
    assert fiche.version == 1 and not fiche.partenaires.exists()


def test_une_date_se_saisit_avec_sa_precision(geo, auteur):
    client = connecte(auteur)
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Daté"})
    enregistrer_etape(client, fiche, "calendrier", date_debut="09/2019", date_fin="2021")
    fiche.refresh_from_db()
    assert (fiche.date_debut.isoformat(), fiche.date_debut_precision) == ("2019-09-01", "mois")
    assert (fiche.date_fin.isoformat(), fiche.date_fin_precision) == ("2021-01-01", "annee")
    html = client.get(etape(fiche, "calendrier")).content.decode()
    assert 'value="09/2019"' in html and 'value="2021"' in html


def test_une_date_approximative_est_enregistree_comme_telle(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Daté"})
    enregistrer_etape(
        connecte(auteur), fiche, "calendrier", date_debut="2006", date_debut_approximative="on"
    )
    fiche.refresh_from_db()
    assert fiche.date_debut_precision == PrecisionDate.APPROXIMATIVE


def test_une_date_de_fin_avant_le_debut_est_refusee_a_cote_du_champ(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Daté"})
    reponse = enregistrer_etape(
        connecte(auteur), fiche, "calendrier", date_debut="2020", date_fin="03/2019"
    )
    html = reponse.content.decode()
    fiche.refresh_from_db()
    assert fiche.date_debut is None and fiche.version == 1
    assert "La date de fin ne peut pas précéder la date de début." in groupe_du_champ(
        html, "id_date_fin"
    )


# --- Submitting ----------------------------------------------------------------------


def test_soumettre_une_fiche_incomplete_montre_les_champs_manquants_et_garde_la_saisie(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "À compléter"})
    client = connecte(auteur)
    enregistrer_etape(client, fiche, "lieu", quartier="Fives")
    enregistrer_etape(
        client, fiche, "porteur", partenaires=[{"nom": "Centre social", "role": "Animation"}]
    )
    reponse = client.post(etape(fiche, "verifier"), {"action": "soumettre"})
    html = reponse.content.decode()
    assert reponse.status_code == 200
    # The review lists each missing field, linked to it on its step.
    for cle, slug, ancre in [("resume", "identite", "id_resume"),
                             ("description", "contenu", "id_description"),
                             ("territoires", "lieu", "id_territoires"),
                             ("thematiques", "classement", "id_thematiques_0")]:  # fmt: skip
        assert f'<a href="#manque-{cle}">' in html  # from the error summary
        assert f'<li id="manque-{cle}"><a href="{etape(fiche, slug)}?verifier=1#{ancre}">' in html
    # Each step shows the missing field as an error next to it, with what was saved.
    for slug, identifiant in [("identite", "id_resume"), ("contenu", "id_description"),
                              ("lieu", "id_territoires"),
                              ("classement", "id_thematiques_0")]:  # fmt: skip
        page = client.get(etape(fiche, slug) + "?verifier=1").content.decode()
        assert "nécessaire pour soumettre" in groupe_du_champ(page, identifiant)
    assert "Ce champ est nécessaire pour soumettre la fiche." in groupe_du_champ(
        client.get(etape(fiche, "identite") + "?verifier=1").content.decode(), "id_resume"
    )
    lieu = client.get(etape(fiche, "lieu")).content.decode()
    porteur = client.get(etape(fiche, "porteur")).content.decode()
    assert 'value="Fives"' in lieu and 'value="Centre social"' in porteur
    fiche.refresh_from_db()
    # Not submitted, but what was typed is saved in the draft.
    assert fiche.etat == Etat.BROUILLON and fiche.quartier == "Fives"
    assert fiche.partenaires.get().nom == "Centre social"
    # The form now carries the new version: saving again works.
    assert version_affichee(client.get(etape(fiche, "lieu"))) == fiche.version == 3


def test_la_revue_d_un_nouveau_brouillon_mene_a_ses_champs_manquants(geo, auteur):
    client = connecte(auteur)
    reponse = client.post(PROPOSER, formulaire(titre="Vite"))
    fiche = Fiche.objects.get()
    assert reponse["Location"] == etape(fiche, "identite")
    revue = client.get(etape(fiche, "verifier")).content.decode()
    lien = f"{etape(fiche, 'identite')}?verifier=1#id_resume"
    assert f'href="{lien}"' in revue
    html = client.get(lien.split("#")[0]).content.decode()
    assert "Ce champ est nécessaire pour soumettre la fiche." in groupe_du_champ(html, "id_resume")
    assert 'value="Vite"' in html
    assert fiche.etat == Etat.BROUILLON


def test_une_fiche_complete_se_soumet_depuis_la_page(geo, auteur, moderateur_nord):
    client = connecte(auteur)
    reponse = client.post(PROPOSER, formulaire_complet(aller="suivante"))
    fiche = Fiche.objects.get()
    # Every step, "Enregistrer et continuer": each leads to the next one.
    while reponse["Location"] != etape(fiche, "verifier"):
        url = reponse["Location"]
        reponse = client.post(url, formulaire_complet(version_affichee(client.get(url)),
                                                      aller="suivante"))  # fmt: skip
        assert reponse.status_code == 302
    reponse = client.post(reponse["Location"], {"action": "soumettre"})
    fiche.refresh_from_db()
    assert reponse.status_code == 302 and reponse["Location"] == MES_FICHES
    assert fiche.etat == Etat.SOUMISE
    assert fiche.territoires.get().code == "59350"
    assert fiche.departement_moderation == geo.nord


def test_le_bouton_soumettre_de_mes_fiches_soumet_un_brouillon_complet(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    reponse = connecte(auteur).post(reverse("pratiques:soumettre", args=[fiche.pk]))
    fiche.refresh_from_db()
    assert reponse["Location"] == MES_FICHES and fiche.etat == Etat.SOUMISE


def test_les_donnees_personnelles_sont_montrees_avant_la_soumission(geo, auteur):
    description = "Au début, Mme Dupont nous appelait au 06 12 34 56 78 chaque semaine."
    fiche = services.creer_brouillon(
        auteur=auteur, contenu=contenu_complet(description=description)
    )
    client = connecte(auteur)
    # At the step whose field holds them…
    html = client.get(etape(fiche, "contenu")).content.decode()
    assert "Données personnelles probables" in html
    assert "<mark>06 12 34 56 78</mark>" in html and "<mark>Mme Dupont</mark>" in html
    assert '<a href="#id_description">Description et déroulement</a>' in html
    # …not at the others…
    assert (
        "Données personnelles probables"
        not in client.get(etape(fiche, "identite")).content.decode()
    )
    # …and on the review, linked to their step.
    url = etape(fiche, "verifier")
    html = client.get(url).content.decode()
    assert "<mark>06 12 34 56 78</mark>" in html and "<mark>Mme Dupont</mark>" in html
    assert (
        f'<a href="{etape(fiche, "contenu")}#id_description">Description et déroulement</a>' in html
    )
    # The contact block is not personal data about the people accompanied.
    assert "contact@centre-social.example.fr</mark>" not in html

    # Submitting without saying they were reviewed does not submit.
    reponse = client.post(url, {"action": "soumettre"})
    fiche.refresh_from_db()
    assert reponse.status_code == 200 and fiche.etat == Etat.BROUILLON
    assert "cochez la case pour confirmer" in reponse.content.decode()
    assert '<a href="#donnees_personnelles_relues">' in reponse.content.decode()

    client.post(url, {"action": "soumettre", "donnees_personnelles_relues": "oui"})
    fiche.refresh_from_db()
    assert fiche.etat == Etat.SOUMISE


# --- Editing: only the author, never silently overwritten ------------------------------


def test_deux_personnes_qui_modifient_la_meme_fiche_la_seconde_est_refusee(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    url = etape(fiche, "identite")
    premiere, seconde = connecte(auteur), connecte(auteur)
    version_premiere = version_affichee(premiere.get(url))
    version_seconde = version_affichee(seconde.get(url))

    assert (
        premiere.post(url, formulaire_complet(version_premiere, titre="Titre A")).status_code == 302
    )
    reponse = seconde.post(url, formulaire_complet(version_seconde, titre="Titre B"))

    html = reponse.content.decode()
    assert reponse.status_code == 409
    assert "modifiée par ailleurs depuis que vous l’avez ouverte" in html
    assert 'value="Titre B"' in html  # what the second person typed is kept
    fiche.refresh_from_db()
    assert fiche.titre == "Titre A" and fiche.version == 2


def test_deux_personnes_qui_modifient_une_fiche_publiee_la_seconde_est_refusee(
    geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    url = etape(fiche, "identite")
    premiere, seconde = connecte(auteur), connecte(auteur)
    version_premiere = version_affichee(premiere.get(url))
    version_seconde = version_affichee(seconde.get(url))
    premiere.post(url, formulaire_complet(version_premiere, titre="Titre A"))
    reponse = seconde.post(url, formulaire_complet(version_seconde, titre="Titre B"))
    assert reponse.status_code == 409
    assert Revision.objects.get().contenu["titre"] == "Titre A"


def test_modifier_une_fiche_publiee_cree_une_revision_et_la_version_publiee_reste_en_ligne(
    geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    client = connecte(auteur)
    reponse = client.get(reverse("pratiques:modifier", args=[fiche.pk]))
    assert reponse["Location"] == etape(fiche, "identite")
    html = client.get(reponse["Location"]).content.decode()
    assert "Cette fiche est publiée" in html
    url = etape(fiche, "contenu")
    reponse = client.post(
        url,
        formulaire_complet(version_affichee(client.get(url)), description="Nouveau déroulement."),
    )
    assert reponse.status_code == 302
    revision = Revision.objects.get(fiche=fiche)
    assert revision.etat == Etat.BROUILLON
    assert revision.contenu["description"] == "Nouveau déroulement."
    # Only the step's fields changed in the revision.
    assert revision.contenu["titre"] == contenu_complet()["titre"]

    public = Client().get(reverse("pratiques:fiche", args=[fiche.slug])).content.decode()
    assert contenu_complet()["description"] in public
    assert "Nouveau déroulement." not in public

    # The edit page now shows the revision, and submitting it sends it to moderation.
    assert "Nouveau déroulement.</textarea>" in client.get(url).content.decode()
    client.post(etape(fiche, "verifier"), {"action": "soumettre"})
    revision.refresh_from_db()
    fiche.refresh_from_db()
    assert revision.etat == Etat.SOUMISE and fiche.etat == Etat.PUBLIEE


@pytest.mark.parametrize("methode", ["get", "post"])
@pytest.mark.parametrize("slug", [None, "identite", "verifier"])
def test_un_autre_utilisateur_ne_peut_pas_modifier_la_fiche(geo, auteur, methode, slug):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    autre = connecte(UtilisateurFactory())
    url = etape(fiche, slug) if slug else reverse("pratiques:modifier", args=[fiche.pk])
    if methode == "get":
        reponse = autre.get(url)
    else:
        reponse = autre.post(url, formulaire_complet(1, titre="Piraté", action="soumettre"))
    if slug is None and methode == "post":
        assert reponse.status_code == 405  # the fiche is saved step by step
    else:
        assert reponse.status_code == 403
        assert "Seul l’auteur de la fiche" in reponse.content.decode()
    fiche.refresh_from_db()
    assert fiche.titre == contenu_complet()["titre"] and fiche.version == 1
    assert fiche.etat == Etat.BROUILLON


def test_un_autre_utilisateur_ne_peut_pas_soumettre_la_fiche(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    reponse = connecte(UtilisateurFactory()).post(reverse("pratiques:soumettre", args=[fiche.pk]))
    fiche.refresh_from_db()
    assert reponse.status_code == 403 and fiche.etat == Etat.BROUILLON


def test_une_fiche_en_relecture_ne_se_modifie_pas(geo, auteur):
    fiche = fiche_soumise(auteur)
    url = etape(fiche, "identite")
    reponse = connecte(auteur).post(url, formulaire_complet(fiche.version, titre="Changé"))
    fiche.refresh_from_db()
    assert reponse.status_code == 409 and fiche.titre != "Changé"


def test_un_script_tape_dans_un_champ_est_affiche_inerte_sur_la_page_de_modification(geo, auteur):
    fiche = services.creer_brouillon(
        auteur=auteur,
        contenu=contenu_complet(
            titre="<script>alert(1)</script>", description="<script>alert(1)</script>"
        ),
    )
    client = connecte(auteur)
    for slug in ("identite", "contenu", "verifier"):
        html = client.get(etape(fiche, slug)).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Mes fiches ------------------------------------------------------------------------


def test_mes_fiches_range_les_fiches_par_etat_avec_le_message_du_moderateur(
    geo, auteur, moderateur_nord
):
    services.creer_brouillon(auteur=auteur, contenu={"titre": "Mon brouillon"})
    fiche_soumise(auteur, titre="En attente")
    a_reprendre = fiche_soumise(auteur, titre="À reprendre")
    services.demander_modifications(
        a_reprendre, par=moderateur_nord, motif="incomplete", message="Décrivez les étapes."
    )
    services.creer_brouillon(auteur=UtilisateurFactory(), contenu={"titre": "Pas à moi"})

    html = connecte(auteur).get(MES_FICHES).content.decode()
    assert "<title>Mes fiches — Pratiques inspirantes</title>" in html

    def section(ancre):
        debut = html.index(f'<section class="fr-mb-6w" id="{ancre}"')
        return html[debut : html.index("</section>", debut)]

    assert "Mon brouillon" in section("brouillons")
    assert "En attente" in section("en_relecture")
    modifications = section("modifications")
    assert "À reprendre" in modifications and "Décrivez les étapes." in modifications
    assert "Fiche incomplète ou trop vague" in modifications
    assert "Pas à moi" not in html


def test_mes_fiches_montre_l_etat_des_modifications_d_une_fiche_publiee(
    geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord, titre="Publiée et retouchée")
    services.enregistrer(fiche, par=auteur, contenu=contenu_complet(titre="Retouchée"), version=1)
    html = connecte(auteur).get(MES_FICHES).content.decode()
    debut = html.index('id="publiees"')
    assert "Publiée et retouchée" in html[debut:]
    assert "Modifications en cours d’écriture" in html[debut:]


def _fiches_dans_tous_les_etats(auteur, moderateur, nombre):
    for rang in range(nombre):
        match rang % 5:
            case 0:
                services.creer_brouillon(auteur=auteur, contenu={"titre": f"Brouillon {rang}"})
            case 1:
                fiche_soumise(auteur, titre=f"Soumise {rang}")
            case 2:
                fiche = fiche_soumise(auteur, titre=f"À reprendre {rang}")
                services.demander_modifications(
                    fiche, par=moderateur, motif="autre", message=f"Message {rang}"
                )
            case 3:
                fiche = fiche_publiee(auteur, moderateur, titre=f"Publiée {rang}")
                services.enregistrer(fiche, par=auteur, contenu=contenu_complet(), version=1)
            case 4:
                fiche = fiche_soumise(auteur, titre=f"Refusée {rang}")
                services.refuser(fiche, par=moderateur, motif="hors_champ", message="Hors champ.")


def test_mes_fiches_fait_autant_de_requetes_pour_2_fiches_que_pour_20(
    geo, auteur, moderateur_nord, django_assert_max_num_queries
):
    client = connecte(auteur)
    _fiches_dans_tous_les_etats(auteur, moderateur_nord, 5)
    client.get(MES_FICHES)  # warm up: session, content types
    with CaptureQueriesContext(connection) as pour_cinq:
        assert client.get(MES_FICHES).status_code == 200
    _fiches_dans_tous_les_etats(auteur, moderateur_nord, 20)
    with django_assert_max_num_queries(len(pour_cinq)):
        reponse = client.get(MES_FICHES)
    assert reponse.content.decode().count('<li id="fiche-') == 25


# --- History -----------------------------------------------------------------------------


@pytest.mark.parametrize("qui", ["auteur", "moderateur_nord", "admin_national"])
def test_l_historique_est_visible_de_l_auteur_des_moderateurs_et_des_administrateurs(
    geo, auteur, moderateur_nord, admin_national, qui
):
    fiche = fiche_soumise(auteur)
    services.demander_modifications(
        fiche, par=moderateur_nord, motif="incomplete", message="Précisez le budget."
    )
    lecteur = {"auteur": auteur, "moderateur_nord": moderateur_nord,
               "admin_national": admin_national}[qui]  # fmt: skip
    reponse = connecte(lecteur).get(reverse("pratiques:historique", args=[fiche.pk]))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Précisez le budget." in html and "Fiche incomplète ou trop vague" in html
    assert "Soumise → Modifications demandées" in html
    assert moderateur_nord.email not in html


@pytest.mark.parametrize("qui", ["contributeur", "moderateur_pas_de_calais"])
def test_l_historique_est_refuse_aux_autres(geo, auteur, moderateur_pas_de_calais, qui):
    fiche = fiche_soumise(auteur)
    lecteur = UtilisateurFactory() if qui == "contributeur" else moderateur_pas_de_calais
    reponse = connecte(lecteur).get(reverse("pratiques:historique", args=[fiche.pk]))
    assert reponse.status_code == 403


def test_l_historique_montre_les_revisions_et_la_confirmation_des_donnees_personnelles(
    geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord, description="Appeler le 06 12 34 56 78.")
    services.enregistrer(
        fiche, par=auteur, contenu=contenu_complet(objectifs="Nouveaux objectifs"), version=1
    )
    html = connecte(auteur).get(reverse("pratiques:historique", args=[fiche.pk])).content.decode()
    assert "Publication confirmée malgré des données personnelles signalées" in html
    assert "Révisions" in html and "Brouillon" in html
    assert "<li>Objectifs</li>" in html


def test_la_page_de_modification_rappelle_la_demande_du_moderateur(geo, auteur, moderateur_nord):
    fiche = fiche_soumise(auteur)
    services.demander_modifications(
        fiche, par=moderateur_nord, motif="incomplete", message="Décrivez les étapes."
    )
    html = connecte(auteur).get(etape(fiche, "identite")).content.decode()
    assert "Le modérateur vous demande des modifications" in html
    assert "Décrivez les étapes." in html and "Fiche incomplète ou trop vague" in html
