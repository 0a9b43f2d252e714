"""The platform's figures (docs/domaine.md §21): pure query functions over a Perimetre
(a period of whole months and a territory). Each one is a single statement (GROUP BY,
FILTER, percentile_cont) whatever the number of fiches, so that a page of figures costs
a fixed number of queries; chiffres.views only lays them out.

Two ways to choose a territory, because the two pages answer two questions:
- the modérateurs' dashboard counts what their départements *moderate*
  (`departement_moderation`, the same field as `Utilisateur.objects.moderateurs_de`);
- the public page counts what happens *in* a place (a fiche's territories and every
  territory containing them, a reprise's territory, a collectif's département).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Count, F, Func, IntegerField, Q
from django.db.models.functions import TruncMonth, TruncYear
from django.utils import timezone

from collectifs.models import Collectif, Reconnaissance
from essaimage.models import EtatReprise, Reprise
from pratiques import actualite
from pratiques.models import (
    Etat,
    EvenementModeration,
    Fiche,
    FormeIntervention,
    NiveauParticipation,
    Revision,
    Thematique,
)
from pratiques.recherche import moteur

# The decisions that end a submission (of a fiche or of a revision).
DECISIONS = (Etat.PUBLIEE, Etat.REFUSEE, Etat.MODIFICATIONS_DEMANDEES)


@dataclass(frozen=True)
class Perimetre:
    """Months `debut`..`fin` (first days, both included) and a territory: `departements`
    (moderation départements, None for everywhere) or `lieu` (a territory's pk, public
    page). Never both."""

    debut: date
    fin: date
    departements: tuple[int, ...] | None = None
    lieu: int | None = None

    @property
    def depuis(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.debut, time.min))

    @property
    def jusqu_a(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.fin + relativedelta(months=1), time.min))

    @property
    def mois(self) -> list[date]:
        mois, tous = self.debut, []
        while mois <= self.fin:
            tous.append(mois)
            mois += relativedelta(months=1)
        return tous

    def pendant(self, champ: str) -> Q:
        return Q(**{f"{champ}__gte": self.depuis, f"{champ}__lt": self.jusqu_a})

    def fiches(self, prefixe: str = "") -> Q:
        """The fiches of the territory (`prefixe`: the path to the fiche, e.g. "fiche__")."""
        if self.departements is not None:
            return Q(**{f"{prefixe}departement_moderation__in": self.departements})
        if self.lieu is not None:
            return Q(**{f"{prefixe}territoires_englobants__contains": [self.lieu]})
        return Q()

    def sql_fiches(self, alias: str) -> tuple[str, list]:
        """The same filter in SQL over the row `alias` of pratiques_fiche."""
        if self.departements is not None:
            return f"{alias}.departement_moderation_id = ANY(%s)", [list(self.departements)]
        if self.lieu is not None:
            return f"{alias}.territoires_englobants @> ARRAY[%s]::bigint[]", [self.lieu]
        return "TRUE", []

    def reprises(self) -> Q:
        if self.departements is not None:
            return Q(departement_moderation__in=self.departements)
        if self.lieu is not None:
            return Q(territoire=self.lieu) | Q(territoire__ancetres__contains=[self.lieu])
        return Q()

    def collectifs(self, prefixe: str = "") -> Q:
        if self.departements is not None:
            return Q(**{f"{prefixe}departement__in": self.departements})
        if self.lieu is not None:
            return Q(**{f"{prefixe}departement": self.lieu}) | Q(
                **{f"{prefixe}departement__ancetres__contains": [self.lieu]}
            )
        return Q()


def _entre(champ: str, p: Perimetre, condition: Q | None = None) -> Q:
    return p.pendant(champ) & (condition or Q())


# --- Moderation --------------------------------------------------------------------


def activite(p: Perimetre) -> dict[str, int]:
    """Fiches submitted, published, sent back for changes and refused during the period
    (a fiche or one of its revisions; each fiche counted once per kind), and what waits
    in the queue today."""
    evenements = EvenementModeration.objects.filter(p.pendant("cree_le"), p.fiches("fiche__"))

    def fiches_passees_a(etat):
        return Count("fiche", distinct=True, filter=Q(etat_apres=etat))

    comptes = evenements.aggregate(
        soumises=fiches_passees_a(Etat.SOUMISE),
        publiees=fiches_passees_a(Etat.PUBLIEE),
        modifications_demandees=fiches_passees_a(Etat.MODIFICATIONS_DEMANDEES),
        refusees=fiches_passees_a(Etat.REFUSEE),
    )
    # The queue's rule is the manager's (en_attente_de_moderation); it is applied to the
    # few candidates (a submitted fiche, a submitted revision), fetched first through
    # indexes, so that its subquery does not run on every fiche.
    candidates = {
        *Fiche.objects.filter(etat=Etat.SOUMISE).values_list("pk", flat=True),
        *Revision.objects.filter(etat=Etat.SOUMISE).values_list("fiche_id", flat=True),
    }
    candidates = Fiche.objects.filter(p.fiches(), pk__in=candidates)
    comptes["en_attente"] = candidates.en_attente_de_moderation().count()
    return comptes


@dataclass(frozen=True)
class Delais:
    nombre: int  # decisions taken during the period
    mediane: float | None  # days
    p90: float | None


def delais(p: Perimetre) -> Delais:
    """Days from a submission to the first decision after it (publication, change
    request or refusal), for the decisions taken during the period: median and 90th
    percentile. A fiche submitted three times counts three waits."""
    filtre, parametres = p.sql_fiches("f")
    evenements = EvenementModeration._meta.db_table
    fiches = Fiche._meta.db_table
    sql = f"""
        SELECT count(*),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY attente),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY attente)
        FROM (
            SELECT EXTRACT(EPOCH FROM d.cree_le - s.cree_le) / 86400.0 AS attente
            FROM {evenements} s
            JOIN {fiches} f ON f.id = s.fiche_id
            CROSS JOIN LATERAL (
                SELECT d.cree_le FROM {evenements} d
                WHERE d.fiche_id = s.fiche_id
                  AND d.revision_id IS NOT DISTINCT FROM s.revision_id
                  AND d.etat_avant = %s AND d.etat_apres = ANY(%s)
                  AND (d.cree_le, d.id) > (s.cree_le, s.id)
                ORDER BY d.cree_le, d.id LIMIT 1
            ) d
            WHERE s.etat_apres = %s AND {filtre}
              AND d.cree_le >= %s AND d.cree_le < %s
        ) attentes
    """  # noqa: S608 — tables from the models, values as parameters
    with connection.cursor() as curseur:
        curseur.execute(
            sql,
            [Etat.SOUMISE, list(DECISIONS), Etat.SOUMISE, *parametres, p.depuis, p.jusqu_a],
        )
        nombre, mediane, p90 = curseur.fetchone()
    return Delais(nombre, mediane, p90)


def anciennes(p: Perimetre) -> int:
    """Published fiches whose information is old today (pratiques.actualite)."""
    return actualite.anciennes(Fiche.objects.filter(p.fiches())).count()


# --- Publications ------------------------------------------------------------------


def _publiees(p: Perimetre):
    return Fiche.objects.publiees().filter(p.fiches(), p.pendant("publiee_le"))


def publiees_par_mois(p: Perimetre) -> list[tuple[date, int]]:
    """Fiches online today, by month of publication, every month of the period."""
    comptes = {
        ligne["mois"].date(): ligne["nombre"]
        for ligne in _publiees(p)
        .annotate(mois=TruncMonth("publiee_le"))
        .values("mois")
        .annotate(nombre=Count("id"))
        .order_by()
    }
    return [(mois, comptes.get(mois, 0)) for mois in p.mois]


def _par_valeur(p: Perimetre, colonne: str) -> dict[int, int]:
    valeur = Func(F(colonne), function="unnest", output_field=IntegerField())
    return dict(
        _publiees(p)
        .annotate(valeur=valeur)
        .values("valeur")
        .annotate(nombre=Count("id"))
        .order_by()
        .values_list("valeur", "nombre")
    )


def par_valeur_et_annee(p: Perimetre, colonne: str) -> dict[tuple[int, int], int]:
    """Fiches published during the period by (value of the array `colonne`, year)."""
    valeur = Func(F(colonne), function="unnest", output_field=IntegerField())
    return {
        (ligne["valeur"], ligne["annee"].year): ligne["nombre"]
        for ligne in _publiees(p)
        .annotate(valeur=valeur, annee=TruncYear("publiee_le"))
        .values("valeur", "annee")
        .annotate(nombre=Count("id"))
        .order_by()
    }


def _etiqueter(modele, comptes: dict) -> list[tuple[str, int]]:
    """Every active value of a vocabulary with its count, in the vocabulary's order."""
    return [(v.libelle, comptes.get(v.pk, 0)) for v in modele.objects.filter(actif=True)]


