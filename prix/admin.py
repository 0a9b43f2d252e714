from django.contrib import admin

from prix.models import Candidature, Critere, Edition, Jury, Laureat, MembreJury


class CritereInline(admin.TabularInline):
    model = Critere
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["annee", "nominations_le", "annonce_le", "nb_laureats_departementaux"]
    inlines = [CritereInline]


class MembreJuryInline(admin.TabularInline):
    model = MembreJury
    extra = 0
    raw_id_fields = ["utilisateur"]
    fields = ["nom", "email", "utilisateur", "president", "accepte_le"]
    readonly_fields = ["accepte_le"]


@admin.register(Jury)
class JuryAdmin(admin.ModelAdmin):
    # Closing and publishing go through prix.services (the president's pages).
    list_display = ["__str__", "niveau", "clos_le", "publie_le"]
    list_filter = ["edition", "niveau"]
    readonly_fields = ["clos_le", "publie_le", "motifs"]
    inlines = [MembreJuryInline]


@admin.register(Candidature)
class CandidatureAdmin(admin.ModelAdmin):
    # Scores stay secret until the jury closes: no Note admin, and no score here
    # before closing (the score is only computed on closing).
    list_display = ["fiche", "edition", "niveau", "departement", "mode", "etat", "rang"]
    list_filter = ["edition", "niveau", "etat"]
    raw_id_fields = ["fiche", "proposee_par"]
    readonly_fields = ["etat", "score", "rang"]


@admin.register(Laureat)
class LaureatAdmin(admin.ModelAdmin):
    list_display = ["fiche", "edition", "niveau", "departement", "rang"]
    list_filter = ["edition", "niveau"]
    raw_id_fields = ["fiche", "candidature"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
