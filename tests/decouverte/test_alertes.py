"""Following a search: a signed-in user saves the search page's querystring, receives
the new matching published fiches in a daily or weekly digest, each fiche once, and
unsubscribes in one click from the e-mail without signing in."""

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings as reglages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.models import EmailSortant
from decouverte import alertes
from decouverte.models import Alerte
from pratiques import services
from pratiques.models import Fiche, Thematique
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db

MAINTENANT = timezone.now()


@pytest.fixture
def publier(publier):
    """The `publier` of conftest, published `il_y_a` before MAINTENANT."""

    def _publier(il_y_a=timedelta(hours=1), **modifications):
        return publier(publiee_le=MAINTENANT - il_y_a, **modifications)

    return _publier


@pytest.fixture
def camille(db):
    return UtilisateurFactory(email="camille@exemple.fr", prenom="Camille")


def suivre(utilisateur, querystring, frequence="quotidienne", *, depuis=timedelta(days=2)):
    alerte = alertes.creer_alerte(utilisateur, QueryDict(querystring), frequence)
    Alerte.objects.filter(pk=alerte.pk).update(dernier_envoi_le=MAINTENANT - depuis)
    alerte.refresh_from_db()
    return alerte


def courriels_a(adresse):
    return list(EmailSortant.objects.filter(destinataires=[adresse]).order_by("cree_le", "pk"))


# --- Creating an alert ---------------------------------------------------------------


def test_une_alerte_se_cree_depuis_la_requete_de_la_page_de_recherche(camille, geo):
    alerte = alertes.creer_alerte(
        camille,
        QueryDict(
            "thematique=sante&departement=59&page=3&tri=date&thematique=parentalite_familles"
        ),
        "hebdomadaire",
    )
    # Page and sort are not part of the search; values are in a stable order.
    assert alerte.parametres == "thematique=parentalite_familles&thematique=sante&departement=59"
    # Named after the search, vocabulary values in their usual order.
    libelles = Thematique.objects.filter(code__in=["parentalite_familles", "sante"]).values_list(
        "libelle", flat=True
    )
    assert alerte.nom == " · ".join([*libelles, "Nord"])
    assert alerte.frequence == Alerte.Frequence.HEBDOMADAIRE
    assert alerte.active
    assert timezone.now() - alerte.dernier_envoi_le < timedelta(minutes=1)
    assert len(alerte.jeton) >= 40


def test_suivre_la_meme_recherche_deux_fois_ne_cree_qu_une_alerte(camille, geo):
    premiere = alertes.creer_alerte(camille, QueryDict("departement=59&q=jardin"), "quotidienne")
    seconde = alertes.creer_alerte(
        camille, QueryDict("q=%20jardin%20&departement=59"), "hebdomadaire"
    )
    assert seconde.pk == premiere.pk
    assert Alerte.objects.get().frequence == Alerte.Frequence.HEBDOMADAIRE
    assert seconde.nom == "“jardin” · Nord"


@pytest.mark.parametrize(
    ("querystring", "attendu"),
    [
        ("thematique=inexistante", "Thématiques"),
        ("territoire=commune:00000", "Territoire inconnu"),
        ("departement=999", "Département"),
    ],
)
def test_une_recherche_invalide_ne_peut_pas_etre_suivie(camille, geo, querystring, attendu):
    with pytest.raises(ValidationError) as erreur:
        alertes.creer_alerte(camille, QueryDict(querystring), "quotidienne")
    texte = " ".join(erreur.value.messages)
    assert "Cette recherche ne peut pas être suivie." in texte
    assert attendu in texte
    assert not Alerte.objects.exists()


def test_une_frequence_inconnue_est_refusee(camille, geo):
    with pytest.raises(ValidationError, match="fréquence"):
        alertes.creer_alerte(camille, QueryDict("q=jardin"), "horaire")


def test_au_plus_vingt_alertes_par_personne(camille, geo):
    for rang in range(alertes.ALERTES_MAX_PAR_UTILISATEUR):
        alertes.creer_alerte(camille, QueryDict(f"q=mot{rang}"), "quotidienne")
    with pytest.raises(ValidationError, match="le maximum"):
        alertes.creer_alerte(camille, QueryDict("q=encore"), "quotidienne")
    # Another person is not affected, and an existing search can still be changed.
    alertes.creer_alerte(UtilisateurFactory(), QueryDict("q=encore"), "quotidienne")
    alertes.creer_alerte(camille, QueryDict("q=mot0"), "hebdomadaire")


# --- Digests ---------------------------------------------------------------------


