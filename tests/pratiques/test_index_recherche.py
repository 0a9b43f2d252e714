"""The search index follows the fiches by itself: IndexRecherche holds exactly the
published fiches, as they are now, and CompteFacette the counts of the whole corpus,
whatever path changed them (services, a bulk update, a deletion)."""

import pytest
from django.db import IntegrityError, transaction

from pratiques import services
from pratiques.filters import RechercheFilter
from pratiques.models import CompteFacette, Fiche, IndexRecherche, Thematique
from pratiques.recherche import moteur
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db


def trouvees(texte: str) -> list[str]:
    filtre = RechercheFilter({"q": texte})
    assert filtre.is_valid()
    return sorted(filtre.qs.values_list("fiche__titre", flat=True))


def comptes_gardes():
    """The counts read from CompteFacette (nothing filtered)."""
    return moteur.compter(moteur.index_publie())


def comptes_recomptes():
    """The same counts from a scan of the index (a filter every row passes)."""
    return moteur.compter(moteur.index_publie().filter(publiee_le__isnull=False))


def en_clair(comptes) -> dict:
    return {
        "total": comptes.total,
        **{
            nom: {getattr(v, "code", v): n for v, n in facette.valeurs}
            for nom, facette in comptes.facettes.items()
        },
    }


def test_une_fiche_publiee_est_indexee_avec_ses_regions_et_departements(publier, geo, auteur):
    fiche = publier(titre="Jardin partagé de Fives", territoires=["commune:59350"])
    services.creer_brouillon(auteur=auteur, contenu=contenu_complet(titre="Jardin en brouillon"))

    index = IndexRecherche.objects.get()
    assert index.fiche_id == fiche.pk
    assert index.publiee_le == fiche.publiee_le
    assert index.thematiques_ids == fiche.thematiques_ids
    assert index.territoires_englobants == fiche.territoires_englobants
    assert sorted(index.zones_ids) == sorted([geo.nord.pk, geo.hdf.pk])
    assert trouvees("jardin") == ["Jardin partagé de Fives"]


def test_une_revision_publiee_remplace_ce_qui_est_cherche(geo, publier, auteur, moderateur_nord):
    fiche = publier(titre="Atelier tricot")
    Fiche.objects.filter(pk=fiche.pk).update(auteur=auteur)
    fiche.refresh_from_db()
    services.enregistrer(
        fiche,
        par=auteur,
        contenu=contenu_complet(titre="Potager des voisins", thematiques=["sante"]),
        version=fiche.version,
    )
    services.soumettre(fiche, par=auteur, donnees_personnelles_relues=True)
    # While the revision waits, the published version is what is found.
    assert trouvees("potager") == [] and trouvees("tricot") == ["Atelier tricot"]

    services.publier(fiche, par=moderateur_nord, confirme_donnees_personnelles=True)
    assert trouvees("potager") == ["Potager des voisins"] and trouvees("tricot") == []
    sante = Thematique.objects.get(code="sante")
    assert IndexRecherche.objects.get().thematiques_ids == [sante.pk]
    assert en_clair(comptes_gardes())["thematique"] == {"sante": 1}


def test_une_fiche_archivee_ou_supprimee_sort_de_l_index_et_des_comptes(publier, moderateur_nord):
    archivee = publier(titre="Jardin archivé")
    supprimee = publier(titre="Jardin supprimé")
    restante = publier(titre="Jardin restant")
    assert comptes_gardes().total == 3

    services.archiver(archivee, par=moderateur_nord)
    Fiche.objects.filter(pk=supprimee.pk).delete()

    assert list(IndexRecherche.objects.values_list("fiche_id", flat=True)) == [restante.pk]
    assert trouvees("jardin") == ["Jardin restant"]
    assert en_clair(comptes_gardes()) == en_clair(comptes_recomptes())
    assert comptes_gardes().total == 1


def test_les_comptes_gardes_sont_ceux_d_un_recomptage_apres_toute_sorte_de_changements(
    publier, moderateur_nord
):
    publier(titre="A", thematiques=["sante", "parentalite_familles"], statut_action="terminee")
    publier(titre="B", territoires=["commune:62041"], niveau_participation="codecision")
    c = publier(titre="C", publics=["jeunes", "parents"], territoires=["commune:59512"])
    # A bulk update, outside the services: one statement, several rows.
    Fiche.objects.publiees().update(statut_action="en_projet")
    services.archiver(c, par=moderateur_nord)

    gardes, recomptes = en_clair(comptes_gardes()), en_clair(comptes_recomptes())
    assert gardes == recomptes
    assert gardes["total"] == 2 and gardes["statut"] == {"en_projet": 2}
    assert gardes["departement"] == {"59": 1, "62": 1}
    # Values no fiche has any more are kept at zero and never shown.
    assert CompteFacette.objects.filter(facette="public", nombre=0).exists()
    assert "jeunes" not in gardes["public"]


def test_une_mise_a_jour_sans_changement_ne_reecrit_pas_l_index(publier):
    fiche = publier(titre="Jardin")
    avant = CompteFacette.objects.get(facette="total").nombre
    Fiche.objects.filter(pk=fiche.pk).update(titre="Jardin")
    Fiche.objects.filter(pk=fiche.pk).update(etat="publiee")
    assert CompteFacette.objects.get(facette="total").nombre == avant == 1


def test_une_fiche_publiee_sans_date_de_publication_est_refusee(publier):
    fiche = publier(titre="Jardin")
    with pytest.raises(IntegrityError), transaction.atomic():
        Fiche.objects.filter(pk=fiche.pk).update(publiee_le=None)
    assert IndexRecherche.objects.get().publiee_le == fiche.publiee_le
