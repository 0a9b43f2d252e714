"""What the partners' API shows of a published fiche.

Every field is listed explicitly (never `fields = "__all__"`): the contact's e-mail
address, the author, the moderation state and département, revisions and their
attachments are not fields, so they cannot leak when the model grows. Coded values
are {code, libelle}; the codes are those the filters take.
"""

from django.urls import reverse as reverse_site
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse as reverse_api

from pratiques import actualite
from pratiques.models import (
    Budget,
    Echelle,
    Fiche,
    MethodeEvaluation,
    PieceJointe,
    PrecisionDate,
    StatutAction,
)
from pratiques.recherche.facettes import FACETTES
from territoires.api.serializers import TerritoireResumeSerializer

LICENCES = {
    "etalab-2.0": (
        "Licence Ouverte / Etalab 2.0",
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ),
}


def _valeurs(choix) -> str:
    return ", ".join(f"`{valeur}`" for valeur in choix.values)


def _absolue(request, chemin: str) -> str:
    return request.build_absolute_uri(chemin) if request else chemin


class CodeLibelleSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code stable de la valeur.")
    libelle = serializers.CharField(help_text="Libellé en français.")


class VocabulaireSerializer(serializers.Serializer):
    """A value of a controlled vocabulary (thématique, forme, public…)."""

    code = serializers.CharField(
        help_text="Code stable de la valeur, celui que prennent les filtres."
    )
    libelle = serializers.CharField(help_text="Libellé en français.")


@extend_schema_field(CodeLibelleSerializer)
class ChoixField(serializers.Field):
    """A coded value stored as a string ("en_cours") shown as {code, libelle}; an
    empty value is null. Its documentation is `aide` followed by the codes."""

    def __init__(self, choix, aide: str, **kwargs):
        self.libelles = dict(choix.choices)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("help_text", f"{aide} ; codes : {_valeurs(choix)}.")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, code):
        if not code:
            return None
        return {"code": code, "libelle": str(self.libelles.get(code, code))}


class PartenaireSerializer(serializers.Serializer):
    nom = serializers.CharField(help_text="Nom de la structure partenaire.")
    type = VocabulaireSerializer(
        allow_null=True, help_text="Type de structure (vocabulaire des types de structure)."
    )
    role = serializers.CharField(help_text="Rôle du partenaire dans l’action (peut être vide).")


class LienSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Adresse du lien, telle que saisie.")
    titre = serializers.CharField(help_text="Intitulé du lien (peut être vide).")


class SourceSerializer(serializers.Serializer):
    document = serializers.CharField(help_text="Document source (rapport, article…).")
    reference = serializers.CharField(
        help_text="Emplacement dans le document : page, lignes… (peut être vide)."
    )


class DocumentSerializer(serializers.ModelSerializer):
    """A public attachment: one of the published fiche, never one of a revision."""

    type_mime = serializers.ChoiceField(
        choices=PieceJointe.Type.choices,
        help_text="Type du fichier, reconnu d’après son contenu.",
    )
    taille = serializers.IntegerField(help_text="Taille du fichier, en octets.")
    texte_alternatif = serializers.CharField(
        help_text="Description de l’image pour qui ne la voit pas (vide pour un PDF)."
    )
    url = serializers.SerializerMethodField(help_text="Adresse de téléchargement du document.")

    class Meta:
        model = PieceJointe
        fields = ["titre", "type_mime", "taille", "texte_alternatif", "url"]
        extra_kwargs = {"titre": {"help_text": "Titre du document."}}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, piece) -> str:
        chemin = reverse_site("pratiques:document", args=[piece.pk])
        return _absolue(self.context.get("request"), chemin)


class LicenceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Identifiant de la licence : `etalab-2.0`.")
    libelle = serializers.CharField(help_text="Nom de la licence.")
    url = serializers.URLField(allow_null=True, help_text="Texte de la licence.")


def _texte(aide: str):
    return serializers.CharField(read_only=True, help_text=f"{aide} Texte brut, peut être vide.")


