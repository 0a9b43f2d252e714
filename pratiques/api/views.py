"""/api/v1/pratiques/: published fiches for partners, read-only.

The list filters through RechercheFilter (the search page's own filter layer), then
counts with pratiques.recherche.moteur and orders with ordonner (relevance) or by a
date; every invalid parameter is a 400 listing the errors by parameter. The facets'
parameters are documented from their declarations (pratiques.recherche.facettes).
"""

import json

from django.db import connection
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.viewsets import ReadOnlyModelViewSet

from pratiques.api.pagination import (
    PERTINENCE,
    TRI_PAR_DEFAUT,
    VALEURS_TRI,
    PaginationPratiques,
)
from pratiques.api.representation import executer_page, instruction_page, page_depuis
from pratiques.api.serializers import PagePratiquesSerializer, PratiqueSerializer, facettes
from pratiques.filters import RechercheFilter
from pratiques.models import (
    Fiche,
    FormeIntervention,
    Partenaire,
    PieceJointe,
    Public,
    Thematique,
)
from pratiques.recherche import cache as cache_recherche
from pratiques.recherche import moteur as recherche
from pratiques.recherche.facettes import FACETTES
from territoires.models import Territoire

# Derived search columns: large (tsvectors, id arrays) and never shown.
COLONNES_DE_RECHERCHE = [
    "recherche", "recherche_entete", "partenaires_noms", "thematiques_ids", "formes_ids",
    "publics_ids", "territoires_ids", "territoires_englobants",
]  # fmt: skip


def _codes(modele):
    return modele.objects.only("pk", "code", "libelle")


def avec_relations(queryset):
    """Everything the serializer reads, in a fixed number of queries per page."""
    return (
        queryset.defer(*COLONNES_DE_RECHERCHE)
        .select_related("niveau_participation", "porteur_type")
        .prefetch_related(
            Prefetch("thematiques", queryset=_codes(Thematique)),
            Prefetch("formes_intervention", queryset=_codes(FormeIntervention)),
            Prefetch("publics", queryset=_codes(Public)),
            Prefetch(
                "territoires",
                queryset=Territoire.objects.only("pk", "niveau", "code", "nom").order_by("pk"),
            ),
            Prefetch("partenaires", queryset=Partenaire.objects.select_related("type")),
            # Attachments brought by a revision are public only once it is published
            # (the revision link is then cleared): never list them before.
            Prefetch(
                "pieces_jointes",
                queryset=PieceJointe.objects.filter(revision__isnull=True),
                to_attr="documents_publics",
            ),
        )
    )


ERREURS = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Paramètre invalide : un objet qui associe à chaque paramètre en cause "
    "la liste de ses erreurs, en français. Exemple : "
    '`{"thematique": ["Sélectionnez un choix valide. inconnue n’en fait pas partie."]}`.',
)

