"""Events put in the outbox: fiche events heard from pratiques' transitions, in their
transaction, to every active endpoint subscribed; `import.termine` to one
organisation's endpoints only."""

import pytest
from django.db import transaction
from django.urls import reverse

from pratiques import services as pratiques
from pratiques.models import Fiche
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.pratiques.factories import Geographie, contenu_complet, fiche_publiee, moderateur_de
from tests.webhooks.factories import point
from webhooks import services
from webhooks.evenements import (
    FICHE_ARCHIVEE,
    FICHE_MODIFIEE,
    FICHE_PUBLIEE,
    IMPORT_TERMINE,
    TEST,
)
from webhooks.models import Livraison

pytestmark = pytest.mark.django_db

URL = "https://recepteur.example.org/webhooks"


@pytest.fixture
def acteurs():
    geo = Geographie()
    return UtilisateurFactory(), moderateur_de(geo.nord)


def _recues(objet, code=None):
    livraisons = Livraison.objects.filter(point=objet)
    if code:
        livraisons = livraisons.filter(evenement=code)
    return list(livraisons)


def test_la_premiere_publication_d_une_fiche_va_aux_points_abonnes_et_actifs(acteurs):
    abonne = point(URL, evenements=[FICHE_PUBLIEE])
    autre_organisation = point(URL, evenements=[FICHE_PUBLIEE, FICHE_ARCHIVEE])
    non_abonne = point(URL, evenements=[FICHE_ARCHIVEE, IMPORT_TERMINE])
    desactive = point(URL, evenements=[FICHE_PUBLIEE])
    desactive.actif = False
    desactive.save()

    fiche = fiche_publiee(*acteurs, titre="Un café des parents")

    (livraison,) = _recues(abonne)
    assert len(_recues(autre_organisation, FICHE_PUBLIEE)) == 1
    assert _recues(non_abonne) == [] and _recues(desactive) == []
    assert livraison.evenement == FICHE_PUBLIEE
    assert livraison.etat == Livraison.Etat.A_ENVOYER
    donnees = livraison.donnees
    assert donnees["id"] == fiche.pk and donnees["slug"] == fiche.slug
    assert donnees["titre"] == "Un café des parents"
    assert donnees["etat"] == "publiee"
    assert donnees["url"].endswith(reverse("pratiques:fiche", args=[fiche.slug]))
    assert donnees["url_api"].endswith(f"/api/v1/pratiques/{fiche.slug}/")
    assert "contact@centre-social.example.fr" not in str(donnees)
    assert set(donnees) == {"id", "slug", "titre", "url", "url_api", "etat", "date"}
    # The submission and the draft before it sent nothing.
    assert Livraison.objects.count() == 2


def test_publier_une_revision_d_une_fiche_publiee_emet_fiche_modifiee(acteurs):
    auteur, moderateur = acteurs
    fiche = fiche_publiee(auteur, moderateur)
    objet = point(URL, evenements=[FICHE_PUBLIEE, FICHE_MODIFIEE])
    contenu = contenu_complet(titre="Un café des parents, deuxième version")
    pratiques.enregistrer(
        fiche, par=auteur, contenu=contenu, version=pratiques.version_courante(fiche)
    )
    pratiques.soumettre(fiche, par=auteur, donnees_personnelles_relues=True)
    assert _recues(objet) == []
    pratiques.publier(fiche, par=moderateur, confirme_donnees_personnelles=True)
    (livraison,) = _recues(objet)
    assert livraison.evenement == FICHE_MODIFIEE
    assert livraison.donnees["titre"] == "Un café des parents, deuxième version"


def test_archiver_une_fiche_publiee_emet_fiche_archivee(acteurs):
    auteur, moderateur = acteurs
    fiche = fiche_publiee(auteur, moderateur)
    objet = point(URL, evenements=[FICHE_ARCHIVEE])
    pratiques.archiver(fiche, par=moderateur)
    (livraison,) = _recues(objet)
    assert livraison.evenement == FICHE_ARCHIVEE
    assert livraison.donnees["etat"] == "archivee"
    assert livraison.donnees["motif"] == "archivee"


def test_supprimer_une_fiche_publiee_emet_fiche_archivee(acteurs):
    fiche = fiche_publiee(*acteurs)
    brouillon = pratiques.creer_brouillon(auteur=acteurs[0], contenu=contenu_complet())
    objet = point(URL, evenements=[FICHE_ARCHIVEE])
    pk = fiche.pk
    fiche.delete()
    brouillon.delete()
    (livraison,) = _recues(objet)
    assert livraison.donnees["motif"] == "supprimee"
    assert livraison.donnees["etat"] is None
    assert livraison.donnees["id"] == pk


def test_supprimer_par_un_queryset_etroit_emet_aussi(acteurs):
    fiche = fiche_publiee(*acteurs)
    objet = point(URL, evenements=[FICHE_ARCHIVEE])
    Fiche.objects.filter(pk=fiche.pk).only("pk").delete()
    (livraison,) = _recues(objet)
    assert livraison.donnees["slug"] == fiche.slug
    assert livraison.donnees["motif"] == "supprimee"


def test_une_transition_annulee_ne_laisse_aucune_livraison(acteurs):
    auteur, moderateur = acteurs
    fiche = pratiques.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    pratiques.soumettre(fiche, par=auteur, donnees_personnelles_relues=True)
    objet = point(URL, evenements=[FICHE_PUBLIEE])

    class Annulation(Exception):
        pass

    with pytest.raises(Annulation), transaction.atomic():
        pratiques.publier(fiche, par=moderateur, confirme_donnees_personnelles=True)
        assert len(_recues(objet)) == 1  # written in the transition's transaction…
        raise Annulation
    assert _recues(objet) == []  # …and gone with it
    fiche.refresh_from_db()
    assert fiche.etat == "soumise"


def test_import_termine_ne_va_qu_aux_points_de_l_organisation(acteurs):
    organisation = OrganisationFactory()
    sien = point(URL, organisation=organisation, evenements=[IMPORT_TERMINE])
    non_abonne = point(URL, organisation=organisation, evenements=[FICHE_PUBLIEE])
    autre = point(URL, evenements=[IMPORT_TERMINE])
    bilan = {"fiches_creees": 12, "fiches_modifiees": 3, "erreurs": 0}
    livraisons = services.emettre(IMPORT_TERMINE, bilan, organisation=organisation)
    assert [livraison.point for livraison in livraisons] == [sien]
    assert _recues(sien)[0].donnees == bilan
    assert _recues(non_abonne) == [] and _recues(autre) == []


def test_emettre_refuse_un_evenement_inconnu_ou_sans_son_organisation():
    with pytest.raises(ValueError, match="Unknown"):
        services.emettre("fiche.inconnue", {})
    with pytest.raises(ValueError, match="Unknown"):
        services.emettre(TEST, {})
    with pytest.raises(ValueError, match="one organisation"):
        services.emettre(IMPORT_TERMINE, {})
