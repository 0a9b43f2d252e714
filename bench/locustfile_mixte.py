"""The load of bench/bench_mixte.py: visitors, contributors and partners at once, on
what bench_mixte.py wrote to the JSON file BENCH_MIXTE_DONNEES (the pools of addresses,
the contributors' accounts and their reserve of complete drafts, the partner's API key,
the project's URLs and form field names).

Every request is checked (`catch_response`): a status other than the expected one, a
redirection elsewhere than expected, or a missing form token counts as an error.
Request names are the kinds bench_mixte.py reports ("visiteur fiche", …).
Run alone: `locust -f bench/locustfile_mixte.py --headless -u 20 -r 20 -t 60s --host
http://…` with BENCH_MIXTE_DONNEES set.
"""

import itertools
import json
import os
import random
import re
from collections import deque

from locust import FastHttpUser, constant, events, task

from bench import rapport_locust  # noqa: F401 — writes the run's figures

with open(os.environ["BENCH_MIXTE_DONNEES"], encoding="utf-8") as fichier:
    DONNEES = json.load(fichier)
URLS = DONNEES["urls"]
# One locust process: each contributor takes the next account, and each submission
# the next draft of that account's reserve (never one twice).
_comptes = itertools.cycle(DONNEES["contributeurs"])
RESERVES = {c["email"]: deque(c["brouillons"]) for c in DONNEES["contributeurs"]}
JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
FICHE_CREEE = re.compile(r"/pratiques/(\d+)/modifier/")
SOUMISES: list[int] = []  # the drafts whose submission was answered as it should


@events.quitting.add_listener
def _ecrire_soumises(**_):
    """For bench_mixte.py, which checks that exactly these fiches await moderation."""
    with open(os.environ["BENCH_MIXTE_SOUMISSIONS"], "w", encoding="utf-8") as fichier:
        json.dump(SOUMISES, fichier)


def _verifier(reponse, statut: int, destination: str | None = None) -> bool:
    """Mark the response failed unless it has `statut` (and, for a redirection, goes to
    an address starting with `destination`)."""
    if reponse.status_code != statut:
        reponse.failure(f"statut {reponse.status_code} au lieu de {statut}")
        return False
    lieu = reponse.headers.get("Location") or ""
    if destination is not None and not lieu.startswith(destination):
        reponse.failure(f"redirigé vers « {lieu} » au lieu de « {destination}… »")
        return False
    return True


class Utilisateur(FastHttpUser):
    abstract = True
    wait_time = constant(0)  # back to back: the run measures the throughput

    def page(self, chemin: str, nom: str, **options) -> str | None:
        """GET a page that must answer 200; its text, None when it failed."""
        with self.client.get(chemin, name=nom, catch_response=True, **options) as reponse:
            return reponse.text if _verifier(reponse, 200) else None

    def formulaire(self, chemin: str, nom: str) -> tuple[str, str] | None:
        """GET a form's page: (its text, its CSRF token), None when it failed."""
        with self.client.get(chemin, name=nom, catch_response=True) as reponse:
            if not _verifier(reponse, 200):
                return None
            jeton = JETON.search(reponse.text)
            if jeton is None:
                reponse.failure("pas de jeton CSRF dans le formulaire")
                return None
            return reponse.text, jeton.group(1)

    def envoyer(self, chemin: str, nom: str, donnees: dict, destination: str):
        """POST a form that must redirect (302) to `destination`…; the response's
        Location, None when it failed."""
        with self.client.post(
            chemin,
            data=donnees,
            name=nom,
            allow_redirects=False,
            headers={"Referer": self.host + chemin},
            catch_response=True,
        ) as reponse:
            if _verifier(reponse, 302, destination):
                return reponse.headers["Location"]
            return None


class Visiteur(Utilisateur):
    """Anonymous: the home page, searches, fiches, territories, the référentiel."""

    weight = int(os.environ.get("BENCH_MIXTE_PART_VISITEURS", "70"))

    @task(2)
    def accueil(self):
        self.page(URLS["accueil"], "visiteur accueil")

    @task(4)
    def recherche(self):
        self.page(random.choice(DONNEES["recherches"]), "visiteur recherche")

    @task(4)
    def fiche(self):
        self.page(URLS["fiche"].format(slug=random.choice(DONNEES["fiches"])), "visiteur fiche")

    @task(2)
    def territoire(self):
        self.page(random.choice(DONNEES["territoires"]), "visiteur territoire")

    @task(1)
    def referentiel(self):
        self.page(URLS["referentiel"], "visiteur référentiel")


