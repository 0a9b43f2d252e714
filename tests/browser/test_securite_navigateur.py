"""The Content-Security-Policy breaks nothing in a real browser: the main pages (DSFR's
JavaScript, the map, the API console and its Swagger UI) load without a single CSP
violation, reported by the page (securitypolicyviolation) or on the console."""

import pytest

from pratiques import services
from tests.pratiques.factories import Geographie, contenu_complet

pytestmark = pytest.mark.django_db(transaction=True)

# Installed before any script of the page runs (an init script is not subject to the CSP).
ECOUTE = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture
def fiche(transactional_db):
    Geographie()
    fiche, _ = services.importer(
        contenu=contenu_complet(), source="tests", identifiant="csp", publier=True
    )
    return fiche


def pages(fiche):
    return [
        "/",
        "/pratiques/recherche/?q=parents",
        f"/pratiques/fiche/{fiche.slug}/",
        "/pratiques/territoire/departement/59/",
        "/pratiques/referentiel/",
        "/territoires/",
        "/collectifs/",
        "/prix/",
        "/donnees/",
        "/api/",
        "/api/v1/docs/",
        "/compte/connexion/",
        "/compte/inscription/",
    ]


def test_les_pages_principales_ne_declenchent_aucune_violation_de_la_csp(page, fiche):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(ECOUTE)
    for url in pages(fiche):
        reponse = page.goto(url)
        assert reponse.status == 200, url
        assert "script-src 'self'" in reponse.headers["content-security-policy"], url
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], url
    assert [m for m in console if "Content Security Policy" in m] == []


def test_la_console_swagger_de_l_api_s_affiche_sous_la_csp(page):
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.add_init_script(ECOUTE)
    page.goto("/api/v1/docs/console/")
    # Swagger UI ran (its init script is a file now) and rendered the operations.
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.evaluate("window.__violations") == []
    assert violations == []


def test_une_violation_serait_bien_detectee(page, fiche):
    # The listener works: an inline script added by the test is refused and reported.
    page.add_init_script(ECOUTE)
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__execute = true'; document.body.append(s); }"
    )
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__execute") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