class PratiqueSerializer(serializers.ModelSerializer):
    """A published fiche, every public field. The contact's e-mail address is never
    shown (`contact_formulaire` relays messages), nor anything about its author."""

    slug = serializers.SlugField(
        read_only=True,
        help_text="Identifiant stable de la fiche, dans ses adresses (page et API).",
    )
    url = serializers.SerializerMethodField(help_text="Adresse de la fiche dans l’API.")
    page = serializers.SerializerMethodField(help_text="Adresse de la fiche sur le site.")
    titre = serializers.CharField(read_only=True, help_text="Titre (200 caractères au plus).")
    resume = serializers.CharField(
        read_only=True, help_text="Résumé en texte brut (600 caractères au plus)."
    )
    # classification
    thematiques = VocabulaireSerializer(
        many=True, read_only=True, help_text="Thématiques (au moins une)."
    )
    formes_intervention = VocabulaireSerializer(
        many=True,
        read_only=True,
        help_text="Formes d’intervention collective (au moins une).",
    )
    publics = VocabulaireSerializer(many=True, read_only=True, help_text="Publics (facultatif).")
    niveau_participation = VocabulaireSerializer(
        read_only=True,
        allow_null=True,
        help_text="Niveau de participation des personnes : information, consultation, "
        "co-construction ou codécision.",
    )
    # place
    territoires = TerritoireResumeSerializer(
        many=True,
        read_only=True,
        help_text="Territoires d’action (au moins un), de tout niveau : pays, région, "
        "département, EPCI, commune.",
    )
    echelle = ChoixField(Echelle, "Échelle de l’action")
    quartier = _texte("Quartier où se déroule l’action.")
    # context and content
    contexte = _texte("Contexte et diagnostic de départ.")
    objectifs = _texte("Objectifs.")
    description = _texte("Description et déroulement (les étapes).")
    porteur_nom = _texte("Nom de la structure qui porte l’action.")
    porteur_type = VocabulaireSerializer(
        read_only=True, allow_null=True, help_text="Type de la structure porteuse."
    )
    partenaires = PartenaireSerializer(
        many=True, read_only=True, help_text="Partenaires impliqués, dans l’ordre de la fiche."
    )
    # means
    moyens_humains = _texte("Moyens humains.")
    moyens_financiers = _texte("Moyens financiers.")
    budget = ChoixField(Budget, "Ordre de grandeur du budget")
    financeurs = _texte("Financeurs.")
    moyens_materiels = _texte("Moyens matériels.")
    impacts_organisationnels = _texte("Impacts organisationnels.")
    # lessons
    leviers = _texte("Leviers et conditions de réussite.")
    freins = _texte("Freins et difficultés rencontrées.")
    resultats = _texte("Résultats et évaluation.")
    methode_evaluation = ChoixField(MethodeEvaluation, "Méthode d’évaluation")
    reproduire_prerequis = _texte("Pour reproduire la démarche : prérequis.")
    reproduire_premieres_etapes = _texte("Pour reproduire la démarche : premières étapes.")
    reproduire_ecueils = _texte("Pour reproduire la démarche : écueils à éviter.")
    # origin
    origine = _texte("Qui est à l’origine de l’action.")
    beneficiaires = _texte("Qui en bénéficie, et comment.")
    personnage_principal = _texte("Qui en est le « personnage principal ».")
    # time
    statut_action = ChoixField(StatutAction, "Statut de l’action")
    date_debut = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="Date de début (AAAA-MM-JJ) ; lire avec `date_debut_precision` : "
        "« mois » veut dire que seuls l’année et le mois sont connus.",
    )
    date_debut_precision = ChoixField(PrecisionDate, "Précision de la date de début")
    date_fin = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="Date de fin (AAAA-MM-JJ), à lire avec `date_fin_precision`.",
    )
    date_fin_precision = ChoixField(PrecisionDate, "Précision de la date de fin")
    duree_rythme = _texte("Durée et rythme.")
    # sources and contact
    contact_structure = _texte("Structure à contacter.")
    contact_role = _texte("Fonction de la personne à contacter (jamais son nom).")
    contact_formulaire = serializers.SerializerMethodField(
        help_text="Formulaire du site qui transmet un message au contact ; null s’il n’y a "
        "pas de contact. L’adresse e-mail du contact n’est jamais diffusée."
    )
    liens = LienSerializer(many=True, read_only=True, help_text="Liens utiles.")
    documents = DocumentSerializer(
        source="documents_publics",
        many=True,
        read_only=True,
        help_text="Documents joints publiés (PDF ou images).",
    )
    sources = SourceSerializer(many=True, read_only=True, help_text="Sources de la fiche.")
    commentaires = _texte("Commentaires.")
    # meta
    publiee_le = serializers.DateTimeField(
        read_only=True, help_text="Date de la première publication (ISO 8601)."
    )
    modifiee_le = serializers.DateTimeField(
        read_only=True,
        help_text="Date de la dernière modification publiée (ISO 8601) : à passer à "
        "`updated_since` pour une synchronisation incrémentale.",
    )
    a_jour_le = serializers.SerializerMethodField(
        help_text="Date à laquelle les informations étaient à jour (ISO 8601) : la plus "
        "récente de la dernière modification publiée et de la dernière confirmation "
        "« toujours d’actualité » reçue."
    )
    informations_anciennes = serializers.SerializerMethodField(
        help_text=f"Vrai si la fiche n’a été ni mise à jour ni confirmée depuis plus de "
        f"{actualite.SEUIL_ANCIENNETE} mois : l’action a pu évoluer depuis."
    )
    licence = serializers.SerializerMethodField(help_text="Licence de réutilisation du contenu.")
    nb_reprises = serializers.IntegerField(
        read_only=True,
        help_text="Nombre de reprises publiées ailleurs (voir /api/v1/reprises/?fiche=<slug>).",
    )

    class Meta:
        model = Fiche
        fields = [
            "slug", "url", "page", "titre", "resume",
            "thematiques", "formes_intervention", "publics", "niveau_participation",
            "territoires", "echelle", "quartier",
            "contexte", "objectifs", "description", "porteur_nom", "porteur_type",
            "partenaires",
            "moyens_humains", "moyens_financiers", "budget", "financeurs",
            "moyens_materiels", "impacts_organisationnels",
            "leviers", "freins", "resultats", "methode_evaluation",
            "reproduire_prerequis", "reproduire_premieres_etapes", "reproduire_ecueils",
            "origine", "beneficiaires", "personnage_principal",
            "statut_action", "date_debut", "date_debut_precision", "date_fin",
            "date_fin_precision", "duree_rythme",
            "contact_structure", "contact_role", "contact_formulaire",
            "liens", "documents", "sources", "commentaires",
            "publiee_le", "modifiee_le", "licence", "nb_reprises",
            "a_jour_le", "informations_anciennes",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, fiche) -> str:
        request = self.context.get("request")
        return reverse_api("pratique-detail", kwargs={"slug": fiche.slug}, request=request)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, fiche) -> str:
        chemin = reverse_site("pratiques:fiche", kwargs={"slug": fiche.slug})
        return _absolue(self.context.get("request"), chemin)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_contact_formulaire(self, fiche) -> str | None:
        if not fiche.contact_email:
            return None
        chemin = reverse_site("pratiques:contacter", kwargs={"slug": fiche.slug})
        return _absolue(self.context.get("request"), chemin)

    @extend_schema_field(serializers.DateTimeField())
    def get_a_jour_le(self, fiche) -> str:
        return serializers.DateTimeField().to_representation(actualite.a_jour_le(fiche))

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_informations_anciennes(self, fiche) -> bool:
        return actualite.informations_anciennes(actualite.a_jour_le(fiche))

    @extend_schema_field(LicenceSerializer)
    def get_licence(self, fiche) -> dict:
        libelle, url = LICENCES.get(fiche.licence, (fiche.licence, None))
        return {"code": fiche.licence, "libelle": libelle, "url": url}


