from django.contrib import admin

from collectifs.models import (
    Collectif,
    EvenementCollectif,
    Financement,
    Membre,
    MiseADisposition,
    QuotaDepartemental,
    Rappel,
    RapportAnnuel,
    Reconnaissance,
    TiersAccompagnant,
)


class MembreInline(admin.TabularInline):
    model = Membre
    extra = 0
    raw_id_fields = ["utilisateur"]
    fields = ["utilisateur", "college", "fonction", "role", "statut", "nom_public"]


class FinancementInline(admin.TabularInline):
    model = Financement
    extra = 0


class MiseADispositionInline(admin.TabularInline):
    model = MiseADisposition
    extra = 0


class TiersInline(admin.StackedInline):
    model = TiersAccompagnant
    extra = 0


class EvenementInline(admin.TabularInline):
    """The journal is written by collectifs.services only."""

    model = EvenementCollectif
    extra = 0
    can_delete = False
    fields = ["cree_le", "acteur", "action", "etat_avant", "etat_apres", "motif", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Collectif)
class CollectifAdmin(admin.ModelAdmin):
    list_display = ["nom", "etat", "departement", "reconnu_jusqu_au", "cree_le"]
    list_filter = ["etat", "forme"]
    search_fields = ["nom", "slug"]
    raw_id_fields = ["territoires", "departement", "declare_par"]
    # The recognition moves through collectifs.services, never by hand.
    readonly_fields = ["etat", "reconnu_le", "reconnu_jusqu_au", "candidature_le", "departement"]
    inlines = [
        MembreInline,
        FinancementInline,
        MiseADispositionInline,
        TiersInline,
        EvenementInline,
    ]


@admin.register(QuotaDepartemental)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ["annee", "departement", "nombre_max", "enveloppe", "modifie_le"]
    list_filter = ["annee"]
    raw_id_fields = ["departement", "modifie_par"]


@admin.register(Reconnaissance)
class ReconnaissanceAdmin(admin.ModelAdmin):
    list_display = ["collectif", "departement", "annee", "debut", "fin", "montant"]
    list_filter = ["annee"]
    readonly_fields = [f.name for f in Reconnaissance._meta.fields]


@admin.register(RapportAnnuel)
class RapportAdmin(admin.ModelAdmin):
    list_display = ["collectif", "annee", "depose_le", "accuse_le"]
    list_filter = ["annee"]
    raw_id_fields = ["collectif", "depose_par", "accuse_par"]


@admin.register(Rappel)
class RappelAdmin(admin.ModelAdmin):
    list_display = ["collectif", "type", "cle", "envoye_le"]
    list_filter = ["type"]
    readonly_fields = ["collectif", "type", "cle", "envoye_le"]
