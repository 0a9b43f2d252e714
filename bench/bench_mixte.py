"""Mixed load run (`make bench`, issue 15): visitors, contributors and partners at once,
on the site served by gunicorn on loopback (bench_charge.demarrer_gunicorn, settings
bench/reglages_charge.py), on the search benchmark's corpus (bench_recherche.preparer:
BENCH_FICHES published fiches, default 100,000, generated once and reused), under
locust (bench/locustfile_mixte.py) for BENCH_MIXTE_DUREE (default 60s) with
BENCH_MIXTE_UTILISATEURS users (default 20) back to back:

- visitors (70 %, anonymous): the home page, search pages (a pool of varied searches,
  the cache flushed before the run), fiche pages, territory pages (départements and
  communes that have fiches), the référentiel;
- contributors (15 %): signed in through the login form, their fiches ("Mes fiches"),
  a new draft through the editor's first step, a step of one of their drafts saved,
  and a complete draft (prepared here with pratiques.services, a reserve per account)
  submitted from the editor's review (new drafts get numbered titles;
  BENCH_MIXTE_MEME_TITRE=1 gives them all the same, as people may);
- partners (15 %): an organisation's API key (partenaires.services): list pages with
  filters, a fiche, the incremental sync (`updated_since`, following `next` once, then
  the withdrawals), and small open-data exports (a thématique in a département).

It prints per kind requests, requests/s, p50, p99 and errors, the totals, and the
target (issue 15): no error — every unexpected status counts, and every submission
must have put its fiche in the moderation queue. A miss prints FAIL; the exit status
is 1 only with BENCH_STRICT=1. Then it deletes what it created (the accounts, their
fiches and sessions, the organisation and its key) and checks that every table of
the corpus database has its row count of before the run.
"""

import json
import math
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "false"

import django  # noqa: E402

from bench.bench_charge import (  # noqa: E402
    TRAVAILLEURS,
    Chiffres,
    arreter,
    demarrer_gunicorn,
    executer_locust,
    pool,
    port_libre,
    vocabulaires,
)
from bench.bench_recherche import BASE, FICHES, preparer  # noqa: E402

DUREE = os.environ.get("BENCH_MIXTE_DUREE", "60s")
UTILISATEURS = int(os.environ.get("BENCH_MIXTE_UTILISATEURS", "20"))
PARTS = {"visiteurs": 70, "contributeurs": 15, "partenaires": 15}  # locust weights
PREFIXE = "bench-mixte-"  # of the accounts' e-mail addresses
DOMAINE = "@charge.invalid"
ORGANISATION = "Banc d’essai de charge mixte"
MOT_DE_PASSE = "banc-mixte-2026"
GRAINE = 15
ETAPE_ENREGISTREE = "contenu"  # the step contributors save on their drafts
TEXTE_ETAPE = (
    "Les habitants du quartier se retrouvent chaque semaine\u00a0; ils choisissent ensemble "
    "les thèmes et préparent les séances avec l’animatrice."
)
PREMIERE_ETAPE = {  # what a new draft gets (the locustfile numbers each title)
    "titre": "Un atelier cuisine entre voisins",
    "resume": "Des voisins cuisinent ensemble chaque semaine au centre social.",
}
KINDS = [
    "visiteur accueil", "visiteur recherche", "visiteur fiche", "visiteur territoire",
    "visiteur référentiel", "contributeur connexion", "contributeur tableau de bord",
    "contributeur éditeur (page)", "contributeur brouillon", "contributeur soumission",
    "partenaire API liste", "partenaire API fiche", "partenaire API synchro",
    "partenaire export",
]  # fmt: skip


def secondes(duree: str) -> int:
    """locust's run time ("60s", "2m", "1h30m") in seconds."""
    unites = {"h": 3600, "m": 60, "s": 1}
    return sum(int(n) * unites[u] for n, u in re.findall(r"(\d+)([hms])", duree)) or int(duree)


# --- What the run creates, and removing it ---------------------------------------------


