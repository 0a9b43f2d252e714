from django.contrib import admin

from suivis.models import Abonnement, SuiviFiche, SuiviTerritoire


@admin.register(Abonnement)
class AbonnementAdmin(admin.ModelAdmin):
    list_display = ["utilisateur", "frequence", "dernier_envoi_le"]
    list_filter = ["frequence"]
    search_fields = ["utilisateur__email"]
    readonly_fields = ["dernier_envoi_le"]


@admin.register(SuiviFiche)
class SuiviFicheAdmin(admin.ModelAdmin):
    list_display = ["utilisateur", "fiche", "cree_le"]
    search_fields = ["utilisateur__email", "fiche__titre"]
    raw_id_fields = ["utilisateur", "fiche"]


@admin.register(SuiviTerritoire)
class SuiviTerritoireAdmin(admin.ModelAdmin):
    list_display = ["utilisateur", "territoire", "cree_le"]
    search_fields = ["utilisateur__email", "territoire__nom"]
    raw_id_fields = ["utilisateur", "territoire"]
