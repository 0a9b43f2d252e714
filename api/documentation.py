"""/api/v1/docs/: the API's documentation as a page of the site, rendered on the server
from the OpenAPI schema that drf-spectacular generates (the same as /api/v1/schema/).

Why not Swagger UI: axe finds three serious violations in its markup (colour contrast,
links inside the buttons that open an operation, touch targets under 24 px); the
nesting is its React components' structure, which the site cannot change without
forking them, and it needs JavaScript. This page uses the DSFR and the site's layout,
has one h1 and a heading per operation, and works without JavaScript; Swagger UI stays
at /api/v1/docs/console/ as an interactive alternative whose known defects both pages
state.

Descriptions in the schema are short Markdown (paragraphs, `*` lists, `code`); only
that much is rendered, after escaping. Serializer docstrings (the components'
descriptions) are notes for developers, in English: they are not shown.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from drf_spectacular.generators import SchemaGenerator

from api.throttling import limite_anonyme
from core.views import PageView

EMPLACEMENTS = {"query": "requête", "path": "chemin", "header": "en-tête", "cookie": "cookie"}
# What a status code means when the schema leaves its description empty.
STATUTS = {"200": "Succès.", "400": "Requête invalide.", "404": "Introuvable."}


def schema_openapi(version: str) -> dict:
    """The schema of `version`, as /api/v1/schema/ serves it. It depends on the code
    and the rate limit only, so each process builds it once per limit."""
    return _schema(version, limite_anonyme())


@cache
def _schema(version: str, limite: str | None) -> dict:
    # `limite` is in the key only: the 429 responses state it.
    return SchemaGenerator(api_version=version).get_schema(request=None, public=True)


# --- Text ------------------------------------------------------------------------------


def _en_ligne(texte: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(texte))


def en_ligne(texte: str | None) -> SafeString:
    """One line of the schema's Markdown: `code` only, escaped."""
    return mark_safe(_en_ligne(texte or ""))  # noqa: S308 - escaped by _en_ligne


def en_html(texte: str | None) -> SafeString:
    """The schema's Markdown subset: paragraphs, `*`/`-` lists and `code`, escaped."""
    blocs = []
    for bloc in re.split(r"\n\s*\n", (texte or "").strip()):
        lignes = [ligne.strip() for ligne in bloc.splitlines() if ligne.strip()]
        if not lignes:
            continue
        if all(ligne[:2] in ("* ", "- ") for ligne in lignes):
            items = "".join(f"<li>{_en_ligne(ligne[2:])}</li>" for ligne in lignes)
            blocs.append(f"<ul>{items}</ul>")
        else:
            blocs.append(f"<p>{_en_ligne(' '.join(lignes))}</p>")
    return mark_safe("".join(blocs))  # noqa: S308 - every piece of text went through escape()


def ancre_de_schema(nom: str) -> str:
    return f"schema-{nom}"


def type_lisible(schema: dict) -> SafeString:
    """`string (date-time)`, "liste de <a>Vocabulaire</a>", "… ou `null`"."""
    if len(schema.get("allOf", [])) == 1:
        schema = {**schema, **schema["allOf"][0]}
    if "anyOf" in schema or "oneOf" in schema:
        variantes = schema.get("anyOf") or schema["oneOf"]
        texte = format_html_join(" ou ", "{}", ((type_lisible(v),) for v in variantes))
    elif "$ref" in schema:
        nom = schema["$ref"].rsplit("/", 1)[-1]
        texte = format_html('<a href="#{}">{}</a>', ancre_de_schema(nom), nom)
    elif schema.get("type") == "array":
        texte = format_html("liste de {}", type_lisible(schema.get("items", {})))
    elif "type" in schema:
        texte = format_html("<code>{}</code>", schema["type"])
        if schema.get("format"):
            texte = format_html("{} ({})", texte, schema["format"])
    else:
        texte = SafeString("libre")
    if schema.get("nullable"):
        texte = format_html("{} ou <code>null</code>", texte)
    return texte


def valeurs_possibles(schema: dict, description: str | None) -> list[str]:
    """The enum of a schema (or of its items), unless the description lists them all."""
    valeurs = schema.get("enum") or schema.get("items", {}).get("enum") or []
    if all(f"`{valeur}`" in (description or "") for valeur in valeurs):
        return []
    return [str(valeur) for valeur in valeurs]


# --- The page's model --------------------------------------------------------------------