PARAMETRES = [
    OpenApiParameter(
        "q",
        str,
        description="Mots-clés, cherchés en français sans tenir compte des accents ni des "
        'pluriels (« eleve » trouve « élèves »). Syntaxe : `"expression exacte"`, '
        "`-mot` pour exclure, `or` entre deux mots.",
    ),
    *(
        OpenApiParameter(
            facette.nom,
            str,
            many=facette.multiple,
            enum=facette.codes_permis(),
            description=facette.aide_api,
        )
        for facette in FACETTES
    ),
    OpenApiParameter(
        "territoire",
        str,
        description="Référence « niveau:code » d’un territoire (`commune:59350`, "
        "`epci:200093201`, `departement:2A`, `pays:FR`) : les fiches situées dedans "
        "et celles qui le couvrent (son EPCI, son département, sa région, la France).",
    ),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="Seulement les fiches dont `modifiee_le` est postérieur ou égal à cette "
        "date (ISO 8601 avec fuseau, par exemple `2026-11-23T08:00:00Z` ; encoder `+` en "
        "`%2B`). Avec `ordering=modifiee_le`, pour une synchronisation incrémentale.",
    ),
    OpenApiParameter(
        "ordering",
        str,
        enum=VALEURS_TRI,
        default=TRI_PAR_DEFAUT,
        description="Tri : `-publiee_le` (défaut, plus récentes d’abord), `publiee_le`, "
        "`-modifiee_le`, `modifiee_le` (pour la synchronisation), ou `pertinence` "
        "(avec `q` seulement ; limité aux 1 000 fiches les plus pertinentes).",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="Rechercher les fiches publiées",
        description=(
            "Les fiches publiées, filtrées comme sur la page de recherche du site. "
            "Pagination par curseur : suivre `next` jusqu’à ce qu’il vaille null. "
            "La première page (sans `cursor`) donne aussi `total`, le nombre exact de "
            "résultats, et `facettes`, les comptes par valeur de chaque filtre.\n\n"
            "Synchronisation incrémentale : parcourir `?ordering=modifiee_le&"
            "updated_since=<date>` jusqu’au bout, retenir le plus grand `modifiee_le` "
            "reçu, et repartir de cette date (moins quelques minutes de marge) la fois "
            "suivante ; une fiche peut revenir plusieurs fois, l’identifier par son "
            "`slug`. Une fiche archivée ou supprimée disparaît de la liste\u00a0: "
            "/api/v1/pratiques/retraits/ avec la même date donne les fiches à retirer "
            "de sa copie."
        ),
        # The parameters of RechercheFilter are documented above, the facets' from their
        # declarations (a test checks that none is missing): its method filters give
        # the automatic guess no type.
        filters=False,
        parameters=PARAMETRES,
        responses={200: PagePratiquesSerializer, 400: ERREURS},
    ),
    retrieve=extend_schema(
        summary="Lire une fiche publiée",
        description="Une fiche publiée, désignée par son `slug`. Une fiche qui n’est pas "
        "publiée (brouillon, en relecture, refusée, archivée) répond 404.",
        responses={
            200: PratiqueSerializer,
            404: OpenApiResponse(description="Aucune fiche publiée ne porte ce slug."),
        },
    ),
)
class PratiqueViewSet(ReadOnlyModelViewSet):
    """Published fiches, looked up by slug."""

    serializer_class = PratiqueSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RechercheFilter
    pagination_class = PaginationPratiques
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    tri = TRI_PAR_DEFAUT

    def get_queryset(self):
        return Fiche.objects.publiees()

    def list(self, request, *args, **kwargs):
        # The filters take the search index (one row per published fiche).
        filtre = self.filter_backends[0]().get_filterset(request, recherche.index_publie(), self)
        erreurs = {}
        if not filtre.is_valid():
            erreurs.update({champ: list(messages) for champ, messages in filtre.errors.items()})
        # Present but empty is not the default: an unknown value, as the schema says.
        tri = request.query_params.get("ordering", TRI_PAR_DEFAUT)
        if tri not in VALEURS_TRI:
            erreurs["ordering"] = [
                f"Tri inconnu : « {tri} ». Valeurs possibles : {', '.join(VALEURS_TRI)}."
            ]
        elif tri == PERTINENCE and not (request.query_params.get("q") or "").strip():
            erreurs["ordering"] = [
                "Le tri « pertinence » classe les résultats d’une recherche : ajoutez des "
                "mots-clés (`q`) ou choisissez un tri par date."
            ]
        if erreurs:
            raise ValidationError(erreurs)
        self.tri = tri

        index = filtre.qs
        if tri == PERTINENCE:
            ordonnees = recherche.ordonner(index, texte=filtre.texte, tri=PERTINENCE)
        else:
            ordonnees = index  # the paginator orders by (date, id)
        tranche = self.paginate_queryset(ordonnees)
        # One statement: the page, its JSON (built by PostgreSQL, equal to
        # PratiqueSerializer's) and on the first page the counts.
        premiere = self.paginator.premiere_page
        comptes_sql = recherche.sql_des_comptes(filtre.qs) if premiere else None
        requete, parametres = instruction_page(tranche, request, avec=comptes_sql)

        def calculer(avec_version: str):
            with recherche.reglages_de_recherche(filtre.texte), connection.cursor() as curseur:
                curseur.execute(avec_version, parametres)
                ligne = curseur.fetchone()
            page = page_depuis(ligne[:-1], avec=True)
            comptes = recherche.comptes_depuis(page.lignes_avec)[0]
            # Plain data (what the response shows), not the serializer's ReturnDict.
            return (page, comptes.total, json.loads(json.dumps(facettes(comptes)))), ligne[-1]

        # First pages (the costly ones: counts over every result, and their facets)
        # come from the search cache, keyed by this statement, while the corpus version
        # is the same; the cursor pages after them are cheap keyset reads.
        total = comptes_par_facette = None
        if premiere:
            page, total, comptes_par_facette = cache_recherche.servir(
                "api:1", requete, parametres, calculer
            )
        else:
            with recherche.reglages_de_recherche(filtre.texte):
                page = executer_page(requete, parametres, avec=False)
        positions = self.paginator.conclure(
            list(zip(page.publiees_le, page.modifiees_le, page.ids, strict=True))
        )
        return self.paginator.get_paginated_response(
            "[" + ",".join(page.textes[i] for i in positions) + "]",
            total=total,
            facettes=comptes_par_facette,
        )

    def get_object(self):
        """By slug among published fiches only; the search filters do not apply."""
        fiche = avec_relations(self.get_queryset()).filter(slug=self.kwargs["slug"]).first()
        if fiche is None:
            raise NotFound("Aucune fiche publiée ne porte ce slug.")
        self.check_object_permissions(self.request, fiche)
        return fiche
