"""The fiche generator (`manage.py generer_fiches`): published, searchable fiches whose
derived search columns are exactly what pratiques.contenu.appliquer computes,
deterministic with a seed, and deleted (only them) by --supprimer."""

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from demo import generateur
from pratiques import contenu as contenus
from pratiques import services
from pratiques.filters import RechercheFilter
from pratiques.models import EvenementModeration, Fiche, Partenaire
from pratiques.recherche import moteur as recherche
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db

FIN = datetime(2026, 1, 1, tzinfo=UTC)
TEXTES = [
    "titre", "resume", "contexte", "objectifs", "description", "leviers", "freins",
    "resultats", "reproduire_prerequis", "reproduire_premieres_etapes", "reproduire_ecueils",
]  # fmt: skip
DERIVES = [
    "thematiques_ids", "formes_ids", "publics_ids", "territoires_ids", "territoires_englobants",
    "partenaires_noms",
]  # fmt: skip


def generer(nombre, **options):
    options.setdefault("graine", 42)
    call_command("generer_fiches", nombre, jusqu_au=FIN, verbosity=0, **options)


def generees():
    return Fiche.objects.filter(source_import=generateur.SOURCE).order_by("identifiant_externe")


def instantane():
    """What a generated fiche is made of, without its database ids."""
    return [
        (
            fiche.identifiant_externe,
            *(getattr(fiche, champ) for champ in [*TEXTES, "publiee_le", "statut_action"]),
            *(getattr(fiche, champ) for champ in DERIVES),
            [(p.nom, p.type_id, p.role) for p in fiche.partenaires.all()],
        )
        for fiche in generees().prefetch_related("partenaires")
    ]


def test_les_fiches_generees_sont_publiees_realistes_et_sur_de_vrais_territoires(geo):
    generer(30, lot=7)
    fiches = list(generees())
    assert len(fiches) == 30
    assert {f.etat for f in fiches} == {"publiee"}
    assert all(f.publiee_le and f.publiee_le <= FIN for f in fiches)
    assert min(f.publiee_le for f in fiches).year >= FIN.year - 10
    longueurs = [sum(len(getattr(f, champ)) for champ in TEXTES) for f in fiches]
    assert 1800 < sum(longueurs) / len(longueurs) < 3200
    assert all(len(f.titre) <= 200 and len(f.resume) <= 600 for f in fiches)
    assert all(f.thematiques_ids and f.formes_ids and f.territoires_ids for f in fiches)
    geographie = {t.pk for t in vars(geo).values()}
    assert {pk for f in fiches for pk in f.territoires_ids} <= geographie
    # Every fiche went through the log like a published one.
    assert EvenementModeration.objects.filter(fiche__in=fiches, etat_apres="publiee").count() == 30


def test_les_colonnes_derivees_sont_celles_que_calcule_appliquer(geo):
    generer(30, lot=7)
    for fiche in generees():
        avant = {champ: getattr(fiche, champ) for champ in [*DERIVES, "recherche"]}
        departement = fiche.departement_moderation_id
        assert sorted(fiche.thematiques.values_list("pk", flat=True)) == fiche.thematiques_ids
        assert sorted(fiche.territoires.values_list("pk", flat=True)) == fiche.territoires_ids

        contenus.appliquer(fiche, contenus.normaliser(contenus.extraire(fiche)))
        fiche.save()
        fiche.refresh_from_db()

        assert {champ: getattr(fiche, champ) for champ in [*DERIVES, "recherche"]} == avant
        moderation = services.departement_de_moderation(fiche.territoires.all())
        assert departement == (moderation.pk if moderation else None)


def test_les_fiches_generees_se_cherchent_et_se_filtrent(geo):
    generer(30)
    fiche = generees().first()
    mot = max(fiche.titre.split(), key=len)
    filtre = RechercheFilter({"q": mot})
    assert filtre.is_valid()
    assert filtre.qs.filter(fiche=fiche).exists()
    page = recherche.resultats(filtre.qs, texte=mot, tri="pertinence", page=1, taille=10)
    assert page.comptes.total >= 1 and page.fiches
    dans_le_nord = RechercheFilter({"departement": "59"}).qs
    attendues = {f.pk for f in generees() if geo.nord.pk in f.territoires_englobants}
    assert attendues and set(dans_le_nord.values_list("pk", flat=True)) == attendues


def test_meme_graine_memes_fiches_quel_que_soit_le_decoupage(geo):
    generer(30, lot=30)
    premiere = instantane()
    generer(0, supprimer=True)
    assert not generees().exists()

    generer(12, lot=5)  # then 18 more: the same seed continues where it stopped
    generer(18, lot=4)
    assert instantane() == premiere

    generer(0, supprimer=True)
    generer(30, graine=7)
    assert [f[1] for f in instantane()] != [f[1] for f in premiere]


def test_supprimer_n_efface_que_les_fiches_generees(geo, auteur):
    importee, _ = services.importer(
        contenu=contenu_complet(), source="tests", identifiant="1", publier=True
    )
    brouillon = services.creer_brouillon(auteur=auteur, contenu=contenu_complet(titre="Brouillon"))
    generer(30)
    generer(0, supprimer=True)
    assert set(Fiche.objects.values_list("pk", flat=True)) == {importee.pk, brouillon.pk}
    assert set(Partenaire.objects.values_list("fiche_id", flat=True)) <= {importee.pk, brouillon.pk}
    assert not EvenementModeration.objects.exclude(fiche__in=[importee, brouillon]).exists()


def test_sans_communes_la_commande_explique_quoi_faire(db):
    with pytest.raises(CommandError, match="import_territoires"):
        generer(5)


@pytest.mark.parametrize("tri", ["pertinence", "date"])
def test_sur_un_corpus_genere_la_page_est_celle_d_ordonner_et_compter(geo, monkeypatch, tri):
    """`resultats` picks the page's order in its counting scan: the same fiches, in the
    same order, with the same counts as `ordonner` and `compter` (a small candidate set
    so that the cut matters)."""
    generer(60)
    monkeypatch.setattr(recherche, "CANDIDATS", 7)
    for texte in ["habitants", "jardin partagé", "lien social -quartier", ""]:
        filtre = RechercheFilter({"q": texte} if texte else {})
        assert filtre.is_valid()
        attendues = [i.fiche for i in recherche.ordonner(filtre.qs, texte=texte, tri=tri)]
        comptes = recherche.compter(filtre.qs)
        for page in (1, 2):
            obtenu = recherche.resultats(filtre.qs, texte=texte, tri=tri, page=page, taille=3)
            attendu = [f.pk for f in attendues[(page - 1) * 3 : page * 3]]
            assert [f.pk for f in obtenu.fiches] == attendu, (texte, page)
            assert obtenu.comptes == comptes
