from comptes.models import Utilisateur
from partenaires import services
from partenaires.models import Portee
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory


def admin_partenaire(organisation=None, **champs):
    """A partner who manages the keys of their organisation."""
    return UtilisateurFactory(
        role=Utilisateur.Role.PARTENAIRE,
        organisation=organisation or OrganisationFactory(),
        gere_les_cles=True,
        **champs,
    )


def nouvelle_cle(organisation=None, portees=(Portee.LECTURE,), **champs):
    """(CleApi, the full key) of `organisation`, created by its partner admin."""
    gestionnaire = admin_partenaire(organisation)
    return services.creer_cle(
        gestionnaire,
        gestionnaire.organisation,
        nom=champs.pop("nom", "Synchronisation"),
        portees=portees,
        **champs,
    )


def entete(cle: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Api-Key {cle}"}
