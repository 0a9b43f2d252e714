from django.contrib import admin
from rest_framework_api_key.models import APIKey

from partenaires.models import CleApi, UtilisationCle

# The library's own key model is not used: partners' keys are CleApi.
admin.site.unregister(APIKey)


@admin.register(CleApi)
class CleApiAdmin(admin.ModelAdmin):
    """Read-only: keys are created and revoked on the partners' pages (the full key
    is shown once there)."""

    list_display = ["name", "prefix", "organisation", "revoked", "expiry_date"]
    list_filter = ["revoked", "organisation"]
    search_fields = ["name", "prefix", "organisation__nom"]
    readonly_fields = [
        "prefix", "name", "organisation", "portees", "created", "creee_par", "expiry_date",
        "revoked", "revoquee_le", "derniere_utilisation",
    ]  # fmt: skip
    exclude = ["hashed_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(UtilisationCle)
class UtilisationCleAdmin(admin.ModelAdmin):
    list_display = ["cle", "jour", "nombre"]
    list_filter = ["jour"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
