"""The measuring behind the accessibility statement (docs/accessibilite.md), over its 20
pages and 6 forms sent with errors. Not collected by the suite (not test_*.py); run it on
purpose, it writes a JSON report and prints a summary:

    bash scripts/test.sh tests/browser/audit_accessibilite.py -s

For each page: every axe-core violation (all impacts) and what axe could not decide;
Tab stops reached against controls expected, stops without a visible focus; the width
scrolled at 320 px and at 200 % zoom (640 px). For each form: the fields marked invalid
and whether an error message is tied to them."""

import json
import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.conftest import injecter_axe
from tests.browser.test_accessibilite_navigateur import ARRETS_ATTENDUS, FOCUS_VISIBLE, corpus
from tests.pratiques.factories import fiche_soumise

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["corpus"]  # the fixture, shared with the regression tests

RAPPORT = Path(
    os.environ.get("AUDIT_RAPPORT") or Path(tempfile.gettempdir()) / "audit-accessibilite.json"
)
FICHE = "/pratiques/fiche/un-cafe-des-parents-a-fives/"
PAGES = [
    (None, "/"), (None, "/pratiques/recherche/?q=caf%C3%A9"), (None, FICHE),
    (None, f"{FICHE}contacter/"), (None, "/pratiques/territoire/departement/59/"),
    (None, "/territoires/"), (None, "/territoires/commune/59350/"), (None, "/a-propos/"),
    (None, "/accessibilite/"), (None, "/mentions-legales/"), (None, "/compte/connexion/"),
    (None, "/compte/inscription/"), (None, "/compte/mot-de-passe/oubli/"),
    (None, "/page-introuvable/"), ("autrice", "/pratiques/proposer/"),
    ("autrice", "/pratiques/mes-fiches/"), ("autrice", "/pratiques/alertes/"),
    ("autrice", "/compte/"), ("moderatrice", "/pratiques/moderation/"),
    ("moderatrice", "/pratiques/moderation/{a_relire}/"),
]  # fmt: skip
# (who, url, the submit button's name): each form is sent empty, or with a bad value.
FORMULAIRES = [
    (None, "/compte/connexion/", "Se connecter"),
    (None, "/compte/inscription/", "Créer mon compte"),
    (None, "/compte/mot-de-passe/oubli/", None),
    (None, f"{FICHE}contacter/", "Envoyer le message"),
    ("autrice", "/pratiques/proposer/", "Enregistrer le brouillon"),
    ("moderatrice", "/pratiques/moderation/{a_relire}/", "Enregistrer la décision"),
]

AXE = """async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a',
  'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
CHAMPS_EN_ERREUR = """() => [...document.querySelectorAll('[aria-invalid=true]')].map(e => {
  const ids = (e.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
  return {champ: e.id, messages: ids.map(i => document.getElementById(i))
    .filter(Boolean).map(m => m.innerText.trim()).filter(Boolean)};
}).concat([...document.querySelectorAll('fieldset.fr-fieldset--error')].map(f => ({
  champ: f.id, messages: (f.getAttribute('aria-labelledby') || '').split(/\\s+/)
    .map(i => document.getElementById(i)).filter(m => m && m.querySelector('.fr-message--error'))
    .map(m => m.innerText.trim())})))"""


def _contexte(navigateur, live_server, utilisateur, **options):
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR", **options)
    if utilisateur:
        client = Client()
        client.force_login(utilisateur)
        nom = settings.SESSION_COOKIE_NAME
        contexte.add_cookies([{"name": nom, "value": client.cookies[nom].value,
                               "url": live_server.url}])  # fmt: skip
    return contexte


def _axe(page, source_axe):
    injecter_axe(page, source_axe)
    resultat = page.evaluate(AXE)
    return {
        "violations": [(v["id"], v["impact"], len(v["nodes"])) for v in resultat["violations"]],
        "a_verifier": [(v["id"], len(v["nodes"])) for v in resultat["incomplete"]],
    }


def _clavier(page):
    attendus = page.evaluate(ARRETS_ATTENDUS)
    arrets = []
    for _ in range(attendus + 1):
        page.keyboard.press("Tab")
        arret = page.evaluate(FOCUS_VISIBLE)
        if arret is None or (arrets and arret["element"] == arrets[0]["element"]):
            break
        arrets.append(arret)
    sans_focus = [a["element"] for a in arrets if not (a["visible"] and a["indique"])]
    return {"attendus": attendus, "atteints": len(arrets), "sans_focus_visible": sans_focus}


def _largeur(navigateur, live_server, utilisateur, url, largeur):
    contexte = _contexte(navigateur, live_server, utilisateur,
                         viewport={"width": largeur, "height": largeur * 2})  # fmt: skip
    page = contexte.new_page()
    page.goto(url)
    mesure = page.evaluate("() => document.scrollingElement.scrollWidth")
    contexte.close()
    return mesure


def test_audit(navigateur, live_server, source_axe, corpus):
    a_relire = fiche_soumise(corpus["autrice"], titre="Une autre fiche à relire").pk
    rapport = {"pages": {}, "formulaires": {}}
    for qui, modele in PAGES:
        url = modele.format(a_relire=a_relire)
        utilisateur = corpus.get(qui)
        contexte = _contexte(navigateur, live_server, utilisateur)
        page = contexte.new_page()
        page.goto(url)
        mesures = {"axe": _axe(page, source_axe)}
        page.goto(url)
        mesures["clavier"] = _clavier(page)
        contexte.close()
        mesures["largeur_320"] = _largeur(navigateur, live_server, utilisateur, url, 320)
        mesures["largeur_zoom_200"] = _largeur(navigateur, live_server, utilisateur, url, 640)
        rapport["pages"][url] = mesures
    for qui, modele, bouton in FORMULAIRES:
        url = modele.format(a_relire=a_relire)
        contexte = _contexte(navigateur, live_server, corpus.get(qui))
        page = contexte.new_page()
        page.goto(url)
        if "proposer" in url:  # the editor's first step: a summary longer than allowed
            page.locator("#id_resume").evaluate("element => { element.value = 'x'.repeat(601); }")
        envoi = page.get_by_role("button", name=bouton) if bouton else None
        (envoi or page.locator("main form button[type=submit]")).first.click()
        page.wait_for_load_state()
        rapport["formulaires"][url] = {
            "champs_en_erreur": page.evaluate(CHAMPS_EN_ERREUR),
            "focus_apres_envoi": page.evaluate("() => document.activeElement.id || "
                                               "document.activeElement.tagName"),
            "axe": _axe(page, source_axe),
        }  # fmt: skip
        contexte.close()
    RAPPORT.write_text(json.dumps(rapport, ensure_ascii=False, indent=1))
    for url, m in rapport["pages"].items():
        clavier = m["clavier"]
        print(url)
        print(f"  axe {m['axe']['violations']} à vérifier {m['axe']['a_verifier']}")
        print(f"  Tab {clavier['atteints']}/{clavier['attendus']}, sans focus visible "
              f"{clavier['sans_focus_visible']}")  # fmt: skip
        print(f"  largeur à 320 px : {m['largeur_320']}, à 200 % : {m['largeur_zoom_200']}")
    for url, m in rapport["formulaires"].items():
        print(f"{url} (envoi en erreur)\n  {m['champs_en_erreur']}")
        print(f"  focus : {m['focus_apres_envoi']} ; axe {m['axe']['violations']}")
    print(f"Rapport : {RAPPORT.resolve()}")
