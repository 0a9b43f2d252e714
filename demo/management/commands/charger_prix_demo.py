"""Load a past edition of the prize (last year's), played through the services on the
dates of each phase: a grid, a jury in each département that has published demo fiches
(two demo jurors, one presiding), nominations, scores, closing and publication, then
the national round among the departmental laureates.

Idempotent: nothing is done if last year's edition exists. The demo fiches must be
loaded first (`charger_fiches_demo`)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from comptes.models import Utilisateur
from demo.management.commands.creer_comptes_demo import MOT_DE_PASSE_DEMO
from pratiques.models import Fiche
from prix import services
from prix.models import Critere, Edition, MembreJury
from territoires.models import Territoire

GRILLE = [
    (
        "Participation des personnes concernées",
        3,
        "Les personnes concernées sont à l’initiative de l’action ou associées à ses décisions.",
    ),
    ("Reproductibilité", 2, "La démarche est décrite pour que d’autres puissent la reprendre."),
    ("Partenariat", 1, "Plusieurs acteurs du territoire s’y engagent durablement."),
    ("Résultats et évaluation", 2, "Les effets sont observés, mesurés ou évalués."),
]
PAR_DEPARTEMENT = 4  # nominated fiches per département, at most


def _compte(email, prenom, nom, **champs) -> Utilisateur:
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


def _jure(jury, utilisateur, *, president=False) -> MembreJury:
    return MembreJury.objects.create(
        jury=jury,
        utilisateur=utilisateur,
        email=utilisateur.email,
        nom=str(utilisateur),
        president=president,
        accepte_le=timezone.now(),
    )


def _noter(membres, candidatures, criteres, jour):
    for i, candidature in enumerate(candidatures):
        for j, membre in enumerate(membres):
            notes = {
                c.pk: (max(0, 9 - i - (k + j) % 3), "Une démarche construite avec les habitants.")
                for k, c in enumerate(criteres)
            }
            services.noter(membre, candidature, notes, jour=jour)


class Command(BaseCommand):
    help = "Charge une édition passée du prix (l’an dernier), avec ses lauréates. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        annee = timezone.localdate().year - 1
        if Edition.objects.filter(annee=annee).exists():
            self.stdout.write(f"L’édition {annee} existe déjà : rien à faire.")
            return
        admin = _compte(
            "admin.prix@demo.pratiques.local", "Anne", "Prix", role=Utilisateur.Role.ADMIN_NATIONAL
        )
        d = datetime.date
        edition = services.creer_edition(
            par=admin,
            criteres=[{"libelle": lib, "poids": p, "description": desc} for lib, p, desc in GRILLE],
            annee=annee,
            nominations_le=d(annee, 1, 5),
            jury_departemental_le=d(annee, 2, 15),
            resultats_departementaux_le=d(annee, 3, 10),
            tour_national_le=d(annee, 3, 20),
            annonce_le=d(annee, 4, 2),
            mois_printemps_debut=d(annee, 4, 1),
            mois_printemps_fin=d(annee, 4, 30),
            nb_laureats_departementaux=2,
            nb_laureats_nationaux=1,
            presentation="Le prix distingue des démarches de développement social où les "
            "personnes concernées prennent part aux décisions.",
        )
        criteres = list(Critere.objects.filter(edition=edition).order_by("ordre"))
        departements = (
            Territoire.objects.filter(niveau="departement", fiches_a_moderer__etat="publiee")
            .distinct()
            .order_by("code")[:3]
        )
        if not departements:
            raise CommandError(
                "Aucune fiche publiée rattachée à un département : chargez "
                "d’abord les fiches de démonstration (charger_fiches_demo)."
            )
        jurys = []
        for dep in departements:
            moderateur = _compte(
                f"moderation.prix.{dep.code.lower()}@demo.pratiques.local",
                "Modération",
                dep.nom,
                role=Utilisateur.Role.MODERATEUR,
            )
            moderateur.departements.add(dep)
            jury = services.ouvrir_jury(edition, par=moderateur, departement=dep)
            membres = [
                _jure(
                    jury,
                    _compte(
                        f"jury.{dep.code.lower()}.{n}@demo.pratiques.local",
                        prenom,
                        f"Jury {dep.nom}",
                    ),
                    president=(n == 1),
                )
                for n, prenom in ((1, "Paule"), (2, "Jules"))
            ]
            candidatures = [
                services.proposer(edition, fiche, par=moderateur, jour=edition.nominations_le)
                for fiche in Fiche.objects.publiees()
                .filter(departement_moderation=dep)
                .order_by("publiee_le", "pk")[:PAR_DEPARTEMENT]
            ]
            _noter(membres, candidatures, criteres, edition.jury_departemental_le)
            jurys.append((jury, membres[0]))
        for jury, president in jurys:
            services.clore(
                jury, par=president.utilisateur, jour=edition.resultats_departementaux_le
            )
            services.departager(
                jury,
                par=president.utilisateur,
                ordre=[c.pk for g in services.egalites(jury) for c in g],
            )
            services.publier(
                jury,
                par=president.utilisateur,
                jour=edition.resultats_departementaux_le,
                motifs=f"Le jury du département {jury.departement.nom} salue des démarches où "
                "les habitants décident et où les partenaires tiennent dans la durée.",
            )
        national = services.ouvrir_jury(edition, par=admin)
        presidente = _jure(
            national,
            _compte("jury.national@demo.pratiques.local", "Nadia", "Jury national"),
            president=True,
        )
        _noter(
            [presidente],
            list(national.candidatures.order_by("pk")),
            criteres,
            edition.tour_national_le,
        )
        services.clore(national, par=presidente.utilisateur, jour=edition.annonce_le)
        services.departager(
            national,
            par=presidente.utilisateur,
            ordre=[c.pk for g in services.egalites(national) for c in g],
        )
        laureats = services.publier(
            national,
            par=presidente.utilisateur,
            jour=edition.annonce_le,
            motifs="Une démarche exemplaire, reprise depuis dans d’autres départements.",
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Prix {annee} : {len(jurys)} jury(s) départemental(aux), "
                f"{len(laureats)} lauréate(s) nationale(s)."
            )
        )
