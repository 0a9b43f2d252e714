from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        # Fiche events come from pratiques' EvenementModeration (webhooks.fiches).
        from webhooks import fiches

        fiches.brancher()
