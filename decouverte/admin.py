from django.contrib import admin

from decouverte.models import Alerte


@admin.register(Alerte)
class AlerteAdmin(admin.ModelAdmin):
    list_display = ["nom", "utilisateur", "frequence", "active", "dernier_envoi_le"]
    list_filter = ["frequence", "active"]
    search_fields = ["nom", "utilisateur__email"]
    readonly_fields = ["jeton", "parametres", "cree_le", "dernier_envoi_le"]