class Contributeur(Utilisateur):
    """Signed in through the login form: their fiches, a new draft through the editor's
    first step, a step saved, and a complete draft submitted from the review."""

    weight = int(os.environ.get("BENCH_MIXTE_PART_CONTRIBUTEURS", "15"))

    def on_start(self):
        self.compte = next(_comptes)
        self.brouillons: list[int] = []  # the drafts this user created
        self.connecte = False
        formulaire = self.formulaire(URLS["connexion"], "contributeur connexion")
        if formulaire is None:
            return
        donnees = {
            "csrfmiddlewaretoken": formulaire[1],
            "username": self.compte["email"],
            "password": DONNEES["mot_de_passe"],
        }
        self.connecte = (
            self.envoyer(URLS["connexion"], "contributeur connexion", donnees, URLS["accueil"])
            is not None
        )

    @task(2)
    def tableau_de_bord(self):
        self.page(URLS["mes_fiches"], "contributeur tableau de bord")

    @task(2)
    def nouveau_brouillon(self):
        self.creer_brouillon()

    def creer_brouillon(self) -> int | None:
        formulaire = self.formulaire(URLS["proposer"], "contributeur éditeur (page)")
        if formulaire is None:
            return None
        # Numbered titles, unless every draft must have the same (BENCH_MIXTE_MEME_TITRE).
        numero = "" if DONNEES["meme_titre"] else f" {random.randrange(1_000_000)}"
        donnees = {
            "csrfmiddlewaretoken": formulaire[1],
            **{champ: valeur + numero for champ, valeur in DONNEES["premiere_etape"].items()},
            "aller": "suivante",
        }
        lieu = self.envoyer(URLS["proposer"], "contributeur brouillon", donnees, "/pratiques/")
        trouve = FICHE_CREEE.search(lieu or "")
        if trouve is None:
            return None
        self.brouillons.append(int(trouve.group(1)))
        return self.brouillons[-1]

    @task(2)
    def enregistrer_etape(self):
        pk = random.choice(self.brouillons) if self.brouillons else self.creer_brouillon()
        if pk is None:
            return
        chemin = URLS["etape"].format(pk=pk)
        formulaire = self.formulaire(chemin, "contributeur éditeur (page)")
        if formulaire is None:
            return
        version = VERSION.search(formulaire[0])
        donnees = {
            "csrfmiddlewaretoken": formulaire[1],
            "version": version.group(1) if version else "",
            **DONNEES["etape_enregistree"],
            "aller": "suivante",
        }
        self.envoyer(
            chemin, "contributeur brouillon", donnees, URLS["etape_suivante"].format(pk=pk)
        )

    @task(1)
    def soumettre(self):
        reserve = RESERVES[self.compte["email"]]
        if not reserve:
            self.environment.events.request.fire(
                request_type="POST",
                name="contributeur soumission",
                response_time=0,
                response_length=0,
                exception=RuntimeError("réserve de brouillons complets épuisée"),
            )
            return
        pk = reserve.popleft()
        chemin = URLS["recapitulatif"].format(pk=pk)
        formulaire = self.formulaire(chemin, "contributeur éditeur (page)")
        if formulaire is None:
            return
        donnees = {
            "csrfmiddlewaretoken": formulaire[1],
            DONNEES["case_donnees_personnelles"]: "oui",
            "action": "soumettre",
        }
        if self.envoyer(chemin, "contributeur soumission", donnees, URLS["mes_fiches"]):
            SOUMISES.append(pk)


class Partenaire(Utilisateur):
    """An organisation's API key: list pages with filters, a fiche, the incremental
    sync (following `next` once, then the withdrawals), small filtered exports."""

    weight = int(os.environ.get("BENCH_MIXTE_PART_PARTENAIRES", "15"))

    def on_start(self):
        self.entetes = {
            "Authorization": f"Api-Key {DONNEES['cle_api']}",
            "Accept": "application/json",
        }

    def api(self, chemin: str, nom: str) -> dict | None:
        with self.client.get(
            chemin, name=nom, headers=self.entetes, catch_response=True
        ) as reponse:
            if not _verifier(reponse, 200):
                return None
            try:
                return reponse.json()
            except ValueError:
                reponse.failure("réponse qui n’est pas du JSON")
                return None

    @task(4)
    def liste(self):
        self.api(random.choice(DONNEES["api"]), "partenaire API liste")

    @task(3)
    def fiche(self):
        slug = random.choice(DONNEES["fiches"])
        self.api(URLS["api_fiche"].format(slug=slug), "partenaire API fiche")

    @task(2)
    def synchroniser(self):
        depuis = random.choice(DONNEES["synchro"])
        page = self.api(URLS["api_synchro"].format(depuis=depuis), "partenaire API synchro")
        if page and page.get("next"):
            self.api(page["next"], "partenaire API synchro")
        self.api(URLS["api_retraits"].format(depuis=depuis), "partenaire API synchro")

    @task(1)
    def exporter(self):
        chemin = random.choice(DONNEES["exports"])
        with self.client.get(chemin, name="partenaire export", catch_response=True) as reponse:
            if not _verifier(reponse, 200):
                return
            if not (reponse.headers.get("Content-Type") or "").startswith("text/csv"):
                reponse.failure(f"type {reponse.headers.get('Content-Type')} au lieu de CSV")
            elif reponse.text.count("\n") < 2:
                reponse.failure("export sans aucune fiche (une en-tête seule)")