def nettoyer(sessions_avant: set[str] | None = None) -> None:
    """Delete the accounts of this benchmark (left by an earlier run too), their fiches
    and sessions, the organisation and its keys; with `sessions_avant`, every session
    opened since."""
    from django.contrib.sessions.models import Session

    from comptes.models import Organisation, Utilisateur
    from partenaires.models import CleApi
    from pratiques.models import Fiche

    comptes = Utilisateur.objects.filter(email__startswith=PREFIXE, email__endswith=DOMAINE)
    ids = {str(pk) for pk in comptes.values_list("pk", flat=True)}
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") in ids or (
            sessions_avant is not None and session.session_key not in sessions_avant
        ):
            session.delete()
    Fiche.objects.filter(auteur__in=comptes).delete()
    comptes.delete()
    organisations = Organisation.objects.filter(nom=ORGANISATION)
    CleApi.objects.filter(organisation__in=organisations).delete()
    organisations.delete()


def contributeurs(nombre: int, brouillons: int) -> list[dict]:
    """`nombre` contributors' accounts, each with `brouillons` complete drafts (the demo
    fiches' contents, pratiques.services.creer_brouillon) for its submissions."""
    from django.contrib.auth.hashers import make_password

    from comptes.models import Utilisateur
    from demo.management.commands.charger_fiches_demo import FICHIER
    from pratiques import services

    contenus = [entree["contenu"] for entree in json.loads(FICHIER.read_text(encoding="utf-8"))]
    mot_de_passe = make_password(MOT_DE_PASSE)  # hashed once for every account
    resultat = []
    for rang in range(nombre):
        compte = Utilisateur.objects.create_user(
            f"{PREFIXE}{rang}{DOMAINE}",
            prenom="Camille",
            nom=f"Banc {rang}",
            role=Utilisateur.Role.CONTRIBUTEUR,
            is_active=True,
        )
        compte.password = mot_de_passe
        compte.save(update_fields=["password"])
        reserve = [
            services.creer_brouillon(auteur=compte, contenu=contenus[(rang + i) % len(contenus)]).pk
            for i in range(brouillons)
        ]
        resultat.append({"email": compte.email, "brouillons": reserve})
    return resultat


def cle_de_partenaire() -> str:
    """An organisation and its read key, through partenaires.services, acted by a
    national administrator that is not saved (the platform itself)."""
    from comptes.models import Organisation, Utilisateur
    from partenaires import services
    from partenaires.models import Portee

    plateforme = Utilisateur(role=Utilisateur.Role.ADMIN_NATIONAL, is_active=True)
    organisation = services.enregistrer_organisation(
        plateforme, Organisation(nom=ORGANISATION, type=Organisation.Type.SITE_PARTENAIRE)
    )
    _, texte = services.creer_cle(
        plateforme, organisation, nom="Clé du banc d’essai", portees=[Portee.LECTURE]
    )
    return texte


# --- The pools of addresses ------------------------------------------------------------


def adresses(hasard: random.Random, v: dict) -> dict:
    """What visitors and partners ask for, drawn from the corpus."""
    from django.http import QueryDict
    from django.urls import reverse

    from pratiques.filters import RechercheFilter
    from pratiques.models import Fiche
    from territoires.models import Niveau

    publiees = Fiche.objects.publiees()
    ids = list(publiees.values_list("pk", flat=True))
    echantillon = hasard.sample(ids, min(2000, len(ids)))
    fiches = list(publiees.filter(pk__in=echantillon).values_list("slug", flat=True))
    lieux = {
        (t.niveau, t.code)
        for fiche in publiees.filter(pk__in=echantillon[:300]).prefetch_related("territoires")
        for t in fiche.territoires.all()
        if t.niveau in (Niveau.DEPARTEMENT, Niveau.COMMUNE)
    }
    territoires = [
        reverse("decouverte:territoire", kwargs={"niveau": n, "code": c}) for n, c in sorted(lieux)
    ]
    requetes = pool(600, GRAINE, v)
    dates = publiees.order_by("-modifiee_le").values_list("modifiee_le", flat=True)
    synchro = [dates[rang].isoformat().replace("+", "%2B") for rang in (10, 50, 200, 1000)]
    exports = []
    for _ in range(400):  # a thématique in a département: between 1 and 300 fiches
        parametres = urlencode(
            {
                "thematique": hasard.choice(v["thematiques"]),
                "departement": hasard.choice(v["departements"]),
            }
        )
        filtre = RechercheFilter(QueryDict(parametres))  # as the export's view reads them
        if filtre.is_valid() and 1 <= filtre.qs.count() <= 300:
            exports.append(f"{reverse('donnees:export_csv')}?{parametres}")
        if len(exports) == 30:
            break
    return {
        "fiches": fiches,
        "territoires": territoires,
        "recherches": [r["chemin"] for r in requetes if r["type"] == "page"],
        "api": [r["chemin"] for r in requetes if r["type"] == "api"],
        "synchro": synchro,
        "exports": exports,
    }


