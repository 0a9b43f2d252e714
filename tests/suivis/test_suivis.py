"""Following (docs/domaine.md §18): a signed-in person follows a fiche (its new published
versions) and a territory (new fiches inside it), from the fiche and territory pages,
lists and stops following on "Mes suivis", and receives what changed in one digest,
each change once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import EmailSortant
from pratiques import services
from pratiques.models import EvenementModeration, Fiche
from suivis import resumes
from suivis import services as suivis
from suivis.models import Abonnement, SuiviFiche, SuiviTerritoire
from tests.comptes.factories import UtilisateurFactory
from tests.outils import connecte, texte
from tests.pratiques.factories import contenu_complet, fiche_publiee

pytestmark = pytest.mark.django_db


@pytest.fixture
def lea(db):
    return UtilisateurFactory(email="lea@exemple.fr", prenom="Léa")


def courriels_a(adresse):
    return list(EmailSortant.objects.filter(destinataires=[adresse]).order_by("cree_le", "pk"))


def reculer(utilisateur, depuis=timedelta(days=2)):
    Abonnement.objects.filter(utilisateur=utilisateur).update(
        dernier_envoi_le=timezone.now() - depuis
    )


def nouvelle_version(fiche, auteur, moderateur, titre):
    services.enregistrer(
        fiche,
        par=auteur,
        contenu=contenu_complet(titre=titre),
        version=services.version_courante(fiche),
    )
    services.soumettre(fiche, par=auteur, donnees_personnelles_relues=True)
    services.publier(fiche, par=moderateur, confirme_donnees_personnelles=True)
    # An hour ago: outside the digest's safety margin (resumes.MARGE_PUBLICATION).
    EvenementModeration.objects.filter(pk=fiche.evenements.last().pk).update(
        cree_le=timezone.now() - timedelta(hours=1)
    )


# --- Following from the pages -------------------------------------------------------------


def test_suivre_une_pratique_depuis_sa_page_puis_ne_plus_la_suivre(lea, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    client = connecte(lea)
    page_fiche = reverse("pratiques:fiche", args=[fiche.slug])
    assert "Suivre cette pratique" in client.get(page_fiche).content.decode()

    reponse = client.post(
        reverse("suivis:fiche", args=[fiche.pk]), {"action": "suivre", "suivant": page_fiche}
    )
    assert reponse.status_code == 302 and reponse["Location"] == page_fiche
    assert SuiviFiche.objects.filter(utilisateur=lea, fiche=fiche).exists()
    page = texte(client.get(page_fiche).content.decode())
    assert "Ne plus suivre cette pratique" in page
    assert "Vous suivez cette pratique" in page  # the message after the redirect

    # Following twice is still one follow; an outside address is not followed back.
    reponse = client.post(
        reverse("suivis:fiche", args=[fiche.pk]),
        {"action": "suivre", "suivant": "https://ailleurs.example.com/"},
    )
    assert reponse["Location"] == reverse("suivis:mes_suivis")
    assert SuiviFiche.objects.filter(utilisateur=lea).count() == 1

    client.post(reverse("suivis:fiche", args=[fiche.pk]), {"action": "arreter"})
    assert not SuiviFiche.objects.filter(utilisateur=lea).exists()


def test_suivre_demande_une_connexion_et_refuse_ce_qui_n_est_pas_publie(
    client, lea, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    page = client.get(reverse("pratiques:fiche", args=[fiche.slug])).content.decode()
    assert "Connectez-vous</a> pour suivre cette pratique" in page
    reponse = client.post(reverse("suivis:fiche", args=[fiche.pk]), {"action": "suivre"})
    assert reponse.status_code == 302 and "/compte/connexion/" in reponse["Location"]
    assert not SuiviFiche.objects.exists()
    assert "/compte/connexion/" in client.get(reverse("suivis:mes_suivis"))["Location"]

    brouillon = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    connectee = connecte(lea)
    reponse = connectee.post(reverse("suivis:fiche", args=[brouillon.pk]), {"action": "suivre"})
    assert reponse.status_code == 404
    assert connectee.get(reverse("suivis:fiche", args=[fiche.pk])).status_code == 405
    assert (
        connectee.post(
            reverse("suivis:territoire", args=[999999]), {"action": "suivre"}
        ).status_code
        == 404
    )
    assert not SuiviFiche.objects.exists()


def test_suivre_un_territoire_depuis_sa_page_et_mes_suivis(lea, geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord, titre="Un atelier vélo")
    client = connecte(lea)
    page_nord = reverse("decouverte:territoire", args=["departement", "59"])
    assert "Suivre ce territoire" in client.get(page_nord).content.decode()
    client.post(
        reverse("suivis:territoire", args=[geo.nord.pk]), {"action": "suivre", "suivant": page_nord}
    )
    assert "Ne plus suivre ce territoire" in client.get(page_nord).content.decode()
    suivis.suivre_fiche(lea, fiche)

    mes_suivis = texte(client.get(reverse("suivis:mes_suivis")).content.decode())
    assert "Un atelier vélo" in mes_suivis
    assert "Nord" in mes_suivis
    # Someone else's follows are not shown.
    autre = UtilisateurFactory()
    assert "Un atelier vélo" not in texte(
        connecte(autre).get(reverse("suivis:mes_suivis")).content.decode()
    )

    reponse = client.post(reverse("suivis:mes_suivis"), {"frequence": "quotidienne"})
    assert reponse.status_code == 302
    assert Abonnement.objects.get(utilisateur=lea).frequence == "quotidienne"
    reponse = client.post(reverse("suivis:mes_suivis"), {"frequence": "chaque heure"})
    assert reponse.status_code == 400
    assert "Choisissez une fréquence" in reponse.content.decode()

    client.post(reverse("suivis:territoire", args=[geo.nord.pk]), {"action": "arreter"})
    assert not SuiviTerritoire.objects.exists()
    assert client.get(reverse("suivis:mes_suivis")).status_code == 200


# --- The digest ------------------------------------------------------------------------------


def test_le_resume_dit_les_nouvelles_versions_et_les_nouvelles_fiches_des_territoires(
    lea, geo, auteur, moderateur_nord, publier
):
    suivie = fiche_publiee(auteur, moderateur_nord, titre="Un café des familles")
    pas_suivie = fiche_publiee(auteur, moderateur_nord, titre="Une fiche non suivie")
    suivis.suivre_fiche(lea, suivie)
    suivis.suivre_territoire(lea, geo.nord)
    suivis.changer_frequence(lea, "quotidienne")
    reculer(lea)
    # First published before the follow's window: not new in the territory.
    Fiche.objects.filter(pk__in=[suivie.pk, pas_suivie.pk]).update(
        publiee_le=timezone.now() - timedelta(days=3)
    )

    nouvelle_version(suivie, auteur, moderateur_nord, "Un café des familles, deuxième saison")
    nouvelle_version(pas_suivie, auteur, moderateur_nord, "Une fiche non suivie, modifiée")
    a_lille = publier(
        titre="Une ludothèque à Lille", publiee_le=timezone.now() - timedelta(hours=1)
    )
    publier(
        titre="Une ludothèque à Arras",
        territoires=["commune:62041"],
        publiee_le=timezone.now() - timedelta(hours=1),
    )

    assert resumes.envoyer_resumes("hebdomadaire") == 0  # not her frequency
    assert resumes.envoyer_resumes("quotidienne") == 1
    (courriel,) = courriels_a(lea.email)
    corps = courriel.corps_texte
    assert "Bonjour Léa," in corps
    assert "Pratiques que vous suivez" in corps
    assert "Un café des familles, deuxième saison — nouvelle version publiée" in corps
    assert "Nouvelles pratiques : Nord" in corps
    assert "Une ludothèque à Lille" in corps
    assert reverse("pratiques:fiche", args=[a_lille.slug]) in corps
    assert "Arras" not in corps
    assert "non suivie" not in corps
    assert reverse("suivis:mes_suivis") in corps

    # Each change once: the next digest has nothing, so no e-mail.
    assert (
        resumes.envoyer_resumes("quotidienne", maintenant=timezone.now() + timedelta(days=1)) == 0
    )
    assert len(courriels_a(lea.email)) == 1


def test_pas_de_resume_sans_nouveaute_ni_pour_ce_qui_precede_le_suivi(lea, geo, publier):
    publier(titre="Publiée avant le suivi", publiee_le=timezone.now() - timedelta(days=1))
    suivis.suivre_territoire(lea, geo.nord)  # the window starts now
    assert (
        resumes.envoyer_resumes("hebdomadaire", maintenant=timezone.now() + timedelta(days=7)) == 0
    )
    assert courriels_a(lea.email) == []


def test_les_resumes_des_suivis_sont_programmes_par_le_beat(settings):
    taches = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "suivis.tasks.envoyer_resumes_suivis" in taches
    frequences = {
        e["args"][0]
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "suivis.tasks.envoyer_resumes_suivis"
    }
    assert frequences == {"quotidienne", "hebdomadaire"}


def test_le_resume_dit_les_reprises_publiees_des_pratiques_suivies(
    lea, geo, auteur, moderateur_nord
):
    from datetime import date

    from essaimage import services as essaimage

    suivie = fiche_publiee(auteur, moderateur_nord, titre="Un café des familles")
    autre = fiche_publiee(auteur, moderateur_nord, titre="Une fiche non suivie")
    suivis.suivre_fiche(lea, suivie)
    reculer(lea)
    lille = geo.lille
    publiee = essaimage.declarer(
        suivie, par=auteur, territoire=lille, depuis=date(2025, 3, 1), garde="Le principe"
    )
    essaimage.publier(publiee, par=moderateur_nord)
    en_attente = essaimage.declarer(
        suivie, par=auteur, territoire=lille, depuis=date(2025, 3, 1), garde="Rien"
    )
    ailleurs = essaimage.declarer(
        autre, par=auteur, territoire=lille, depuis=date(2025, 3, 1), garde="Tout"
    )
    essaimage.publier(ailleurs, par=moderateur_nord)
    # Decided an hour ago: outside the digest's safety margin.
    type(publiee).objects.filter(pk__in=[publiee.pk, ailleurs.pk]).update(
        decidee_le=timezone.now() - timedelta(hours=1)
    )

    assert resumes.envoyer_resumes("hebdomadaire") == 1
    (courriel,) = courriels_a(lea.email)
    corps = courriel.corps_texte
    assert "Nouvelles reprises des pratiques que vous suivez" in corps
    assert f"Un café des familles — reprise à {lille.nom}" in corps
    assert reverse("essaimage:reprises", args=[suivie.slug]) in corps
    assert corps.count("reprise à") == 1  # neither the pending one nor the unfollowed fiche's
    assert en_attente.etat == "soumise"
    assert (
        resumes.envoyer_resumes("hebdomadaire", maintenant=timezone.now() + timedelta(days=7)) == 0
    )
