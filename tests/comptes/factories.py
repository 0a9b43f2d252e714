import factory
from django.utils import timezone

from comptes.models import Organisation, Utilisateur

MOT_DE_PASSE = "un mot de passe solide 2026"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["nom"]

    nom = factory.Sequence(lambda n: f"CAF de test {n}")
    type = Organisation.Type.CAF


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    prenom = "Camille"
    nom = factory.Sequence(lambda n: f"Martin{n}")
    is_active = True
    email_confirme_le = factory.LazyFunction(timezone.now)
    password = factory.django.Password(MOT_DE_PASSE)
