from django.contrib import admin

from core.models import EmailSortant


@admin.register(EmailSortant)
class EmailSortantAdmin(admin.ModelAdmin):
    list_display = ["sujet", "statut", "tentatives", "cree_le", "envoye_le"]
    list_filter = ["statut"]
    search_fields = ["sujet", "destinataires"]
    readonly_fields = [f.name for f in EmailSortant._meta.fields]
