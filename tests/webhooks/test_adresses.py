"""Which addresses an endpoint may have: https:// to a public server; http:// to the
loopback only when WEBHOOKS_ADRESSES_LOCALES is on (tests, DEBUG); never a private or
local network in production (SSRF)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comptes.models import Utilisateur
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.partenaires.factories import admin_partenaire
from webhooks import adresses, services
from webhooks.evenements import FICHE_PUBLIEE
from webhooks.models import Livraison, PointDeTerminaison


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/crochet", "http://localhost/crochet", "https://10.1.2.3/crochet"],
)
def test_les_adresses_locales_sont_acceptees_en_test_et_en_developpement(settings, url):
    settings.WEBHOOKS_ADRESSES_LOCALES = True
    assert adresses.verifier(url) == url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:8080/crochet", "https://"),
        ("http://recepteur.example.org/crochet", "https://"),
        ("ftp://recepteur.example.org/crochet", "https://"),
        ("https://127.0.0.1/crochet", "réseau privé ou local"),
        ("https://localhost/crochet", "réseau privé ou local"),
        ("https://10.0.0.8/crochet", "réseau privé ou local"),
        ("https://192.168.1.20:8443/crochet", "réseau privé ou local"),
        ("https://169.254.169.254/latest/meta-data", "réseau privé ou local"),
        ("https://[::1]/crochet", "réseau privé ou local"),
        ("https://[fd00::1]/crochet", "réseau privé ou local"),
        ("https://0.0.0.0/crochet", "réseau privé ou local"),
        ("https://moi:motdepasse@93.184.215.14/crochet", "ni identifiant ni mot de passe"),
        ("https://93.184.215.14:99999/crochet", "pas valide"),
        ("https://nom-qui-n-existe-pas.invalid/crochet", "aucun serveur joignable"),
    ],
)
def test_en_production_seules_les_adresses_https_publiques_sont_acceptees(settings, url, message):
    settings.WEBHOOKS_ADRESSES_LOCALES = False
    with pytest.raises(adresses.AdresseRefusee) as refus:
        adresses.verifier(url)
    assert message in " ".join(refus.value.messages)


def test_une_adresse_ip_publique_en_https_est_acceptee_en_production(settings):
    settings.WEBHOOKS_ADRESSES_LOCALES = False
    assert adresses.verifier("https://93.184.215.14/crochet")


@pytest.mark.django_db
def test_creer_un_point_refuse_une_adresse_interdite_avec_l_erreur_sur_le_champ(settings):
    settings.WEBHOOKS_ADRESSES_LOCALES = False
    gestionnaire = admin_partenaire()
    with pytest.raises(ValidationError) as refus:
        services.creer_point(
            gestionnaire,
            gestionnaire.organisation,
            url="https://192.168.0.10/crochet",
            evenements=[FICHE_PUBLIEE],
        )
    assert "réseau privé" in refus.value.message_dict["url"][0]
    assert not PointDeTerminaison.objects.exists()


@pytest.mark.django_db
def test_une_adresse_devenue_interdite_n_est_plus_appelee(settings):
    """Checked again before each delivery: a name may be pointed elsewhere later."""
    gestionnaire = admin_partenaire()
    objet = services.creer_point(
        gestionnaire,
        gestionnaire.organisation,
        url="http://127.0.0.1:9/crochet",
        evenements=[FICHE_PUBLIEE],
    )
    livraison = services.tester(gestionnaire, objet)
    settings.WEBHOOKS_ADRESSES_LOCALES = False
    assert services.livrer(livraison.pk) is False
    livraison.refresh_from_db()
    assert livraison.etat == Livraison.Etat.ECHEC
    assert livraison.derniere_erreur == "L’adresse doit commencer par https://."


@pytest.mark.django_db
def test_seuls_les_gestionnaires_de_l_organisation_gerent_ses_points():
    organisation = OrganisationFactory()
    for intrus in (
        UtilisateurFactory(),
        admin_partenaire(OrganisationFactory()),
        UtilisateurFactory(
            role=Utilisateur.Role.PARTENAIRE, organisation=organisation, gere_les_cles=False
        ),
    ):
        with pytest.raises(PermissionDenied):
            services.creer_point(
                intrus, organisation, url="https://exemple.org/", evenements=[FICHE_PUBLIEE]
            )
    assert not PointDeTerminaison.objects.exists()
