from django.contrib import admin

from pratiques.models import (
    EvenementModeration,
    Fiche,
    FormeIntervention,
    NiveauParticipation,
    Partenaire,
    PieceJointe,
    Public,
    Revision,
    Synonyme,
    Thematique,
    TypeStructure,
)


@admin.register(Thematique, FormeIntervention, Public, NiveauParticipation, TypeStructure)
class VocabulaireAdmin(admin.ModelAdmin):
    """National administrators edit the vocabularies; codes stay stable."""

    list_display = ["libelle", "code", "ordre", "actif"]
    list_editable = ["ordre", "actif"]
    list_filter = ["actif"]
    search_fields = ["libelle", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


class PartenaireInline(admin.TabularInline):
    model = Partenaire
    extra = 0


class EvenementInline(admin.TabularInline):
    model = EvenementModeration
    extra = 0
    can_delete = False
    fields = ["cree_le", "acteur", "etat_avant", "etat_apres", "motif", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Fiche)
class FicheAdmin(admin.ModelAdmin):
    """Read-mostly: states change through the moderation pages (pratiques.services)."""

    list_display = ["titre", "etat", "departement_moderation", "auteur", "modifiee_le"]
    list_filter = ["etat"]
    search_fields = ["titre", "slug"]
    readonly_fields = ["etat", "version", "departement_moderation", "publiee_le", "soumise_le"]
    autocomplete_fields = ["auteur"]
    raw_id_fields = ["territoires"]
    inlines = [PartenaireInline, EvenementInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["fiche", "etat", "auteur", "cree_le"]
    list_filter = ["etat"]
    readonly_fields = ["fiche", "etat", "version", "contenu"]


@admin.register(PieceJointe)
class PieceJointeAdmin(admin.ModelAdmin):
    list_display = ["titre", "fiche", "type_mime", "taille", "ajoutee_le"]


@admin.register(Synonyme)
class SynonymeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "actif"]
    list_filter = ["actif"]