def urls() -> dict:
    """The project's addresses and the editor's field names, for the locustfile."""
    from django.urls import reverse

    from pratiques import etapes
    from pratiques.views.contribution import CASE_DONNEES_PERSONNELLES

    def modele(nom: str, **kwargs) -> str:  # "{pk}" / "{slug}" in place of the value
        valeurs = {
            cle: 987654321 if cle == "pk" else "xyzxyz" for cle, v in kwargs.items() if v is None
        }
        adresse = reverse(nom, kwargs={**kwargs, **valeurs})
        for cle, valeur in valeurs.items():
            adresse = adresse.replace(str(valeur), "{" + cle + "}")
        return adresse

    etape = etapes.PAR_SLUG[ETAPE_ENREGISTREE]
    return {
        "urls": {
            "accueil": reverse("accueil"),
            "referentiel": reverse("decouverte:referentiel"),
            "fiche": modele("pratiques:fiche", slug=None),
            "connexion": reverse("comptes:connexion"),
            "mes_fiches": reverse("pratiques:mes_fiches"),
            "proposer": reverse("pratiques:proposer"),
            "etape": modele("pratiques:modifier_etape", pk=None, etape=etape.slug),
            "etape_suivante": modele(
                "pratiques:modifier_etape", pk=None, etape=etape.suivante.slug
            ),
            "recapitulatif": modele(
                "pratiques:modifier_etape", pk=None, etape=etapes.RECAPITULATIF.slug
            ),
            "api_fiche": modele("v1:pratique-detail", slug=None),
            "api_synchro": reverse("v1:pratique-list")
            + "?ordering=modifiee_le&updated_since={depuis}",
            "api_retraits": reverse("v1:retrait-list") + "?updated_since={depuis}",
        },
        "premiere_etape": {champ: PREMIERE_ETAPE[champ] for champ in etapes.PREMIERE.champs},
        "etape_enregistree": dict.fromkeys(etape.champs, TEXTE_ETAPE),
        "case_donnees_personnelles": CASE_DONNEES_PERSONNELLES,
        "meme_titre": os.environ.get("BENCH_MIXTE_MEME_TITRE") == "1",
    }


# --- Checks --------------------------------------------------------------------------


def comptes_des_tables() -> dict[str, int]:
    """The exact number of rows of every table of the database."""
    from django.db import connection

    with connection.cursor() as curseur:
        tables = connection.introspection.table_names(curseur)
        resultat = {}
        for table in tables:
            curseur.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            resultat[table] = curseur.fetchone()[0]
    return resultat


def en_relecture() -> set[int]:
    """The fiches of this benchmark's accounts that await moderation."""
    from pratiques.models import Etat, Fiche

    return set(
        Fiche.objects.filter(
            auteur__email__startswith=PREFIXE, auteur__email__endswith=DOMAINE, etat=Etat.SOUMISE
        ).values_list("pk", flat=True)
    )


def resumer(stats: dict[str, Chiffres], duree: int) -> int:
    """Prints the figures of each kind and of all; returns the number of errors."""
    from api.throttling import LIMITE_CLE

    for nom in [*KINDS, *sorted(set(stats) - {*KINDS, "Aggregated"}), "Aggregated"]:
        if nom not in stats:
            continue
        n, debit, p50, p99, erreurs = stats[nom]
        libelle = "tout" if nom == "Aggregated" else nom
        print(
            f"[bench:mixte] {libelle:<30} {n:6d} requêtes, {debit:6.1f}/s, p50 {p50:6.0f} ms, "
            f"p99 {p99:6.0f} ms, {erreurs} erreur(s)"
        )
    par_minute = (
        sum(c.requetes for nom, c in stats.items() if nom.startswith("partenaire API")) * 60 / duree
    )
    limite = int(LIMITE_CLE.split("/")[0])
    print(
        f"[bench:mixte] appels de l’API avec la clé : {par_minute:.0f} par minute (limite "
        f"d’une clé hors banc d’essai : {LIMITE_CLE}, "
        f"{'dépassée' if par_minute > limite else 'non atteinte'})"
    )
    return stats["Aggregated"].erreurs if stats else 1


