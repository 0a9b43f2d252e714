"""What the accessibility statement says was measured, measured again on every change:
no horizontal scroll at 320 px wide (RGAA 10.11) nor at 200 % zoom (10.4), every Tab stop
reached in order with a visible focus (10.7, 12.8). What the statement says of each page
(docs/accessibilite.md, templates/core/accessibilite.html) is updated with this list."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

from pratiques import services
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import Geographie, contenu_complet, fiche_soumise, moderateur_de

pytestmark = pytest.mark.django_db(transaction=True)

FICHE = "/pratiques/fiche/un-cafe-des-parents-a-fives/"
PAGES = [
    "/", "/pratiques/recherche/?q=caf%C3%A9", FICHE, f"{FICHE}contacter/", "/territoires/",
    "/a-propos/", "/accessibilite/", "/compte/connexion/", "/compte/inscription/",
    "/page-introuvable/", ("autrice", "/pratiques/proposer/"),
    "/pratiques/territoire/departement/59/",
    # Its table scrolls in its own frame (a data table: RGAA 10.11's exception).
    ("moderatrice", "/pratiques/moderation/"),
]  # fmt: skip

# The focused element shows an outline, on itself or, for the DSFR's enlarged links, on
# its ::before; a département of the map thickens its outline (static/css/decouverte.css).
FOCUS_VISIBLE = """() => {
  const e = document.activeElement;
  if (e === null || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const trace = s => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
  const avant = getComputedStyle(e, '::before');
  const chemin = e.querySelector('path');
  return {
    element: e.outerHTML.slice(0, 120),
    visible: r.width > 0 && r.height > 0,
    indique: trace(getComputedStyle(e)) || (avant.content !== 'none' && trace(avant)) ||
             (chemin !== null && parseFloat(getComputedStyle(chemin).strokeWidth) >= 3),
  };
}"""

# What a Tab should reach: visible links, buttons and fields, one stop per radio group,
# nothing inside a closed <details> but its summary.
ARRETS_ATTENDUS = """() => {
  const vus = new Set();
  return [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
    .filter(e => {
      const r = e.getBoundingClientRect();
      if (e.disabled || e.tabIndex < 0 || !(r.width > 0 && r.height > 0)) return false;
      const ferme = e.closest('details:not([open])');
      if (ferme && !(e.tagName === 'SUMMARY' && e.parentElement === ferme)) return false;
      if (e.type === 'radio') { if (vus.has(e.name)) return false; vus.add(e.name); }
      return getComputedStyle(e).visibility !== 'hidden';
    }).length;
}"""


@pytest.fixture
def corpus(transactional_db):
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)
    geo = Geographie()
    for rang, titre in enumerate(["Un café des parents à Fives", "Une maraude à Roubaix"]):
        services.importer(
            contenu=contenu_complet(titre=titre), source="a11y", identifiant=str(rang),
            publier=True,
        )  # fmt: skip
    autrice = UtilisateurFactory(email="autrice@exemple.fr")
    fiche_soumise(autrice, titre="Une fiche à relire")  # the queue shows its table
    return {
        "autrice": autrice,
        "moderatrice": moderateur_de(geo.nord, email="moderatrice@exemple.fr"),
    }


def ouvrir(navigateur, live_server, corpus, page_, **options):
    """A new browser context (signed in when `page_` is (who, url)) on the page."""
    qui, url = page_ if isinstance(page_, tuple) else (None, page_)
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR", **options)
    if qui:
        client = Client()
        client.force_login(corpus[qui])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        contexte.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    page = contexte.new_page()
    assert page.goto(url).status in (200, 404)
    return contexte, page


@pytest.mark.parametrize("page_", PAGES, ids=lambda p: p if isinstance(p, str) else p[1])
def test_a_320_px_de_large_la_page_ne_defile_pas_horizontalement(
    navigateur, live_server, corpus, page_
):
    contexte, page = ouvrir(
        navigateur, live_server, corpus, page_, viewport={"width": 320, "height": 640}
    )
    largeur = page.evaluate("() => document.scrollingElement.scrollWidth")
    contexte.close()
    assert largeur <= 320


@pytest.mark.parametrize(
    "page_", ["/", FICHE, ("autrice", "/pratiques/proposer/")], ids=["/", FICHE, "proposer"]
)
def test_zoomee_a_200_pourcents_la_page_ne_defile_pas_horizontalement(
    navigateur, live_server, corpus, page_
):
    # 200 % in a 1280 × 800 window leaves 640 × 400 CSS pixels.
    contexte, page = ouvrir(
        navigateur, live_server, corpus, page_, viewport={"width": 640, "height": 400}
    )
    largeur = page.evaluate("() => document.scrollingElement.scrollWidth")
    contexte.close()
    assert largeur <= 640


@pytest.mark.parametrize("page_", ["/", FICHE, "/page-introuvable/"])
def test_la_tabulation_atteint_chaque_commande_avec_un_focus_visible(
    navigateur, live_server, corpus, page_
):
    contexte, page = ouvrir(navigateur, live_server, corpus, page_)
    attendus = page.evaluate(ARRETS_ATTENDUS)
    arrets = []
    for _ in range(attendus + 1):
        page.keyboard.press("Tab")
        arret = page.evaluate(FOCUS_VISIBLE)
        if arret is None or (arrets and arret["element"] == arrets[0]["element"]):
            break
        arrets.append(arret)
    contexte.close()
    assert [a["element"] for a in arrets if not (a["visible"] and a["indique"])] == []
    assert attendus > 10 and len(arrets) == attendus
