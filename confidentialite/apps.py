from django.apps import AppConfig


class ConfidentialiteConfig(AppConfig):
    name = "confidentialite"
    verbose_name = "Confidentialité (données personnelles)"
