from tests.comptes.factories import OrganisationFactory
from tests.partenaires.factories import admin_partenaire
from webhooks import services
from webhooks.evenements import CODES_ABONNABLES


def point(url, organisation=None, evenements=CODES_ABONNABLES, **champs):
    """An endpoint of `organisation`, created by its key manager through the service."""
    gestionnaire = admin_partenaire(organisation or OrganisationFactory())
    return services.creer_point(
        gestionnaire, gestionnaire.organisation, url=url, evenements=evenements, **champs
    )
