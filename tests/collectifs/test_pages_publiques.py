"""The pages everyone sees: the list with its filters (a territory finds the
collectifs inside it, recognised or not, thématiques of their fiches) and its map by
département, a collectif's page that names only the members who agreed, and the
contact form that relays a message to the animateurs without showing an address."""

import re

import pytest
from django.utils import timezone

from collectifs import services
from collectifs.models import College
from core.models import EmailSortant
from pratiques.forms.contact import jeton_contact
from tests.collectifs.factories import ajouter_membre, candidat, declarer, quota
from tests.outils import texte, titre_de_la_page
from tests.pratiques.factories import fiche_publiee

pytestmark = pytest.mark.django_db


def noms(html) -> list[str]:
    return re.findall(r'<h3 class="fr-h5 fr-mb-1w"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def trois(geo, animatrice, moderateur_nord):
    """Reconnu à Lille, déclaré à Roubaix, déclaré à Arras (Pas-de-Calais)."""
    quota(geo.nord)
    lille = candidat(animatrice, [geo.lille], nom="Collectif de Lille")
    services.reconnaitre(lille, par=moderateur_nord, montant=0)
    roubaix = declarer(animatrice, [geo.roubaix], nom="Collectif de Roubaix")
    arras = declarer(animatrice, [geo.arras], nom="Collectif pour Arras")
    return lille, roubaix, arras


def test_la_liste_montre_tous_les_collectifs(client, trois):
    reponse = client.get("/collectifs/")

    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert (
        titre_de_la_page(html)
        == "Collectifs locaux de développement social — Pratiques inspirantes"
    )
    assert html.count("<h1") == 1
    assert noms(html) == ["Collectif de Lille", "Collectif de Roubaix", "Collectif pour Arras"]
    assert "Reconnu jusqu’au" in html


@pytest.mark.parametrize(
    ("parametres", "attendus"),
    [
        ({"territoire": "departement:59"}, ["Collectif de Lille", "Collectif de Roubaix"]),
        (
            {"territoire": "Hauts-de-France"},
            ["Collectif de Lille", "Collectif de Roubaix", "Collectif pour Arras"],
        ),
        ({"territoire": "commune:59512"}, ["Collectif de Roubaix"]),
        ({"reconnu": "oui"}, ["Collectif de Lille"]),
        ({"reconnu": "non"}, ["Collectif de Roubaix", "Collectif pour Arras"]),
        ({"reconnu": "non", "territoire": "departement:59"}, ["Collectif de Roubaix"]),
    ],
)
def test_les_filtres_de_la_liste(client, trois, parametres, attendus):
    html = client.get("/collectifs/", parametres).content.decode()

    assert noms(html) == attendus


def test_un_territoire_ne_trouve_pas_les_collectifs_qui_l_englobent(client, geo, animatrice):
    declarer(animatrice, [geo.nord], nom="Collectif départemental")

    assert noms(client.get("/collectifs/", {"territoire": "commune:59350"}).content.decode()) == []
    assert noms(client.get("/collectifs/", {"territoire": "departement:59"}).content.decode()) == [
        "Collectif départemental"
    ]


def test_le_filtre_par_thematique_lit_les_fiches_publiees_du_collectif(
    client, trois, auteur, moderateur_nord
):
    lille = trois[0]
    ajouter_membre(lille, College.ASSOCIATIONS, utilisateur=auteur)
    fiche = fiche_publiee(auteur, moderateur_nord, thematiques=["parentalite_familles"])
    services.lier_fiche(fiche, lille, par=auteur)

    html = client.get("/collectifs/", {"thematique": "parentalite_familles"}).content.decode()
    assert noms(html) == ["Collectif de Lille"]
    assert noms(client.get("/collectifs/", {"thematique": "alimentation"}).content.decode()) == []


def test_un_filtre_inconnu_est_une_erreur_a_cote_du_champ_pas_une_panne(client, trois):
    reponse = client.get(
        "/collectifs/", {"territoire": "Nulle-Part-sur-Mer", "reconnu": "peut-etre"}
    )

    html = reponse.content.decode()
    assert reponse.status_code == 400
    assert "Aucun territoire ne correspond" in texte(html)
    assert "fr-input-group--error" in html or "fr-select-group--error" in html
    assert len(noms(html)) == 3, "the list is still shown, unfiltered"


def test_la_carte_compte_les_collectifs_par_departement(client, trois):
    html = client.get("/collectifs/").content.decode()

    assert 'aria-label="Nord\u00a0: 2 collectifs"' in html
    assert 'aria-label="Pas-de-Calais\u00a0: 1 collectif"' in html
    assert "/collectifs/?territoire=departement:59" in html


def test_la_liste_fait_un_nombre_borne_de_requetes(
    client, geo, animatrice, django_assert_max_num_queries
):
    for n in range(8):
        declarer(animatrice, [geo.lille], nom=f"Collectif {n}")
    with django_assert_max_num_queries(8):
        assert client.get("/collectifs/").status_code == 200


# --- A collectif's page -----------------------------------------------------------------


def test_la_page_d_un_collectif_ne_nomme_que_les_membres_qui_l_acceptent(client, geo, animatrice):
    collectif = declarer(animatrice, [geo.lille], nom="Collectif de Fives")
    ajouter_membre(collectif, College.ELUS, nom_public=True, prenom="Hélène", nom="Vasseur")
    ajouter_membre(collectif, College.ASSOCIATIONS, nom_public=False, prenom="Jean", nom="Secret")

    reponse = client.get(f"/collectifs/{collectif.slug}/")

    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert titre_de_la_page(html) == "Collectif de Fives — Pratiques inspirantes"
    assert "Hélène Vasseur" in html
    assert "Secret" not in html
    assert "Benali" not in html, "the declarer did not make her name public"
    assert animatrice.email not in html
    contenu = texte(html)
    assert "Élus et responsables d’institutions 1 Hélène Vasseur" in contenu
    assert "Associations d’habitants, d’usagers ou de militants 1 Aucun nom affiché" in contenu
    assert "Au moins deux professionnels : 1 sur 2 : il en manque 1" in contenu


def test_un_collectif_inconnu_est_une_404(client, db):
    assert client.get("/collectifs/inconnu/").status_code == 404


# --- Contact -------------------------------------------------------------------------------


def _message(collectif, **modifications):
    donnees = {
        "nom": "Claire Martin",
        "email": "claire@exemple.fr",
        "message": "Bonjour, nous voudrions créer un collectif semblable à Roubaix.",
        "site_web": "",
        "jeton": jeton_contact(-collectif.pk, instant=timezone.now().timestamp() - 10),
    }
    donnees.update(modifications)
    return donnees


def test_un_message_est_relaye_aux_animateurs_par_la_file(client, geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    html = client.get(f"/collectifs/{collectif.slug}/contacter/").content.decode()
    assert animatrice.email not in html

    reponse = client.post(f"/collectifs/{collectif.slug}/contacter/", _message(collectif))

    assert reponse.status_code == 200 and "Message envoyé" in reponse.content.decode()
    (courriel,) = EmailSortant.objects.all()
    assert courriel.destinataires == [animatrice.email]
    assert courriel.repondre_a == ["claire@exemple.fr"]
    assert "semblable à Roubaix" in courriel.corps_texte


def test_un_robot_ou_un_jeton_d_une_fiche_est_refuse(client, geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    url = f"/collectifs/{collectif.slug}/contacter/"
    ancien = timezone.now().timestamp() - 10

    assert client.post(url, _message(collectif, site_web="http://spam")).status_code == 400
    # A token signed for the fiche with the same id does not serve the collectif.
    jeton_fiche = jeton_contact(collectif.pk, instant=ancien)
    assert client.post(url, _message(collectif, jeton=jeton_fiche)).status_code == 400
    assert not EmailSortant.objects.exists()


def test_les_messages_sont_limites(client, geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    url = f"/collectifs/{collectif.slug}/contacter/"
    for _ in range(5):
        assert client.post(url, _message(collectif)).status_code == 200

    reponse = client.post(url, _message(collectif))

    assert reponse.status_code == 429
    assert "réessayez dans une heure" in texte(reponse.content.decode())
    assert EmailSortant.objects.count() == 5


def test_un_collectif_sans_animateur_joignable_ne_propose_pas_de_formulaire(
    client, geo, animatrice
):
    collectif = declarer(animatrice, [geo.lille])
    animatrice.is_active = False
    animatrice.save()

    reponse = client.post(f"/collectifs/{collectif.slug}/contacter/", _message(collectif))

    assert "pas d’animateur joignable" in reponse.content.decode()
    assert not EmailSortant.objects.exists()


def test_un_membre_sans_nom_n_est_jamais_designe_par_son_adresse(client, geo, animatrice):
    collectif = declarer(animatrice, [geo.lille])
    ajouter_membre(
        collectif, College.ELUS, nom_public=True, prenom="", nom="", email="jean.discret@exemple.fr"
    )

    html = client.get(f"/collectifs/{collectif.slug}/").content.decode()

    assert "Nom non renseigné" in html
    assert "discret" not in html
