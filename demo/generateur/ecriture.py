"""Generated fiches written in bulk: COPY of the rows with their derived search columns,
their relations and their publication event; continuation of a seed; deletion."""

from django.db import connection, models, transaction
from django.utils.text import slugify

from demo.generateur import SOURCE
from demo.generateur.fiches import FicheGeneree
from demo.generateur.referentiel import Referentiel
from pratiques.models import Etat, EvenementModeration, Fiche, Partenaire


def _fiche(ref: Referentiel, generee: FicheGeneree, graine: int) -> Fiche:
    """The Fiche row, with the derived columns as pratiques.contenu.appliquer sets them
    and the moderation département as pratiques.services.departement_de_moderation."""
    territoires = [ref.territoires[pk] for pk in generee.territoires]
    departements: set[int] = set()
    national = False
    for territoire in territoires:
        couverts = ref.departements(territoire)
        national = national or not couverts
        departements |= couverts
    champs = generee.champs
    slug = f"{slugify(champs['titre'])[:180].strip('-') or 'fiche'}-g{graine}-{generee.rang}"
    return Fiche(
        **champs,
        slug=slug,
        etat=Etat.PUBLIEE,
        source_import=SOURCE,
        identifiant_externe=f"{graine}-{generee.rang}",
        departement_moderation_id=(
            next(iter(departements)) if not national and len(departements) == 1 else None
        ),
        thematiques_ids=sorted(generee.thematiques),
        formes_ids=sorted(generee.formes),
        publics_ids=sorted(generee.publics),
        territoires_ids=sorted(generee.territoires),
        territoires_englobants=sorted(
            {t.pk for t in territoires} | {a for t in territoires for a in t.ancetres}
        ),
        partenaires_noms="\n".join(p[0] for p in generee.partenaires),
    )


def _copier(table: str, colonnes: list[str], lignes) -> None:
    """Write rows with COPY. An INSERT of thousands of rows costs more in Python
    (compiling then splitting a query with 100,000 placeholders) than in PostgreSQL, and
    bulk_create would also send back every generated column (the search vectors,
    kilobytes a row) for nothing."""
    noms = ", ".join(connection.ops.quote_name(c) for c in colonnes)
    requete = f"COPY {connection.ops.quote_name(table)} ({noms}) FROM STDIN"
    with connection.cursor() as curseur, curseur.copy(requete) as copie:
        for ligne in lignes:
            copie.write_row(ligne)


def _copier_objets(modele, objets: list) -> None:
    """Model instances with COPY: the values Django would insert, the generated columns
    (and primary keys not set) left to PostgreSQL."""
    if not objets:
        return
    meta = modele._meta
    avec_pk = objets[0].pk is not None
    champs = [
        f for f in meta.concrete_fields if not f.generated and (avec_pk or f is not meta.auto_field)
    ]
    # Only JSON needs Django's preparation; strings, numbers, dates and lists are
    # adapted by psycopg as they are (and calling get_db_prep_save on every value of
    # 60 columns would double the Python time of a batch).
    preparer = [isinstance(f, models.JSONField) for f in champs]
    _copier(
        meta.db_table,
        [f.column for f in champs],
        (
            [
                f.get_db_prep_save(getattr(objet, f.attname), connection)
                if prep
                else getattr(objet, f.attname)
                for f, prep in zip(champs, preparer, strict=True)
            ]
            for objet in objets
        ),
    )


def _reserver_ids(modele, nombre: int) -> list[int]:
    """`nombre` primary keys taken from the table's sequence, as an INSERT would."""
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [modele._meta.db_table, modele._meta.pk.column, nombre],
        )
        return [pk for (pk,) in curseur.fetchall()]


def _copier_liens(champ_m2m: str, paires: list[tuple[int, int]]) -> None:
    """Rows of a many-to-many through table from (fiche id, value id) pairs."""
    champ = Fiche._meta.get_field(champ_m2m)
    table = champ.remote_field.through._meta.db_table
    _copier(table, [champ.m2m_column_name(), champ.m2m_reverse_name()], paires)


def ecrire(ref: Referentiel, generees: list[FicheGeneree], graine: int) -> list[Fiche]:
    """Insert a batch of generated fiches with their relations, in one transaction."""
    with transaction.atomic():
        fiches = [_fiche(ref, generee, graine) for generee in generees]
        for fiche, pk in zip(fiches, _reserver_ids(Fiche, len(fiches)), strict=True):
            fiche.pk = pk
            fiche._state.adding = False
        _copier_objets(Fiche, fiches)
        for champ, attribut in (
            ("thematiques", "thematiques"),
            ("formes_intervention", "formes"),
            ("publics", "publics"),
            ("territoires", "territoires"),
        ):
            _copier_liens(
                champ,
                [
                    (fiche.pk, valeur)
                    for fiche, generee in zip(fiches, generees, strict=True)
                    for valeur in getattr(generee, attribut)
                ],
            )
        _copier_objets(
            Partenaire,
            [
                Partenaire(fiche_id=fiche.pk, nom=nom, type_id=type_id, role=role, ordre=ordre)
                for fiche, generee in zip(fiches, generees, strict=True)
                for ordre, (nom, type_id, role) in enumerate(generee.partenaires)
            ],
        )
        message = f"Fiche générée (generer_fiches, graine {graine})."
        _copier_objets(
            EvenementModeration,
            [
                EvenementModeration(
                    fiche_id=fiche.pk,
                    cree_le=fiche.publiee_le,
                    etat_avant="",
                    etat_apres=Etat.PUBLIEE,
                    message=message,
                )
                for fiche in fiches
            ],
        )
    return fiches


def prochain_rang(graine: int) -> int:
    """Generating again with the same seed continues where the last run stopped."""
    prefixe = f"{graine}-"
    rangs = (
        Fiche.objects.filter(source_import=SOURCE, identifiant_externe__startswith=prefixe)
        .values_list("identifiant_externe", flat=True)
        .iterator()
    )
    dernier = -1
    for identifiant in rangs:
        suffixe = identifiant[len(prefixe) :]
        if suffixe.isdigit():
            dernier = max(dernier, int(suffixe))
    return dernier + 1


def supprimer(par_lot: int = 2000) -> int:
    """Delete every generated fiche (and only them), by batches; returns how many."""
    total = 0
    while True:
        pks = list(
            Fiche.objects.filter(source_import=SOURCE)
            .order_by("pk")
            .values_list("pk", flat=True)[:par_lot]
        )
        if not pks:
            return total
        with transaction.atomic():
            Fiche.objects.filter(pk__in=pks).only("pk").delete()
        total += len(pks)