def par_thematique(p: Perimetre) -> list[tuple[str, int]]:
    """Fiches published during the period, by thématique (a fiche has one or more)."""
    return _etiqueter(Thematique, _par_valeur(p, "thematiques_ids"))


def par_forme(p: Perimetre) -> list[tuple[str, int]]:
    return _etiqueter(FormeIntervention, _par_valeur(p, "formes_ids"))


def par_niveau_participation(p: Perimetre) -> list[tuple[str, int]]:
    comptes = dict(
        _publiees(p)
        .values("niveau_participation")
        .annotate(nombre=Count("id"))
        .order_by()
        .values_list("niveau_participation", "nombre")
    )
    return [*_etiqueter(NiveauParticipation, comptes), ("Non précisé", comptes.get(None, 0))]


# --- Reprises and collectifs ---------------------------------------------------------


def reprises(p: Perimetre) -> dict[str, int]:
    """Reprises declared and published during the period, and waiting today."""
    declarees = p.pendant("cree_le")
    publiees = _entre("decidee_le", p, Q(etat=EtatReprise.PUBLIEE))
    refusees = _entre("decidee_le", p, Q(etat=EtatReprise.REFUSEE))
    en_attente = Q(etat=EtatReprise.SOUMISE)
    return (
        Reprise.objects.filter(p.reprises())
        .filter(declarees | publiees | refusees | en_attente)
        .aggregate(
            declarees=Count("pk", filter=declarees),
            publiees=Count("pk", filter=publiees),
            refusees=Count("pk", filter=refusees),
            en_attente=Count("pk", filter=en_attente),
        )
    )


def collectifs(p: Perimetre) -> dict[str, int]:
    """Collectifs declared during the period, recognised today, and recognition
    decisions taken during the period."""
    declares = Collectif.objects.filter(p.collectifs(), p.pendant("cree_le")).count()
    return {
        "declares": declares,
        "reconnus": Collectif.objects.reconnus().filter(p.collectifs()).count(),
        "reconnaissances": Reconnaissance.objects.filter(
            p.collectifs(), p.pendant("decidee_le")
        ).count(),
    }


# --- The map -----------------------------------------------------------------------


def publiees_par_departement() -> tuple[int, dict[int, int]]:
    """Fiches online today, in all and by département (a fiche counts in each département
    it is in): the counts the database keeps on every publication
    (pratiques.models.CompteFacette), read, not counted."""
    comptes = moteur.compter(moteur.index_publie())
    return comptes.total, {d.pk: n for d, n in comptes.facettes["departement"].valeurs}
