from django.contrib import admin

from territoires.models import ImportTerritoires, Territoire


@admin.register(Territoire)
class TerritoireAdmin(admin.ModelAdmin):
    """Read-only: reference data is imported (manage.py import_territoires), never typed."""

    list_display = ["nom", "niveau", "code", "population", "actif"]
    list_filter = ["niveau", "actif"]
    search_fields = ["nom"]  # replaced by the accent-insensitive search below
    readonly_fields = [f.name for f in Territoire._meta.fields]

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        trouves = Territoire.objects.recherche(search_term).values("pk")
        return queryset.filter(pk__in=trouves), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportTerritoires)
class ImportTerritoiresAdmin(admin.ModelAdmin):
    list_display = ["lance_le", "source", "termine_le"]
    readonly_fields = [f.name for f in ImportTerritoires._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
