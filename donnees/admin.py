from django.contrib import admin

from donnees.models import Depot


@admin.register(Depot)
class DepotAdmin(admin.ModelAdmin):
    list_display = ["cree_le", "format", "nombre_fiches", "taille", "sha256"]
    list_filter = ["format"]
    readonly_fields = ["cree_le", "format", "taille", "sha256", "fichier", "nombre_fiches"]