# --- The list page: results, and counts on the first page ---------------------------


class ValeurCompteeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code de la valeur, à passer au filtre du même nom.")
    libelle = serializers.CharField(help_text="Libellé en français.")
    nombre = serializers.IntegerField(
        help_text="Nombre de résultats avec cette valeur (les autres filtres appliqués)."
    )


class TerritoireCompteSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="Référence « niveau:code » du territoire.")
    code = serializers.CharField(help_text="Code INSEE, à passer au filtre du même nom.")
    nom = serializers.CharField(help_text="Nom du territoire.")
    nombre = serializers.IntegerField(help_text="Nombre de résultats dans ce territoire.")


def _serializer_des_comptes(facette):
    classe = TerritoireCompteSerializer if facette.territoriale else ValeurCompteeSerializer
    return classe(many=True, help_text=facette.aide_comptes)


class FacettesSerializer(serializers.Serializer):
    """For each filter, the values present in the results and how many have each."""

    def get_fields(self):
        # One field per declared facet (pratiques.recherche.facettes).
        return {facette.nom: _serializer_des_comptes(facette) for facette in FACETTES}


@extend_schema_serializer(many=False)
class PagePratiquesSerializer(serializers.Serializer):
    """The shape of a list response (documentation only: pratiques.api.pagination
    builds it)."""

    next = serializers.URLField(
        allow_null=True, help_text="Page suivante (null sur la dernière page)."
    )
    previous = serializers.URLField(
        allow_null=True, help_text="Page précédente (null sur la première page)."
    )
    total = serializers.IntegerField(
        allow_null=True,
        help_text="Nombre exact de fiches correspondant à la recherche ; donné sur la "
        "première page seulement (sans `cursor`), null sur les suivantes.",
    )
    facettes = FacettesSerializer(
        allow_null=True,
        help_text="Comptes par valeur de chaque filtre ; première page seulement, null "
        "sur les suivantes.",
    )
    results = PratiqueSerializer(many=True, help_text="Les fiches de la page.")


def facettes(comptes) -> dict:
    """pratiques.recherche.moteur.Comptes → the `facettes` object of the list response."""
    resultat = {}
    for facette in FACETTES:
        valeurs = comptes.facettes[facette.nom].valeurs
        if facette.territoriale:
            resultat[facette.nom] = [
                {"reference": t.reference, "code": t.code, "nom": t.nom, "nombre": n}
                for t, n in valeurs
            ]
        else:
            resultat[facette.nom] = [
                {"code": facette.code(o), "libelle": facette.libelle_de(o), "nombre": n}
                for o, n in valeurs
            ]
    return FacettesSerializer(resultat).data
