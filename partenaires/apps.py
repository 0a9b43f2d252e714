from django.apps import AppConfig


class PartenairesConfig(AppConfig):
    name = "partenaires"
    verbose_name = "Partenaires"

    def ready(self):
        # Registers the API key's security scheme with drf-spectacular.
        from partenaires import schema  # noqa: F401
