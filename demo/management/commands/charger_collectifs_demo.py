"""Load the demo collectifs (demo/data/collectifs_demo.json): situations the
2015 report describes — a collective around a centre social in Lille-Fives, an
inter-associative collective in the Pas-de-Calais, the assises of Corsica — with demo
members in each collège, their demo fiches, one recognised, one applying and one whose
composition is incomplete.

Idempotent: a collectif already declared by its demo animateur is left alone. The
territories and the demo fiches must be loaded first (earlier steps of
`preparer_donnees`). Declaring, applying and recognising go through the services; the
members and the fiche links are written as data (no e-mail to demo addresses; the
demo fiches have no author to link them).
"""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from collectifs import moyens, services
from collectifs.models import Action, Collectif, Membre, QuotaDepartemental
from comptes.models import Utilisateur
from demo.management.commands.creer_comptes_demo import MOT_DE_PASSE_DEMO
from pratiques.models import Fiche
from territoires.models import Territoire

FICHIER = Path(__file__).resolve().parents[2] / "data" / "collectifs_demo.json"
SOURCE_FICHES = "rapport-egts-2015"  # pratiques' charger_fiches_demo
INSTANCE = ("instance.nord@demo.pratiques.local", "Irène", "Instance", ["59", "62"])
# This year's quotas of the demo départements: (number, envelope in euros).
QUOTAS = {"59": (5, 100_000), "62": (3, 60_000), None: (2, 40_000)}


def _utilisateur(email, prenom, nom, **champs) -> Utilisateur:
    utilisateur, cree = Utilisateur.objects.get_or_create(
        email=email,
        defaults={
            "prenom": prenom,
            "nom": nom,
            "is_active": True,
            "email_confirme_le": timezone.now(),
            **champs,
        },
    )
    if cree:
        utilisateur.set_password(MOT_DE_PASSE_DEMO)
        utilisateur.save(update_fields=["password"])
    return utilisateur


class Command(BaseCommand):
    help = (
        "Charge les collectifs de démonstration (demo/data/collectifs_demo.json). "
        "Idempotent : ne touche pas aux collectifs déjà déclarés."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fichier", type=Path, default=FICHIER, help="Fixture à charger.")

    def handle(self, *args, fichier, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo collectifs are never loaded in production.")
        entrees = json.loads(fichier.read_text(encoding="utf-8"))
        territoires = self._territoires(entrees)
        crees = 0
        with transaction.atomic():
            instance = self._instance()
            for entree in entrees:
                animateur = next(m for m in entree["membres"] if m.get("role") == "animateur")
                if Collectif.objects.filter(
                    nom=entree["nom"], declare_par__email=animateur["email"]
                ).exists():
                    continue
                self._charger(entree, territoires, instance)
                crees += 1
        self.stdout.write(
            f"Collectifs de démonstration : {crees} créé(s), {len(entrees) - crees} déjà là. "
            f"Instance départementale : {INSTANCE[0]} (mot de passe « {MOT_DE_PASSE_DEMO} »)."
        )

    def _territoires(self, entrees) -> dict:
        references = sorted({r for e in entrees for r in e["territoires"]})
        trouves = {}
        for reference in references:
            try:
                trouves[reference] = Territoire.objects.par_reference(reference)
            except (ValueError, Territoire.DoesNotExist):
                raise CommandError(
                    f"Territoire introuvable : {reference}. Importez d’abord la géographie "
                    "officielle : python manage.py import_territoires."
                ) from None
        return trouves

    def _instance(self) -> Utilisateur:
        email, prenom, nom, codes = INSTANCE
        moderatrice = _utilisateur(email, prenom, nom, role=Utilisateur.Role.MODERATEUR)
        departements = Territoire.objects.filter(niveau="departement", code__in=codes)
        moderatrice.departements.add(*departements)
        annee = timezone.localdate().year
        par_code = {d.code: d for d in departements}
        for code, (nombre, enveloppe) in QUOTAS.items():
            QuotaDepartemental.objects.get_or_create(
                departement=par_code.get(code) if code else None,
                annee=annee,
                defaults={"nombre_max": nombre, "enveloppe": enveloppe, "modifie_par": moderatrice},
            )
        return moderatrice

    def _charger(self, entree, territoires, instance) -> Collectif:
        membres = [(m, _utilisateur(m["email"], m["prenom"], m["nom"])) for m in entree["membres"]]
        (premier, animateur), *autres = sorted(
            membres, key=lambda m: m[0].get("role") != "animateur"
        )
        collectif = services.declarer(
            par=animateur,
            donnees={
                "nom": entree["nom"],
                "description": entree["description"],
                "territoires": [territoires[r] for r in entree["territoires"]],
                "date_creation": date.fromisoformat(entree["date_creation"]),
                "forme": entree["forme"],
                "gouvernance": entree["gouvernance"],
            },
            college=premier["college"],
            fonction=premier["fonction"],
            nom_public=premier["nom_public"],
        )
        for donnees, utilisateur in autres:
            Membre.objects.create(
                collectif=collectif,
                utilisateur=utilisateur,
                college=donnees["college"],
                fonction=donnees["fonction"],
                nom_public=donnees["nom_public"],
                role=donnees.get("role", Membre.Role.MEMBRE),
                statut=Membre.Statut.ACCEPTE,
                accepte_le=timezone.now(),
            )
            services.journaliser(
                collectif, par=animateur, action=Action.ADHESION_ACCEPTEE, message=str(utilisateur)
            )
        for ligne in entree["financements"]:
            moyens.ajouter(collectif, "financement", par=animateur, donnees=ligne)
        for ligne in entree["mises_a_disposition"]:
            moyens.ajouter(collectif, "mise_a_disposition", par=animateur, donnees=ligne)
        if entree["tiers"]:
            moyens.definir_tiers_accompagnant(collectif, par=animateur, donnees=entree["tiers"])
        fiches = Fiche.objects.filter(
            source_import=SOURCE_FICHES, identifiant_externe__in=entree["fiches"]
        )
        for fiche in fiches:
            services.journaliser(collectif, par=None, action=Action.FICHE_LIEE, message=fiche.titre)
        fiches.update(collectif=collectif)
        if entree["etat"] in ("candidature", "reconnu"):
            services.candidater(collectif, par=animateur, message="Demande de démonstration.")
        if entree["etat"] == "reconnu":
            services.reconnaitre(collectif, par=instance, montant=entree["montant"])
        return collectif