def lancer(donnees: dict, duree: int) -> tuple[int, set[int]]:
    """The site under gunicorn and the locust run; (errors, drafts submitted)."""
    from django.core.cache import cache

    port = port_libre()
    url = f"http://127.0.0.1:{port}"
    serveur = demarrer_gunicorn(port)
    try:
        with tempfile.TemporaryDirectory(prefix="bench_mixte_") as dossier:
            fichier = Path(dossier) / "donnees.json"
            fichier.write_text(json.dumps(donnees, ensure_ascii=False))
            soumissions = Path(dossier) / "soumissions.json"
            variables = {
                "BENCH_MIXTE_DONNEES": str(fichier),
                "BENCH_MIXTE_SOUMISSIONS": str(soumissions),
                **{f"BENCH_MIXTE_PART_{cle.upper()}": str(part) for cle, part in PARTS.items()},
            }
            cache.clear()  # the benchmark's own Redis database (scripts/bench.sh)
            stats = executer_locust(
                "locustfile_mixte.py", url, Path(dossier) / "mixte", variables, UTILISATEURS, DUREE
            )
            erreurs = resumer(stats, duree)
            return erreurs, set(json.loads(soumissions.read_text(encoding="utf-8")))
    finally:
        arreter(serveur)


def main() -> int:
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BASE
    django.setup()
    from django.contrib.sessions.models import Session
    from django.db import connections

    duree = secondes(DUREE)
    nombre_comptes = math.ceil(UTILISATEURS * PARTS["contributeurs"] / sum(PARTS.values())) + 1
    brouillons = int(os.environ.get("BENCH_MIXTE_BROUILLONS", max(20, duree)))
    print(
        f"[bench:mixte] base {BASE}, {FICHES} fiches ; gunicorn {TRAVAILLEURS} processus ; "
        f"locust {UTILISATEURS} utilisateurs ({PARTS['visiteurs']} % visiteurs, "
        f"{PARTS['contributeurs']} % contributeurs, {PARTS['partenaires']} % partenaires), "
        f"{DUREE} ; {nombre_comptes} comptes de contributeur, {brouillons} brouillons "
        "complets chacun"
    )
    try:
        preparer()
        nettoyer()
        avant = comptes_des_tables()
        sessions_avant = set(Session.objects.values_list("session_key", flat=True))
        donnees = {**urls(), **adresses(random.Random(GRAINE), vocabulaires())}
    finally:
        connections.close_all()
    print(
        f"[bench:mixte] {len(donnees['recherches'])} recherches, {len(donnees['fiches'])} "
        f"fiches, {len(donnees['territoires'])} territoires, {len(donnees['api'])} pages de "
        f"l’API, {len(donnees['exports'])} exports filtrés"
    )
    charges = [os.getloadavg()[0]]
    try:  # what is created from here on is deleted on the way out, failure or not
        debut = time.perf_counter()
        donnees["mot_de_passe"] = MOT_DE_PASSE
        donnees["contributeurs"] = contributeurs(nombre_comptes, brouillons)
        donnees["cle_api"] = cle_de_partenaire()
        connections.close_all()
        print(f"[bench:mixte] comptes et brouillons créés en {time.perf_counter() - debut:.0f} s")
        erreurs, reussies = lancer(donnees, duree)
        charges.append(os.getloadavg()[0])
    finally:
        soumises = en_relecture()
        nettoyer(sessions_avant)
        apres = comptes_des_tables()
        connections.close_all()
    differences = {
        t: (avant.get(t), apres.get(t)) for t in avant | apres if avant.get(t) != apres.get(t)
    }
    verdicts = {
        "0 erreur": erreurs == 0,
        f"{len(reussies)} soumission(s), ces fiches seules en relecture": reussies == soumises,
        "base du corpus rendue comme avant": not differences,
    }
    for table, (n_avant, n_apres) in sorted(differences.items()):
        print(f"[bench:mixte]   table {table} : {n_avant} lignes avant, {n_apres} après")
    print(
        "[bench:mixte] cible : 0 erreur ; "
        + " ; ".join(f"{nom} {'ok' if ok else 'FAIL'}" for nom, ok in verdicts.items())
        + f" ; charge moyenne (1 min) avant, après : {', '.join(f'{c:.1f}' for c in charges)} "
        f"sur {os.cpu_count()} cœurs"
    )
    echecs = list(verdicts.values()).count(False)
    return 1 if echecs and os.environ.get("BENCH_STRICT") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
