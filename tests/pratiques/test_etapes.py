"""The fiche editor as a guided path (pratiques.etapes): each step saves its own fields
into the draft and only them, the buttons move back and forth, the draft is resumed
where it was left, and the review says what is complete and what is missing."""

import re

import pytest
from django.urls import reverse

from pratiques import contenu as contenus
from pratiques import etapes, services
from pratiques.forms.fiche import FicheForm
from pratiques.forms.lignes import FORMSETS
from pratiques.models import Fiche
from tests.outils import connecte
from tests.pratiques.factories import contenu_complet, fiche_publiee
from tests.pratiques.test_pages_contribution import (
    MES_FICHES,
    PROPOSER,
    enregistrer_etape,
    etape,
    formulaire,
)

pytestmark = pytest.mark.django_db

# One field per step, with a value to save there.
UN_CHAMP_PAR_ETAPE = {
    "titre": "Un titre",
    "thematiques": ["sante"],
    "quartier": "Fives",
    "description": "Une description.",
    "porteur_nom": "Centre social",
    "financeurs": "CAF du Nord",
    "leviers": "Des parents motivés.",
    "reproduire_prerequis": "Une salle.",
    "origine": "Des mères du quartier.",
    "duree_rythme": "Chaque semaine.",
    "contact_structure": "Centre social de Fives",
}


def test_les_etapes_couvrent_chaque_champ_du_formulaire_une_seule_fois():
    champs = [c for e in etapes.ETAPES for c in e.champs]
    lignes = [p for e in etapes.ETAPES for p in e.lignes]
    assert sorted(champs) == sorted(set(FicheForm.base_fields) - {"version"})
    assert sorted(lignes) == sorted(FORMSETS)
    cles = [c for e in etapes.ETAPES for c in e.cles]
    assert sorted(cles) == sorted(contenus.vide())
    assert etapes.ETAPES[-1].recapitulatif and etapes.NOMBRE == 12
    assert {etapes.etape_de_la_cle(c) for c in UN_CHAMP_PAR_ETAPE} == set(etapes.ETAPES[:-1])


def test_chaque_etape_enregistre_ses_champs_et_eux_seuls(geo, auteur):
    client = connecte(auteur)
    reponse = client.post(PROPOSER, formulaire(aller="suivante", **UN_CHAMP_PAR_ETAPE))
    fiche = Fiche.objects.get()
    faites = []
    for numero, courante in enumerate(etapes.ETAPES[:-1], 1):
        if numero > 1:
            reponse = enregistrer_etape(
                client, fiche, courante.slug, aller="suivante", **UN_CHAMP_PAR_ETAPE
            )
        faites.append(courante)
        assert reponse.status_code == 302
        assert reponse["Location"] == etape(fiche, courante.suivante.slug)
        fiche.refresh_from_db()
        assert fiche.version == numero and fiche.derniere_etape == courante.suivante.slug
        contenu = contenus.extraire(fiche)
        for cle, valeur in UN_CHAMP_PAR_ETAPE.items():
            attendu = valeur if etapes.etape_de_la_cle(cle) in faites else contenus.vide()[cle]
            assert contenu[cle] == attendu, (courante.slug, cle)


