"""Browser tests: Playwright drives Debian's Chromium against Django's live server,
and axe-core (from node_modules) audits each page in the browser."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    assert executable, "Debian's chromium is required (scripts/browser_deps.sh installs it)"
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield navigateur
        navigateur.close()


@pytest.fixture
def page(navigateur, live_server):
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    page = contexte.new_page()
    page.set_default_timeout(10_000)
    yield page
    contexte.close()


@pytest.fixture(scope="session")
def source_axe():
    assert AXE.exists(), "axe-core is missing: run scripts/browser_deps.sh (npm ci)"
    return AXE.read_text()


def injecter_axe(page, source_axe):
    """Load axe-core in the page as a same-origin script file: the site's CSP
    (script-src 'self') refuses an inline <script>, and the test must not weaken it."""
    adresse = "/__axe-core-pour-les-tests__.js"

    def servir(route):
        route.fulfill(body=source_axe, content_type="application/javascript")

    page.route(f"**{adresse}", servir)
    page.add_script_tag(url=adresse)
    page.unroute(f"**{adresse}", servir)


@pytest.fixture
def audit_axe(source_axe):
    """Run axe-core in the page; return the serious and critical violations."""

    def auditer(page):
        injecter_axe(page, source_axe)
        resultat = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                 'wcag22aa', 'best-practice']},
                resultTypes: ['violations'],
            })"""
        )
        return [
            {
                "regle": v["id"],
                "impact": v["impact"],
                "aide": v["help"],
                "elements": [n["target"] for n in v["nodes"]][:5],
            }
            for v in resultat["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return auditer
