"""The permission matrix, generated from one declaration (ACTIONS): every role × every
page and API action → the status the app answers; on every refusal nothing changed in
the database (the fiches' state and version, and the row count of every table).

Roles: anonyme, contributeur (not the author), auteur (of the fiches), modérateur of
another département (Pas-de-Calais), modérateur of this one (Nord), partenaire (manages
the keys of an organisation; in the API, calls with its keys), admin national. In the
API a session counts for nothing: only the partner calls with a key.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from comptes.models import Utilisateur
from essaimage import services as essaimage
from partenaires.models import Portee
from pratiques import services
from pratiques.models import Fiche
from prix import services as prix
from tests.collectifs.factories import declarer
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.outils import connecte
from tests.partenaires.factories import admin_partenaire, entete
from tests.pratiques.factories import contenu_complet, fiche_publiee, fiche_soumise
from tests.prix.factories import edition
from tests.webhooks.factories import point

pytestmark = pytest.mark.django_db

ROLES = ("anonyme", "contributeur", "auteur", "moderateur_autre", "moderateur", "partenaire",
         "admin")  # fmt: skip
# Tables whose rows a refused request may legitimately add: a key's usage counter.
JOURNAUX = {"partenaires.UtilisationCle"}


@dataclass(frozen=True)
class Action:
    nom: str
    methode: str
    url: Callable  # (monde) -> str
    attendus: dict  # role -> status; a role absent gets `autres`
    autres: int
    donnees: dict | Callable | None = None  # or (monde) -> dict
    cle: str = "cle_webhooks"  # the partner's key used in the API

    def attendu(self, role: str) -> int:
        return self.attendus.get(role, self.autres)


def page(nom, methode, url, autres, donnees=None, **attendus):
    return Action(nom, methode, url, attendus, autres, donnees)


def api(nom, methode, url, autres, donnees=None, cle="cle_webhooks", **attendus):
    return Action(nom, methode, url, attendus, autres, donnees, cle)


CONNEXION = 302  # an anonymous visitor is sent to the login page
PUBLIER = {"decision": "publier", "confirmation": "on"}
TOUS_CONNECTES = dict.fromkeys(ROLES[1:], 200)

ACTIONS = [
    # --- Fiches: writing -------------------------------------------------------------
    page("proposer une fiche", "GET", lambda m: reverse("pratiques:proposer"),
         200, anonyme=CONNEXION),
    page("mes fiches", "GET", lambda m: reverse("pratiques:mes_fiches"), 200, anonyme=CONNEXION),
    page("modifier le brouillon", "GET",
         lambda m: reverse("pratiques:modifier", args=[m.brouillon.pk]),
         403, anonyme=CONNEXION, auteur=302),
    page("modifier une étape du brouillon (POST)", "POST",
         lambda m: reverse("pratiques:modifier_etape", args=[m.brouillon.pk, "identite"]),
         403, lambda m: {"version": m.brouillon.version, "titre": "Un titre changé",
                         "resume": "Un résumé changé."},
         anonyme=CONNEXION, auteur=302),
    page("soumettre le brouillon", "POST",
         lambda m: reverse("pratiques:soumettre", args=[m.brouillon.pk]),
         403, {"donnees_personnelles_relues": "on"}, anonyme=CONNEXION, auteur=302),
    page("historique de la fiche soumise", "GET",
         lambda m: reverse("pratiques:historique", args=[m.soumise.pk]),
         403, anonyme=CONNEXION, auteur=200, moderateur=200, admin=200),
    # --- Fiches: moderation ----------------------------------------------------------
    page("file de modération", "GET", lambda m: reverse("pratiques:file_moderation"),
         403, anonyme=CONNEXION, moderateur_autre=200, moderateur=200, admin=200),
    page("écran de modération", "GET",
         lambda m: reverse("pratiques:moderer", args=[m.soumise.pk]),
         403, anonyme=CONNEXION, moderateur=200, admin=200),
    page("publier la fiche soumise", "POST",
         lambda m: reverse("pratiques:moderer", args=[m.soumise.pk]),
         403, PUBLIER, anonyme=CONNEXION, moderateur=302, admin=302),
    page("archiver la fiche publiée", "POST",
         lambda m: reverse("pratiques:archiver", args=[m.publiee.pk]),
         403, {"message": ""}, anonyme=CONNEXION, moderateur=302, admin=302),
    page("anciennes fiches", "GET", lambda m: reverse("pratiques:anciennes"),
         403, anonyme=CONNEXION, moderateur_autre=200, moderateur=200, admin=200),
    page("document d’un brouillon", "GET",
         lambda m: reverse("pratiques:document", args=[m.document.pk]),
         404, auteur=200, moderateur=200, admin=200),
    # --- Other apps' rights pages ----------------------------------------------------
    # Like the fiches' queue: modérateurs (each sees the reprises of their
    # départements: Reprise.objects.moderables_par) and national administrators.
    page("file des reprises", "GET", lambda m: reverse("essaimage:file"),
         403, anonyme=CONNEXION, moderateur_autre=200, moderateur=200, admin=200),
    page("écran de modération d’une reprise", "GET",
         lambda m: reverse("essaimage:moderer", args=[m.reprise.pk]),
         403, anonyme=CONNEXION, moderateur=200, admin=200),
    page("publier une reprise", "POST",
         lambda m: reverse("essaimage:moderer", args=[m.reprise.pk]),
         403, PUBLIER, anonyme=CONNEXION, moderateur=302, admin=302),
    page("file de reconnaissance des collectifs", "GET", lambda m: reverse("collectifs:file"),
         403, anonyme=CONNEXION, moderateur_autre=200, moderateur=200, admin=200),
    page("quotas des collectifs", "GET", lambda m: reverse("collectifs:quotas"),
         403, anonyme=CONNEXION, moderateur_autre=200, moderateur=200, admin=200),
    page("clés d’API du partenaire", "GET", lambda m: reverse("partenaires:cles"),
         403, anonyme=CONNEXION, partenaire=200),
    page("nouvelle clé (POST)", "POST", lambda m: reverse("partenaires:nouvelle_cle"),
         403, {"nom": "Intrus", "portees": ["lecture"]}, anonyme=CONNEXION, partenaire=200),
    page("organisations partenaires", "GET", lambda m: reverse("partenaires:organisations"),
         403, anonyme=CONNEXION, admin=200),
    page("webhooks du partenaire", "GET", lambda m: reverse("webhooks:liste"),
         403, anonyme=CONNEXION, partenaire=200),
    page("webhook d’une autre organisation", "GET",
         lambda m: reverse("webhooks:point", args=[m.point_autre.pk]),
         403, anonyme=CONNEXION, partenaire=404),
    page("nouvelle édition du prix", "GET", lambda m: reverse("prix:nouvelle_edition"),
         403, anonyme=CONNEXION, admin=200),
    page("gérer le collectif", "GET",
         lambda m: reverse("collectifs:gerer", args=[m.collectif.slug]),
         403, anonyme=CONNEXION, auteur=200),
    page("membres du collectif", "GET",
         lambda m: reverse("collectifs:membres", args=[m.collectif.slug]),
         403, anonyme=CONNEXION, auteur=200),
    page("jury du prix (Nord)", "GET",
         lambda m: reverse("prix:jury", args=[m.edition.annee, m.jury.pk]),
         403, anonyme=CONNEXION, moderateur=200, admin=200),
    page("nominations du prix", "GET",
         lambda m: reverse("prix:nominations", args=[m.edition.annee]),
         403, anonyme=CONNEXION, moderateur_autre=200, moderateur=200, admin=200),
    # --- API -------------------------------------------------------------------------
    # Anonymous reading is open; a key without the `lecture` scope is refused, though.
    api("API : lire les pratiques", "GET", lambda m: "/api/v1/pratiques/", 200, partenaire=403),
    api("API : lire les pratiques avec une clé de lecture", "GET",
        lambda m: "/api/v1/pratiques/", 200, cle="cle_lecture"),
    api("API : lister les webhooks", "GET", lambda m: "/api/v1/webhooks/", 401, partenaire=200),
    api("API : lister les webhooks avec une clé de lecture", "GET",
        lambda m: "/api/v1/webhooks/", 401, cle="cle_lecture", partenaire=403),
    api("API : créer un webhook", "POST", lambda m: "/api/v1/webhooks/", 401,
        {"url": "http://127.0.0.1:9/recepteur", "evenements": ["fiche.publiee"]},
        partenaire=201),
    api("API : lire le webhook d’une autre organisation", "GET",
        lambda m: f"/api/v1/webhooks/{m.point_autre.pk}/", 401, partenaire=404),
    api("API : supprimer le webhook d’une autre organisation", "DELETE",
        lambda m: f"/api/v1/webhooks/{m.point_autre.pk}/", 401, partenaire=404),
]  # fmt: skip


class Monde:
    """The accounts and the fiches the actions act on: a draft, a submitted and a
    published fiche of `auteur` in Lille (Nord), a document on the draft, an
    organisation with keys, and another organisation's webhook endpoint."""

    def __init__(self, geo, moderateur_nord, moderateur_pas_de_calais, admin_national):
        self.auteur = UtilisateurFactory(email="auteur.matrice@exemple.fr")
        self.comptes = {
            "contributeur": UtilisateurFactory(role=Utilisateur.Role.CONTRIBUTEUR),
            "auteur": self.auteur,
            "moderateur_autre": moderateur_pas_de_calais,
            "moderateur": moderateur_nord,
            "partenaire": admin_partenaire(),
            "admin": admin_national,
        }
        self.brouillon = services.creer_brouillon(auteur=self.auteur, contenu=contenu_complet())
        self.soumise = fiche_soumise(self.auteur, titre="Une fiche soumise à Lille")
        self.publiee = fiche_publiee(self.auteur, moderateur_nord, titre="Une fiche publiée")
        from django.core.files.uploadedfile import SimpleUploadedFile

        from pratiques import pieces_jointes

        self.document = pieces_jointes.ajouter(
            self.brouillon, par=self.auteur, titre="Affiche",
            fichier=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
        )  # fmt: skip
        organisation = self.comptes["partenaire"].organisation
        from partenaires import services as cles

        _, self.cle_lecture = cles.creer_cle(
            self.comptes["partenaire"], organisation, nom="Lecture", portees=[Portee.LECTURE]
        )
        _, self.cle_webhooks = cles.creer_cle(
            self.comptes["partenaire"], organisation, nom="Webhooks", portees=[Portee.WEBHOOKS]
        )
        # Another contributor took the published fiche up in Roubaix (Nord).
        self.reprise = essaimage.declarer(
            self.publiee, par=self.comptes["contributeur"], territoire=geo.roubaix,
            depuis=date(2024, 9, 15), garde="Le café hebdomadaire.",
            donnees_personnelles_relues=True,
        )  # fmt: skip
        # The author leads a collective in Lille; the prize's 2027 edition has a Nord jury.
        self.collectif = declarer(self.auteur, [geo.lille], nom="Collectif des parents")
        self.edition = edition(admin_national)
        self.jury = prix.ouvrir_jury(self.edition, par=moderateur_nord, departement=geo.nord)
        self.point_autre = point("http://127.0.0.1:9/autre", OrganisationFactory())

    def client(self, role: str, action: Action) -> tuple[Client, dict]:
        if action.url(self).startswith("/api/"):
            if role == "partenaire":
                return Client(), entete(getattr(self, action.cle))
            return Client(), {}
        if role == "anonyme":
            return Client(), {}
        return connecte(self.comptes[role]), {}


