from django.apps import AppConfig


class CollectifsConfig(AppConfig):
    name = "collectifs"
    verbose_name = "Collectifs locaux de développement social"
