from django.contrib import admin

from droits.models import JournalRole


@admin.register(JournalRole)
class JournalRoleAdmin(admin.ModelAdmin):
    list_display = ["le", "acteur", "personne", "avant", "apres"]
    readonly_fields = ["le", "acteur", "personne", "avant", "apres"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