def photographie() -> dict:
    """What a refused request must leave untouched."""
    comptes = {
        modele._meta.label: modele.objects.count()
        for modele in apps.get_models()
        if modele._meta.label not in JOURNAUX and not modele._meta.proxy
    }
    fiches = list(Fiche.objects.order_by("pk").values_list("pk", "etat", "version", "titre"))
    return {"comptes": comptes, "fiches": fiches}


@pytest.fixture
def monde(geo, moderateur_nord, moderateur_pas_de_calais, admin_national, medias):
    return Monde(geo, moderateur_nord, moderateur_pas_de_calais, admin_national)


CAS = [(action, role) for action in ACTIONS for role in ROLES]


@pytest.mark.parametrize(("action", "role"), CAS, ids=[f"{a.nom} — {r}" for a, r in CAS])
def test_la_matrice_des_permissions(monde, action, role):
    client, entetes = monde.client(role, action)
    avant = photographie()
    url = action.url(monde)
    donnees = action.donnees(monde) if callable(action.donnees) else action.donnees or {}
    if url.startswith("/api/") and action.methode != "GET":
        reponse = client.generic(action.methode, url, data=_json(donnees),
                                 content_type="application/json", **entetes)  # fmt: skip
    elif action.methode == "POST":
        reponse = client.post(url, donnees, **entetes)
    else:
        reponse = client.generic(action.methode, url, **entetes)
    attendu = action.attendu(role)
    assert reponse.status_code == attendu, (reponse.status_code, reponse.content[:300])
    vers_la_connexion = attendu == CONNEXION and role == "anonyme"
    if vers_la_connexion:
        assert reponse["Location"].startswith(reverse("comptes:connexion") + "?next=")
    if attendu >= 400 or vers_la_connexion or action.methode == "GET":
        assert photographie() == avant


def _json(donnees: dict) -> str:
    import json

    return json.dumps(donnees)