def test_etape_precedente_enregistre_puis_revient_a_l_etape_d_avant(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Un brouillon"})
    reponse = enregistrer_etape(
        connecte(auteur), fiche, "lieu", quartier="Fives", aller="precedente"
    )
    assert reponse["Location"] == etape(fiche, "classement")
    fiche.refresh_from_db()
    assert fiche.quartier == "Fives" and fiche.derniere_etape == "classement"


def test_enregistrer_le_brouillon_reste_sur_l_etape(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Un brouillon"})
    client = connecte(auteur)
    reponse = enregistrer_etape(client, fiche, "moyens", financeurs="La commune", aller="rester")
    assert reponse["Location"] == etape(fiche, "moyens")
    page = client.get(reponse["Location"]).content.decode()
    assert "Votre brouillon est enregistré." in page and 'value="La commune"' in page


def test_une_etape_en_erreur_ne_change_pas_d_etape_et_n_enregistre_rien(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Un brouillon"})
    reponse = enregistrer_etape(
        connecte(auteur), fiche, "calendrier",
        date_debut="31/02/2020", duree_rythme="Chaque jeudi", aller="precedente",
    )  # fmt: skip
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Étape 10 sur 12" in html and 'id="resume-erreurs" tabindex="-1"' in html
    assert "<title>Erreur — Calendrier, étape 10 sur 12 — Modifier la fiche" in html
    assert 'value="31/02/2020"' in html and 'value="Chaque jeudi"' in html
    fiche.refresh_from_db()
    assert fiche.version == 1 and fiche.duree_rythme == "" and fiche.derniere_etape == ""


def test_reprendre_un_brouillon_ouvre_l_etape_ou_il_a_ete_laisse(geo, auteur):
    client = connecte(auteur)
    client.post(PROPOSER, formulaire(titre="Laissé en route", aller="suivante"))
    fiche = Fiche.objects.get()
    enregistrer_etape(client, fiche, "classement", aller="suivante")
    enregistrer_etape(client, fiche, "lieu", quartier="Fives", aller="suivante")

    html = client.get(MES_FICHES).content.decode()
    modifier = reverse("pratiques:modifier", args=[fiche.pk])
    assert re.search(rf'<a class="fr-btn fr-btn--secondary" href="{modifier}">Reprendre<', html)
    assert client.get(modifier)["Location"] == etape(fiche, "contenu")

    # Another draft never saved step by step starts at the beginning.
    autre = services.creer_brouillon(auteur=auteur, contenu={"titre": "Autre"})
    reponse = client.get(reverse("pratiques:modifier", args=[autre.pk]))
    assert reponse["Location"] == etape(autre, "identite")


def test_une_fiche_publiee_sans_modification_en_cours_se_modifie_depuis_le_debut(
    geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    Fiche.objects.filter(pk=fiche.pk).update(derniere_etape="contact")
    client = connecte(auteur)
    reponse = client.get(reverse("pratiques:modifier", args=[fiche.pk]))
    assert reponse["Location"] == etape(fiche, "identite")
    revue = client.get(etape(fiche, "verifier")).content.decode()
    assert "Il n’y a rien à soumettre pour l’instant" in revue
    assert "Soumettre à la relecture</button>" not in revue
    assert "Modifier<" in client.get(MES_FICHES).content.decode()


def test_la_revue_dit_ce_qui_est_complet_et_ce_qui_manque(geo, auteur):
    fiche = services.creer_brouillon(
        auteur=auteur, contenu=contenu_complet(resume="", statut_action="", financeurs="Oui")
    )
    html = connecte(auteur).get(etape(fiche, "verifier")).content.decode()

    def etat(slug):
        debut = html.index(f'<li class="fr-mb-1w" id="etat-{slug}">')
        return html[debut : html.index("</li>", debut)]

    assert "À compléter" in etat("identite") and "À compléter" in etat("calendrier")
    assert "Complète" in etat("classement") and "Complète" in etat("moyens")
    assert "Facultative, non remplie" in etat("origine")
    assert '<li id="manque-resume">' in html and '<li id="manque-statut_action">' in html
    assert f'href="{etape(fiche, "calendrier")}?verifier=1#id_statut_action_0"' in html
    assert "manque-titre" not in html


def test_une_etape_inconnue_est_une_page_introuvable(geo, auteur):
    fiche = services.creer_brouillon(auteur=auteur, contenu={"titre": "Un brouillon"})
    client = connecte(auteur)
    assert client.get(etape(fiche, "nulle-part")).status_code == 404
    assert client.post(etape(fiche, "nulle-part"), formulaire(1, titre="X")).status_code == 404
    fiche.refresh_from_db()
    assert fiche.titre == "Un brouillon"