@dataclass
class Parametre:
    nom: str
    emplacement: str
    type: SafeString
    obligatoire: bool
    description: SafeString
    valeurs: list[str]
    defaut: str | None
    repetable: bool
    obsolete: bool


@dataclass
class Reponse:
    code: str
    description: SafeString
    contenu: SafeString | None
    entetes: list[tuple[str, SafeString]]


@dataclass
class Operation:
    methode: str
    chemin: str
    titre: str
    ancre: str
    description: SafeString
    parametres: list[Parametre]
    reponses: list[Reponse]


@dataclass
class Ressource:
    nom: str
    ancre: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Propriete:
    nom: str
    type: SafeString
    description: SafeString
    valeurs: list[str]


@dataclass
class Composant:
    nom: str
    ancre: str
    proprietes: list[Propriete]
    valeurs: SafeString | None  # an enumeration's values, as its description lists them


def _parametre(donnees: dict) -> Parametre:
    schema = donnees.get("schema", {})
    description = donnees.get("description")
    defaut = schema.get("default")
    return Parametre(
        nom=donnees["name"],
        emplacement=EMPLACEMENTS.get(donnees["in"], donnees["in"]),
        type=type_lisible(schema),
        obligatoire=bool(donnees.get("required")),
        description=en_html(description),
        valeurs=valeurs_possibles(schema, description),
        defaut=None if defaut is None else str(defaut),
        repetable=schema.get("type") == "array",
        obsolete=bool(donnees.get("deprecated")),
    )


def _reponse(code: str, donnees: dict) -> Reponse:
    schema = donnees.get("content", {}).get("application/json", {}).get("schema")
    entetes = [
        (nom, en_ligne(entete.get("description")))
        for nom, entete in donnees.get("headers", {}).items()
    ]
    return Reponse(
        code=code,
        description=en_html(donnees.get("description") or STATUTS.get(code, "")),
        contenu=type_lisible(schema) if schema else None,
        entetes=entetes,
    )


def ressources(schema: dict) -> list[Ressource]:
    """The operations grouped by their tag (the first segment of their path), in the
    schema's order."""
    groupes: dict[str, Ressource] = {}
    for chemin, methodes in schema.get("paths", {}).items():
        for methode, donnees in methodes.items():
            tag = (donnees.get("tags") or ["api"])[0]
            ressource = groupes.setdefault(tag, Ressource(tag.capitalize(), f"ressource-{tag}"))
            ressource.operations.append(
                Operation(
                    methode=methode.upper(),
                    chemin=chemin,
                    titre=donnees.get("summary") or f"{methode.upper()} {chemin}",
                    ancre=donnees.get("operationId") or f"{methode}-{chemin}",
                    description=en_html(donnees.get("description")),
                    parametres=[_parametre(p) for p in donnees.get("parameters", [])],
                    reponses=[_reponse(c, r) for c, r in donnees.get("responses", {}).items()],
                )
            )
    return list(groupes.values())


def composants(schema: dict) -> list[Composant]:
    resultat = []
    for nom, donnees in schema.get("components", {}).get("schemas", {}).items():
        proprietes = [
            Propriete(
                nom=cle,
                type=type_lisible(propriete),
                description=en_html(propriete.get("description")),
                valeurs=valeurs_possibles(propriete, propriete.get("description")),
            )
            for cle, propriete in donnees.get("properties", {}).items()
        ]
        if isinstance(donnees.get("additionalProperties"), dict) and not proprietes:
            # A map (e.g. the errors by parameter): one row for any key.
            proprietes.append(
                Propriete(
                    nom="(chaque clé)",
                    type=type_lisible(donnees["additionalProperties"]),
                    description=en_html(donnees.get("description")),
                    valeurs=[],
                )
            )
        valeurs = None
        if "enum" in donnees:
            valeurs = en_html(donnees.get("description")) or format_html_join(
                ", ", "<code>{}</code>", ((valeur,) for valeur in donnees["enum"])
            )
        resultat.append(Composant(nom, ancre_de_schema(nom), proprietes, valeurs))
    return resultat


class DocumentationView(PageView):
    """The documentation of one version of the API (v1 today)."""

    template_name = "api/documentation.html"
    version = "v1"
    titre = "Documentation de l’API v1"

    def get_context_data(self, **kwargs):
        schema = schema_openapi(self.version)
        return super().get_context_data(
            version=self.version,
            description=en_html(schema["info"].get("description")),
            ressources=ressources(schema),
            composants=composants(schema),
            **kwargs,
        )
