from django.contrib import admin

from webhooks.models import Livraison, PointDeTerminaison


class LectureSeule(admin.ModelAdmin):
    """Read-only: endpoints are managed on the partners' pages and the API (through
    webhooks.services, which checks the address); the secret is never shown here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PointDeTerminaison)
class PointDeTerminaisonAdmin(LectureSeule):
    list_display = ["url", "organisation", "actif", "echecs_consecutifs", "cree_le"]
    list_filter = ["actif", "organisation"]
    search_fields = ["url", "organisation__nom"]
    exclude = ["secret"]


@admin.register(Livraison)
class LivraisonAdmin(LectureSeule):
    list_display = ["identifiant", "evenement", "point", "etat", "tentatives", "cree_le"]
    list_filter = ["etat", "evenement"]
    search_fields = ["identifiant", "point__url"]
    list_select_related = ["point"]