def test_le_resume_ne_contient_que_les_nouvelles_fiches_publiees_de_la_recherche(
    camille, publier, auteur
):
    alerte = suivre(camille, "thematique=parentalite_familles", depuis=timedelta(days=2))
    publier(titre="Publiée avant le dernier envoi", il_y_a=timedelta(days=3))
    publier(titre="Nouvelle et dans la recherche", resume="Un café des parents.")
    publier(titre="Nouvelle mais hors recherche", thematiques=["sante"])
    soumise = services.creer_brouillon(auteur=auteur, contenu=contenu_complet(titre="En relecture"))
    services.soumettre(soumise, par=auteur)

    assert alertes.envoyer_resumes("quotidienne", maintenant=MAINTENANT) == 1

    (courriel,) = courriels_a("camille@exemple.fr")
    assert courriel.sujet.startswith("1 nouvelle pratique pour votre alerte")
    corps = courriel.corps_texte
    assert "Nouvelle et dans la recherche" in corps
    assert "Un café des parents." in corps
    assert (
        reglages.SITE_URL
        + reverse(
            "pratiques:fiche", args=[Fiche.objects.get(titre="Nouvelle et dans la recherche").slug]
        )
        in corps
    )
    for absente in (
        "Publiée avant le dernier envoi",
        "Nouvelle mais hors recherche",
        "En relecture",
    ):
        assert absente not in corps
    # One-click unsubscribe, in the body and in the headers (RFC 8058).
    lien = reglages.SITE_URL + reverse("decouverte:desabonnement", args=[alerte.jeton])
    assert lien in corps
    assert courriel.en_tetes == {
        "List-Unsubscribe": f"<{lien}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    alerte.refresh_from_db()
    assert alerte.dernier_envoi_le == MAINTENANT - alertes.MARGE_PUBLICATION


def test_pas_de_courriel_quand_rien_de_nouveau(camille, publier):
    alerte = suivre(camille, "thematique=sante", depuis=timedelta(days=1))
    publier(titre="Ancienne", thematiques=["sante"], il_y_a=timedelta(days=5))
    publier(titre="Nouvelle mais d’un autre thème")
    assert alertes.envoyer_resumes("quotidienne", maintenant=MAINTENANT) == 0
    assert not EmailSortant.objects.exists()
    alerte.refresh_from_db()
    # The window was looked at: it will not be looked at again.
    assert alerte.dernier_envoi_le == MAINTENANT - alertes.MARGE_PUBLICATION


def test_chaque_fiche_n_est_envoyee_qu_une_fois_au_fil_des_envois(camille, publier):
    suivre(camille, "", depuis=timedelta(days=2))
    publier(titre="Première fiche", il_y_a=timedelta(hours=5))
    assert alertes.envoyer_resumes("quotidienne", maintenant=MAINTENANT) == 1
    # Running again at once (a beat retry, a second worker) sends nothing.
    assert alertes.envoyer_resumes("quotidienne", maintenant=MAINTENANT) == 0

    # Published within the safety margin of the first run: it goes in the next one.
    publier(titre="Publiée pendant l’envoi", il_y_a=timedelta(minutes=1))
    publier(titre="Deuxième fiche", il_y_a=-timedelta(hours=3))
    assert alertes.envoyer_resumes("quotidienne", maintenant=MAINTENANT + timedelta(days=1)) == 1

    premier, second = courriels_a("camille@exemple.fr")
    assert "Première fiche" in premier.corps_texte
    assert "Deuxième fiche" not in premier.corps_texte
    assert "Publiée pendant l’envoi" not in premier.corps_texte
    assert "Première fiche" not in second.corps_texte
    assert "Deuxième fiche" in second.corps_texte
    assert "Publiée pendant l’envoi" in second.corps_texte
    assert second.sujet.startswith("2 nouvelles pratiques")


def test_une_panne_pendant_l_envoi_ne_perd_aucune_fiche_et_n_envoie_rien(
    camille, publier, monkeypatch
):
    alerte = suivre(camille, "", depuis=timedelta(days=1))
    autre = suivre(UtilisateurFactory(email="dominique@exemple.fr"), "")
    publier(titre="À ne pas perdre")
    vrai_courriel = alertes._courriel

    def courriel_en_panne(alerte_envoyee, fiches, total):
        vrai_courriel(alerte_envoyee, fiches, total)  # queued in the outbox…
        if alerte_envoyee.pk == alerte.pk:
            raise RuntimeError("…then the process dies before the commit")

    monkeypatch.setattr(alertes, "_courriel", courriel_en_panne)
    assert alertes.envoyer_resumes("quotidienne", maintenant=MAINTENANT) == 1
    # The failing alert sent nothing and kept its window; the other one was served.
    assert courriels_a("camille@exemple.fr") == []
    assert len(courriels_a("dominique@exemple.fr")) == 1
    alerte.refresh_from_db()
    assert alerte.dernier_envoi_le == MAINTENANT - timedelta(days=1)
    autre.refresh_from_db()
    assert autre.dernier_envoi_le == MAINTENANT - alertes.MARGE_PUBLICATION

    monkeypatch.setattr(alertes, "_courriel", vrai_courriel)
    assert alertes.envoyer_resumes("quotidienne", maintenant=MAINTENANT) == 1
    (courriel,) = courriels_a("camille@exemple.fr")
    assert "À ne pas perdre" in courriel.corps_texte
    assert len(courriels_a("dominique@exemple.fr")) == 1


def test_seules_les_alertes_actives_de_la_frequence_sont_envoyees(camille, publier):
    suivre(camille, "q=café", "hebdomadaire")
    desabonnee = suivre(UtilisateurFactory(email="desabonnee@exemple.fr"), "")
    alertes.desabonner_par_jeton(desabonnee.jeton)
    suivre(UtilisateurFactory(email="partie@exemple.fr", is_active=False), "")
    publier(titre="Un café des familles")

    assert alertes.envoyer_resumes("quotidienne", maintenant=MAINTENANT) == 0
    assert alertes.envoyer_resumes("hebdomadaire", maintenant=MAINTENANT) == 1
    assert [c.destinataires for c in EmailSortant.objects.all()] == [["camille@exemple.fr"]]


def test_un_long_resume_est_borne_et_renvoie_vers_la_recherche(camille, publier, monkeypatch):
    monkeypatch.setattr(alertes, "FICHES_MAX_PAR_COURRIEL", 2)
    alerte = suivre(camille, "q=café")
    for rang in range(3):
        publier(titre=f"Café numéro {rang}", il_y_a=timedelta(hours=rang + 1))
    alertes.envoyer_resumes("quotidienne", maintenant=MAINTENANT)
    (courriel,) = courriels_a("camille@exemple.fr")
    assert courriel.sujet.startswith("3 nouvelles pratiques")
    assert "Café numéro 0" in courriel.corps_texte and "Café numéro 1" in courriel.corps_texte
    assert "Café numéro 2" not in courriel.corps_texte
    assert "… et 1 autre." in courriel.corps_texte
    recherche = reglages.SITE_URL + reverse("decouverte:recherche") + "?q=caf%C3%A9&tri=date"
    assert recherche in courriel.corps_texte
    assert alerte.parametres == "q=caf%C3%A9"


def test_les_resumes_sont_programmes_chaque_jour_a_7h_et_le_lundi_a_7h30():
    taches = {
        entree["args"]: entree["schedule"]
        for entree in reglages.CELERY_BEAT_SCHEDULE.values()
        if entree["task"] == "decouverte.tasks.envoyer_resumes_alertes"
    }
    assert taches == {
        ("quotidienne",): crontab(hour=7, minute=0),
        ("hebdomadaire",): crontab(day_of_week="mon", hour=7, minute=30),
    }
    assert reglages.CELERY_TIMEZONE == "Europe/Paris"


# --- Pages -----------------------------------------------------------------------


def test_suivre_une_recherche_demande_de_se_connecter_puis_revient_a_la_recherche(client, geo):
    reponse = client.post(
        reverse("decouverte:suivre_recherche"),
        {"parametres": "departement=59&page=2", "frequence": "quotidienne"},
    )
    assert reponse.status_code == 302
    connexion = reverse("comptes:connexion")
    assert reponse["Location"] == f"{connexion}?next=/pratiques/recherche/%3Fdepartement%3D59"
    assert not Alerte.objects.exists()


def test_suivre_une_recherche_connecte_cree_l_alerte_et_le_confirme(client, camille, geo):
    client.force_login(camille)
    reponse = client.post(
        reverse("decouverte:suivre_recherche"),
        {"parametres": "departement=59", "frequence": "quotidienne"},
        follow=True,
    )
    assert reponse.redirect_chain == [(reverse("decouverte:alertes"), 302)]
    alerte = Alerte.objects.get(utilisateur=camille)
    assert alerte.parametres == "departement=59"
    contenu = reponse.content.decode()
    assert "Vous suivez la recherche «\u00a0Nord\u00a0»" in contenu
    assert "chaque jour" in contenu
    assert contenu.count("<h1") == 1
    assert "<title>Mes alertes — Pratiques inspirantes</title>" in contenu
    assert 'href="/pratiques/recherche/?departement=59"' in contenu


def test_suivre_une_recherche_invalide_revient_a_la_recherche_avec_le_message(client, camille, geo):
    client.force_login(camille)
    reponse = client.post(
        reverse("decouverte:suivre_recherche"),
        {"parametres": "thematique=inexistante", "frequence": "quotidienne"},
        follow=True,
    )
    assert reponse.redirect_chain[0][0] == "/pratiques/recherche/?thematique=inexistante"
    assert "Cette recherche ne peut pas être suivie." in reponse.content.decode()
    assert not Alerte.objects.exists()


def test_mes_alertes_ne_montre_que_les_miennes_et_demande_une_connexion(client, camille, geo):
    alertes.creer_alerte(camille, QueryDict("departement=59"), "quotidienne")
    alertes.creer_alerte(UtilisateurFactory(), QueryDict("departement=62"), "quotidienne")
    reponse = client.get(reverse("decouverte:alertes"))
    assert reponse.status_code == 302 and reponse["Location"].startswith(
        reverse("comptes:connexion")
    )
    client.force_login(camille)
    contenu = client.get(reverse("decouverte:alertes")).content.decode()
    assert "Nord" in contenu
    assert "Pas-de-Calais" not in contenu


def test_personne_d_autre_ne_peut_supprimer_mon_alerte(client, camille, geo):
    alerte = alertes.creer_alerte(camille, QueryDict("departement=59"), "quotidienne")
    client.force_login(UtilisateurFactory())
    reponse = client.post(reverse("decouverte:supprimer_alerte", args=[alerte.pk]))
    assert reponse.status_code == 404
    assert Alerte.objects.filter(pk=alerte.pk).exists()
    with pytest.raises(PermissionDenied):
        alertes.supprimer(alerte, par=UtilisateurFactory())
    assert Alerte.objects.filter(pk=alerte.pk).exists()

    client.force_login(camille)
    reponse = client.post(reverse("decouverte:supprimer_alerte", args=[alerte.pk]))
    assert reponse.status_code == 302
    assert not Alerte.objects.filter(pk=alerte.pk).exists()


def test_le_lien_du_courriel_demande_confirmation_avant_de_desabonner(camille, geo):
    alerte = alertes.creer_alerte(camille, QueryDict("departement=59"), "quotidienne")
    anonyme = Client(enforce_csrf_checks=True)
    lien = reverse("decouverte:desabonnement", args=[alerte.jeton])

    # A mail scanner that follows the link unsubscribes nobody.
    reponse = anonyme.get(lien)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert contenu.count("<h1") == 1
    assert "Ne plus recevoir cette alerte" in contenu
    assert f'action="{lien}"' in contenu
    alerte.refresh_from_db()
    assert alerte.active

    # The confirmation button: no login, no CSRF token needed.
    reponse = anonyme.post(lien)
    assert reponse.status_code == 200
    assert "Vous ne recevrez plus d’e-mail pour la recherche «&nbsp;Nord&nbsp;»" in (
        reponse.content.decode()
    )
    alerte.refresh_from_db()
    assert not alerte.active


def test_le_desabonnement_en_un_clic_fonctionne_sans_connexion_ni_jeton_csrf(camille, geo):
    alerte = alertes.creer_alerte(camille, QueryDict("q=jardin"), "quotidienne")
    client_de_messagerie = Client(enforce_csrf_checks=True)
    lien = reverse("decouverte:desabonnement", args=[alerte.jeton])
    for _ in range(2):  # idempotent
        reponse = client_de_messagerie.post(
            lien,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert reponse.status_code == 200
        alerte.refresh_from_db()
        assert not alerte.active
    # Following the same search again reactivates it, without a backlog.
    alertes.creer_alerte(camille, QueryDict("q=jardin"), "quotidienne")
    alerte.refresh_from_db()
    assert alerte.active
    assert timezone.now() - alerte.dernier_envoi_le < timedelta(minutes=1)


@pytest.mark.parametrize("methode", ["get", "post"])
def test_un_jeton_inconnu_donne_un_message_en_francais_et_une_erreur_400(client, db, methode):
    reponse = getattr(client, methode)(reverse("decouverte:desabonnement", args=["jeton-inconnu"]))
    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert "Ce lien de désabonnement n’existe pas ou plus" in contenu
    assert contenu.count("<h1") == 1


def test_le_formulaire_de_la_page_de_recherche_suit_la_recherche_affichee(client, camille, geo):
    requete = RequestFactory().get("/pratiques/recherche/", {"q": "jardin", "departement": "59"})
    requete.user = camille
    html = render_to_string("decouverte/_suivre_recherche.html", request=requete)
    assert f'action="{reverse("decouverte:suivre_recherche")}"' in html
    assert 'name="parametres" value="q=jardin&amp;departement=59"' in html
    assert 'value="hebdomadaire" checked' in html

    client.force_login(camille)
    client.post(
        reverse("decouverte:suivre_recherche"),
        {"parametres": "q=jardin&departement=59", "frequence": "hebdomadaire"},
    )
    assert Alerte.objects.get(utilisateur=camille).parametres == "q=jardin&departement=59"
