"""Living fiches (docs/domaine.md §18): authors are reminded at 6, 12 and 24 months, each
step once; a signed link confirms "toujours d'actualité" without login (POST only); a
fiche neither updated nor confirmed for 36 months says so on its page, in lists and in
the API; modérateurs see those of their départements."""

import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import EmailSortant
from pratiques import actualite
from pratiques.models import EvenementModeration, Fiche, RappelActualite
from pratiques.views.public import date_lisible
from tests.outils import connecte, texte

pytestmark = pytest.mark.django_db
MAINTENANT = timezone.now()


def il_y_a(mois: int, jours: int = 0):
    return MAINTENANT - relativedelta(months=mois) - timedelta(days=jours)


@pytest.fixture
def fiche_de(publier, auteur):
    """A published fiche of `auteur`, published and last updated at `publiee_le`."""

    def _fiche(publiee_le, **modifications):
        fiche = publier(**modifications)
        Fiche.objects.filter(pk=fiche.pk).update(
            auteur=auteur, publiee_le=publiee_le, modifiee_le=publiee_le
        )
        fiche.refresh_from_db()
        return fiche

    return _fiche


def rappels_a(adresse):
    return list(
        EmailSortant.objects.filter(
            destinataires=[adresse], sujet__contains="toujours d’actualité"
        ).order_by("cree_le", "pk")
    )


def lien_de(courriel) -> str:
    return re.search(r"https?://\S+/pratiques/actualite/\S+/", courriel.corps_texte)[0]


# --- Reminders ---------------------------------------------------------------------------


def test_les_rappels_partent_une_fois_a_6_12_et_24_mois(fiche_de, auteur):
    fiche = fiche_de(il_y_a(0, 1), titre="Un jardin partagé")
    publiee = fiche.publiee_le
    assert actualite.envoyer_rappels(MAINTENANT) == 0  # not yet six months

    for mois in actualite.PALIERS_RAPPEL:
        moment = publiee + relativedelta(months=mois) + timedelta(hours=1)
        assert actualite.envoyer_rappels(moment) == 1
        # The task run twice (a beat retry, a second worker) sends nothing more.
        assert actualite.envoyer_rappels(moment) == 0
        assert actualite.envoyer_rappels(moment + timedelta(days=20)) == 0

    courriels = rappels_a(auteur.email)
    assert len(courriels) == 3
    assert [r.palier for r in RappelActualite.objects.filter(fiche=fiche).order_by("palier")] == [
        6,
        12,
        24,
    ]
    assert "publiée il y a 6 mois" in courriels[0].corps_texte
    assert "publiée il y a 24 mois (2 ans)" in courriels[2].corps_texte
    assert reverse("pratiques:modifier", args=[fiche.pk]) in courriels[0].corps_texte
    assert "Un jardin partagé" in courriels[0].sujet
    # Past the last step, nothing more.
    assert actualite.envoyer_rappels(publiee + relativedelta(months=40)) == 0


def test_une_fiche_qui_a_passe_plusieurs_paliers_d_un_coup_recoit_un_seul_rappel(fiche_de, auteur):
    fiche = fiche_de(il_y_a(30))
    assert actualite.envoyer_rappels(MAINTENANT) == 1
    courriels = rappels_a(auteur.email)
    assert len(courriels) == 1
    assert "il y a 24 mois" in courriels[0].corps_texte
    paliers = RappelActualite.objects.filter(fiche=fiche).values_list("palier", "courriel")
    assert sorted(paliers) == [(6, False), (12, False), (24, True)]
    assert actualite.envoyer_rappels(MAINTENANT) == 0


def test_une_fiche_importee_sans_auteur_n_envoie_rien_mais_le_palier_est_traite(publier):
    fiche = publier(publiee_le=il_y_a(7))
    assert actualite.envoyer_rappels(MAINTENANT) == 0
    assert EmailSortant.objects.count() == 0
    assert list(RappelActualite.objects.filter(fiche=fiche).values_list("palier", "courriel")) == [
        (6, False)
    ]


def test_une_fiche_archivee_n_est_pas_rappelee(fiche_de, admin_national):
    from pratiques import services

    fiche = fiche_de(il_y_a(7))
    services.archiver(fiche, par=admin_national)
    assert actualite.envoyer_rappels(MAINTENANT) == 0
    assert not RappelActualite.objects.exists()


# --- The signed link -------------------------------------------------------------------


def test_le_lien_signe_affiche_une_confirmation_sans_rien_changer_puis_le_post_confirme(
    fiche_de, auteur
):
    fiche = fiche_de(il_y_a(6, 2))
    actualite.envoyer_rappels(MAINTENANT)
    lien = lien_de(rappels_a(auteur.email)[0])
    client = Client(enforce_csrf_checks=True)

    page = client.get(lien)
    assert page.status_code == 200
    assert "Oui, cette fiche est toujours d’actualité" in page.content.decode()
    fiche.refresh_from_db()
    assert fiche.confirmee_le is None  # a GET (a mail scanner) changes nothing

    jeton_csrf = page.cookies["csrftoken"].value
    reponse = client.post(lien, {"csrfmiddlewaretoken": jeton_csrf})
    assert reponse.status_code == 200
    assert "Merci, la fiche est confirmée" in texte(reponse.content.decode())
    fiche.refresh_from_db()
    assert fiche.confirmee_le is not None
    assert actualite.a_jour_le(fiche) == fiche.confirmee_le
    evenement = EvenementModeration.objects.filter(fiche=fiche).last()
    assert evenement.message == actualite.MESSAGE_CONFIRMATION
    assert evenement.etat_avant == evenement.etat_apres == "publiee"


