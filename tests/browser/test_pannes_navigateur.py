"""The 503 page (database unreachable, core.erreurs.service_indisponible) in a real
browser: the page the server renders is what the browser receives for the home page,
its assets come from the live server; French, in the layout, and it passes axe-core."""

import pytest

from core.erreurs import service_indisponible


@pytest.fixture(autouse=True)
def sans_debug(settings):
    settings.DEBUG = False


def test_la_page_service_indisponible_est_accessible(page, audit_axe, live_server, rf):
    rendue = service_indisponible(rf.get("/"))
    page.route(
        f"{live_server.url}/",
        lambda route: route.fulfill(
            status=rendue.status_code, body=rendue.content, headers=dict(rendue.items())
        ),
    )
    reponse = page.goto("/")
    assert reponse.status == 503
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.title() == "Service momentanément indisponible — Pratiques inspirantes"
    assert page.get_by_role("banner").is_visible() and page.get_by_role("contentinfo").is_visible()
    assert page.get_by_text("ce que vous aviez déjà enregistré n’est pas perdu").is_visible()
    assert audit_axe(page) == []
