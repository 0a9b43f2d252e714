"""/api/v1/docs/: the documentation rendered on the server from the OpenAPI schema,
in the site's layout; every operation, parameter, response and schema of the API is
on it, without JavaScript."""

import re
from html import unescape

import pytest
from django.urls import reverse

from api.documentation import en_html, type_lisible

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/docs/"


@pytest.fixture
def schema(client):
    reponse = client.get("/api/v1/schema/", {"format": "json"})
    assert reponse.status_code == 200
    return reponse.json()


@pytest.fixture
def html(client):
    reponse = client.get(DOCS)
    assert reponse.status_code == 200
    return reponse.content.decode()


def section(html: str, ancre: str) -> str:
    """The HTML of the <section> whose heading has id `ancre` (sections of operations
    and schemas do not nest)."""
    debut = html.index(f'aria-labelledby="{ancre}"')
    return html[debut : html.index("</section>", debut)]


def texte(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_chaque_operation_du_schema_a_sa_section(schema, html):
    operations = [
        (chemin, methode, operation)
        for chemin, methodes in schema["paths"].items()
        for methode, operation in methodes.items()
    ]
    # fiches (list, retraits, detail, versions list and detail), territoires, collectifs;
    # webhooks (list, create, detail, put, patch, delete, livraisons, tester, reactiver,
    # renouveler-secret); prix (editions list and detail, laureats); reprises; imports
    # (send, status, error report, run)
    assert len(operations) == 27
    for chemin, methode, operation in operations:
        partie = section(html, operation["operationId"])
        assert f'<h3 id="{operation["operationId"]}">{operation["summary"]}</h3>' in partie
        assert f"<code>{methode.upper()} {chemin}</code>" in partie
        # Its description, its parameters (name, where, type, description, values)...
        debut_de_description = texte(en_html(operation["description"]))[:60]
        assert debut_de_description in texte(partie)
        for parametre in operation.get("parameters", []):
            assert f'<th scope="row"><code>{parametre["name"]}</code>' in partie
            if parametre.get("description"):
                assert texte(en_html(parametre["description"]))[:40] in texte(partie)
        # ...and each response, by its code.
        for code in operation["responses"]:
            assert f'<th scope="row"><code>{code}</code></th>' in partie
        # In the summary too.
        assert f'<a class="fr-summary__link" href="#{operation["operationId"]}">' in html


def test_les_parametres_disent_leur_emplacement_leur_type_et_leurs_valeurs(html):
    liste = texte(section(html, "pratiques_list"))
    assert "ordering requête string non" in liste
    assert "Par défaut : -publiee_le" in liste
    assert "statut requête string non Code du statut de l’action. Valeurs possibles :" in liste
    assert "slug chemin string oui" in texte(section(html, "pratiques_retrieve"))
    territoires = texte(section(html, "territoires_list"))
    assert "taille (obsolète) requête integer non" in territoires
    assert "niveau requête liste de string non Niveau" in territoires


def test_chaque_operation_documente_la_limite_et_retry_after(schema, html):
    for methodes in schema["paths"].values():
        for operation in methodes.values():
            reponse = operation["responses"]["429"]
            assert "60 requêtes par minute" in reponse["description"]
            assert "Retry-After" in reponse["headers"]
            partie = texte(section(html, operation["operationId"]))
            assert "429 Trop de requêtes : sans authentification, 60 requêtes par minute" in partie
            assert "En-tête Retry-After : Nombre de secondes à attendre" in partie


def test_chaque_schema_de_donnees_est_decrit_champ_par_champ(schema, html):
    for nom, composant in schema["components"]["schemas"].items():
        partie = section(html, f"schema-{nom}")
        assert f'<h3 id="schema-{nom}">{nom}</h3>' in partie
        for champ in composant.get("properties", {}):
            assert f'<th scope="row"><code>{champ}</code></th>' in partie
        for valeur in composant.get("enum", []):
            assert f"<code>{valeur}</code>" in partie
    # A reference is a link to its schema.
    assert '<a href="#schema-PagePratiques">PagePratiques</a>' in section(html, "pratiques_list")
    pratique = section(html, "schema-Pratique")
    assert 'liste de <a href="#schema-Vocabulaire">Vocabulaire</a>' in pratique
    assert "<code>string</code> (date) ou <code>null</code>" in pratique


def test_une_page_du_site_un_seul_h1_et_le_lien_vers_le_schema_brut(html):
    assert "<title>Documentation de l’API v1 — Pratiques inspirantes</title>" in html
    assert '<html lang="fr"' in html
    assert html.count("<h1") == 1
    assert 'id="recherche-entete-input"' in html  # the site's header
    assert 'href="/api/v1/schema/"' in html and 'href="/api/v1/schema/?format=json"' in html
    assert 'href="/api/v1/docs/console/"' in html
    assert "swagger" not in re.sub(r'href="[^"]*"|Swagger UI', "", html).lower()
    # Headings go down one level at a time.
    principal = html[html.index("<main") : html.index("</main>")]
    niveaux = [int(n) for n in re.findall(r"<h([1-6])", principal)]
    assert all(b <= a + 1 for a, b in zip(niveaux, niveaux[1:], strict=False))


def test_les_pages_de_l_api_menent_a_la_documentation(client):
    for url in (reverse("api:accueil"), reverse("api:changelog")):
        assert 'href="/api/v1/docs/"' in client.get(url).content.decode()


def test_le_texte_du_schema_est_echappe():
    assert str(en_html("Un <script>x</script> et `a<b`\n\n* `un` - Un")) == (
        "<p>Un &lt;script&gt;x&lt;/script&gt; et <code>a&lt;b</code></p>"
        "<ul><li><code>un</code> - Un</li></ul>"
    )
    assert str(type_lisible({"$ref": '#/components/schemas/X"><b>'})) == (
        '<a href="#schema-X&quot;&gt;&lt;b&gt;">X&quot;&gt;&lt;b&gt;</a>'
    )