def test_un_lien_modifie_est_refuse_avec_une_page_en_francais(fiche_de, client):
    fiche = fiche_de(il_y_a(7))
    jeton = actualite.jeton(fiche, 6)
    for altere in (jeton[:-2] + ("AA" if not jeton.endswith("AA") else "BB"), "nimportequoi"):
        for methode in (client.get, client.post):
            reponse = methode(reverse("pratiques:actualite", args=[altere]))
            assert reponse.status_code == 400
            assert "Ce lien n’est pas valide" in reponse.content.decode()
    # Another fiche's id in a token signed with another salt is refused too.
    autre = signing.dumps({"f": fiche.pk, "p": 6}, salt="autre.chose")
    assert client.post(reverse("pratiques:actualite", args=[autre])).status_code == 400
    fiche.refresh_from_db()
    assert fiche.confirmee_le is None


def test_un_lien_expire_est_refuse_et_dit_comment_faire(fiche_de, client, monkeypatch):
    fiche = fiche_de(il_y_a(9))
    with monkeypatch.context() as m:
        passe = (timezone.now() - actualite.VALIDITE_LIEN - timedelta(days=1)).timestamp()
        m.setattr("time.time", lambda: passe)
        jeton = actualite.jeton(fiche, 6)
    reponse = client.post(reverse("pratiques:actualite", args=[jeton]))
    assert reponse.status_code == 400
    page = texte(reponse.content.decode())
    assert "Ce lien a expiré" in page
    assert "en vous connectant" in page
    fiche.refresh_from_db()
    assert fiche.confirmee_le is None


def test_le_lien_d_une_fiche_archivee_ne_confirme_rien(fiche_de, client, admin_national):
    from pratiques import services

    fiche = fiche_de(il_y_a(7))
    jeton = actualite.jeton(fiche, 6)
    services.archiver(fiche, par=admin_national)
    reponse = client.post(reverse("pratiques:actualite", args=[jeton]))
    assert reponse.status_code == 404
    assert "n’est plus en ligne" in reponse.content.decode()
    fiche.refresh_from_db()
    assert fiche.confirmee_le is None


# --- Old information: page, lists, API --------------------------------------------------


def test_une_fiche_ni_mise_a_jour_ni_confirmee_depuis_36_mois_le_dit_partout(fiche_de, client):
    ancienne = fiche_de(il_y_a(36, 3), titre="Une fiche ancienne")
    recente = fiche_de(il_y_a(35), titre="Une fiche encore récente")
    date = actualite.a_jour_le(ancienne)
    attendu = "Informations non mises à jour depuis le"

    notice = "l’action a pu évoluer depuis"
    page = texte(client.get(reverse("pratiques:fiche", args=[ancienne.slug])).content.decode())
    assert f"{attendu} {date_lisible(timezone.localtime(date).date(), 'jour')} : {notice}" in page
    # The recent one's page has no notice (its "Pratiques proches" may show the badge).
    assert notice not in texte(
        client.get(reverse("pratiques:fiche", args=[recente.slug])).content.decode()
    )

    liste = client.get(reverse("decouverte:recherche")).content.decode()
    assert liste.count(attendu) == 1
    assert liste.index(attendu) > liste.index("Une fiche ancienne")
    avec_mots = client.get(reverse("decouverte:recherche"), {"q": "fiche"}).content.decode()
    assert avec_mots.count(attendu) == 1

    api = client.get("/api/v1/pratiques/").json()
    par_slug = {p["slug"]: p for p in api["results"]}
    assert par_slug[ancienne.slug]["informations_anciennes"] is True
    assert par_slug[recente.slug]["informations_anciennes"] is False
    detail = client.get(f"/api/v1/pratiques/{ancienne.slug}/").json()
    assert detail["informations_anciennes"] is True
    assert detail["a_jour_le"].startswith(timezone.localtime(date).date().isoformat())


def test_une_confirmation_rend_la_fiche_de_nouveau_a_jour(fiche_de, client):
    fiche = fiche_de(il_y_a(40))
    assert actualite.anciennes().filter(pk=fiche.pk).exists()
    badge = "Informations non mises à jour depuis le"
    assert badge in client.get(reverse("decouverte:recherche")).content.decode()  # now cached
    actualite.confirmer(actualite.lire_jeton(actualite.jeton(fiche, 24)))
    assert not actualite.anciennes().filter(pk=fiche.pk).exists()
    page = client.get(reverse("pratiques:fiche", args=[fiche.slug])).content.decode()
    assert "l’action a pu évoluer depuis" not in page
    assert badge not in client.get(reverse("decouverte:recherche")).content.decode()
    assert client.get(f"/api/v1/pratiques/{fiche.slug}/").json()["informations_anciennes"] is False


def test_les_moderateurs_voient_les_fiches_anciennes_de_leurs_departements(
    fiche_de, moderateur_nord, auteur, client
):
    fiche_de(il_y_a(50), titre="Très ancienne à Lille")
    fiche_de(il_y_a(40), titre="Ancienne à Roubaix", territoires=["commune:59512"])
    fiche_de(il_y_a(45), titre="Ancienne à Arras", territoires=["commune:62041"])
    fiche_de(il_y_a(2), titre="Récente à Lille")
    url = reverse("pratiques:anciennes")

    reponse = connecte(moderateur_nord).get(url)
    assert reponse.status_code == 200
    page = texte(reponse.content.decode())
    assert "2 fiches publiées de vos départements" in page
    assert page.index("Très ancienne à Lille") < page.index("Ancienne à Roubaix")
    assert "Arras" not in page
    assert "Récente à Lille" not in page

    assert client.get(url).status_code == 302  # sign in first
    assert connecte(auteur).get(url).status_code == 403
