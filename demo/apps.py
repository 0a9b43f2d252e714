from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration and benchmark data: the fiche generator, the report's practices,
    one account per role. It uses the domain apps; none of them knows it."""

    name = "demo"
    verbose_name = "Données de démonstration"
