"""The life of a reprise: declared on a published fiche, checked by the moderation of its
own département, then counted on the source fiche (nb_reprises, copied to the search
index) — and the e-mails each step sends."""

from datetime import date

import pytest

from core.models import EmailSortant
from essaimage import cycle, services
from essaimage.models import EtatReprise, Reprise
from pratiques.models import Fiche, IndexRecherche
from pratiques.services import creer_brouillon
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db


def _destinataires():
    return sorted(d for c in EmailSortant.objects.all() for d in c.destinataires)


def test_une_reprise_declaree_attend_la_moderation_de_son_propre_departement(
    source, declarer, geo, lectrice, moderateur_nord, moderateur_pas_de_calais
):
    reprise = declarer(source, geo.arras, depuis=date(2024, 9, 15))
    assert reprise.etat == EtatReprise.SOUMISE
    assert reprise.departement_moderation == geo.pas_de_calais
    assert reprise.depuis == date(2024, 9, 1)  # month precision
    # The Pas-de-Calais moderators are told, not the Nord ones (the source's département).
    assert _destinataires() == [moderateur_pas_de_calais.email]
    assert list(Reprise.objects.en_attente().moderables_par(moderateur_pas_de_calais)) == [reprise]
    assert list(Reprise.objects.en_attente().moderables_par(moderateur_nord)) == []
    with pytest.raises(services.TransitionInterdite):
        services.publier(reprise, par=moderateur_nord)
    reprise.refresh_from_db()
    assert reprise.etat == EtatReprise.SOUMISE


def test_une_reprise_dans_une_region_va_a_la_moderation_nationale(
    source, declarer, geo, admin_national, moderateur_nord
):
    reprise = declarer(source, geo.hdf)
    assert reprise.departement_moderation is None
    assert _destinataires() == [admin_national.email]
    services.publier(reprise, par=admin_national)
    assert Fiche.objects.get(pk=source.pk).nb_reprises == 1


def test_on_ne_modere_pas_sa_propre_reprise(source, declarer, geo, moderateur_nord):
    reprise = declarer(source, geo.roubaix, par=moderateur_nord)
    with pytest.raises(services.TransitionInterdite, match="vous avez déclarée"):
        services.publier(reprise, par=moderateur_nord)


def test_on_ne_declare_pas_la_reprise_d_une_fiche_non_publiee(auteur, declarer, geo):
    brouillon = creer_brouillon(auteur=auteur, contenu=contenu_complet())
    with pytest.raises(services.EtatIncompatible):
        declarer(brouillon, geo.arras)
    assert not Reprise.objects.exists()


def test_des_donnees_personnelles_doivent_etre_confirmees_par_l_auteur_puis_le_moderateur(
    source, declarer, geo, moderateur_pas_de_calais
):
    texte = "Mme Dupont nous a aidés, joignable au 06 12 34 56 78."
    with pytest.raises(services.DonneesPersonnellesAConfirmer):
        declarer(source, geo.arras, leviers=texte)
    assert not Reprise.objects.exists()
    reprise = declarer(source, geo.arras, leviers=texte, donnees_personnelles_relues=True)
    with pytest.raises(services.DonneesPersonnellesAConfirmer):
        services.publier(reprise, par=moderateur_pas_de_calais)
    assert Reprise.objects.get().etat == EtatReprise.SOUMISE
    services.publier(reprise, par=moderateur_pas_de_calais, confirme_donnees_personnelles=True)
    reprise.refresh_from_db()
    assert reprise.etat == EtatReprise.PUBLIEE
    assert reprise.donnees_personnelles_confirmees


def test_publier_compte_la_reprise_et_previent_l_auteur_de_la_fiche_et_celui_de_la_reprise(
    source, declarer, geo, auteur, lectrice, moderateur_pas_de_calais
):
    reprise = declarer(source, geo.arras, contact_autorise=True)
    EmailSortant.objects.all().delete()
    services.publier(reprise, par=moderateur_pas_de_calais)
    assert Fiche.objects.get(pk=source.pk).nb_reprises == 1
    assert IndexRecherche.objects.get(fiche=source).nb_reprises == 1
    assert _destinataires() == sorted([auteur.email, lectrice.email])
    pour_l_auteur = EmailSortant.objects.get(destinataires=[auteur.email])
    assert "Arras" in pour_l_auteur.sujet
    # The reprise's author agreed to be contacted: the source's author gets the address.
    assert lectrice.email in pour_l_auteur.corps_texte
    assert f"/pratiques/fiche/{source.slug}/reprises/" in pour_l_auteur.corps_texte


def test_sans_accord_l_adresse_de_l_auteur_de_la_reprise_n_est_pas_transmise(
    source, declarer, geo, auteur, lectrice, moderateur_pas_de_calais
):
    reprise = declarer(source, geo.arras, contact_autorise=False)
    services.publier(reprise, par=moderateur_pas_de_calais)
    assert lectrice.email not in EmailSortant.objects.get(destinataires=[auteur.email]).corps_texte


def test_refuser_demande_un_motif_et_ne_compte_rien(
    source, declarer, geo, lectrice, moderateur_pas_de_calais
):
    reprise = declarer(source, geo.arras)
    with pytest.raises(services.EtatIncompatible, match="Expliquez"):
        services.refuser(reprise, par=moderateur_pas_de_calais, motif="  ")
    EmailSortant.objects.all().delete()
    services.refuser(reprise, par=moderateur_pas_de_calais, motif="Ce n’est pas la même approche.")
    reprise.refresh_from_db()
    assert reprise.etat == EtatReprise.REFUSEE
    assert Fiche.objects.get(pk=source.pk).nb_reprises == 0
    courriel = EmailSortant.objects.get()
    assert courriel.destinataires == [lectrice.email]
    assert "Ce n’est pas la même approche." in courriel.corps_texte
    with pytest.raises(services.EtatIncompatible):
        services.publier(reprise, par=moderateur_pas_de_calais)


def test_retirer_une_reprise_publiee_la_decompte(
    source, declarer, geo, moderateur_pas_de_calais, moderateur_nord
):
    arras = declarer(source, geo.arras)
    roubaix = declarer(source, geo.roubaix)
    services.publier(arras, par=moderateur_pas_de_calais)
    services.publier(roubaix, par=moderateur_nord)
    assert IndexRecherche.objects.get(fiche=source).nb_reprises == 2
    services.retirer(arras, par=moderateur_pas_de_calais, motif="Doublon.")
    assert Fiche.objects.get(pk=source.pk).nb_reprises == 1
    assert IndexRecherche.objects.get(fiche=source).nb_reprises == 1


def test_la_table_des_transitions_dit_ce_que_le_moderateur_peut_faire(
    source, declarer, geo, moderateur_pas_de_calais, moderateur_nord
):
    reprise = declarer(source, geo.arras)
    assert [t.nom for t in cycle.possibles(reprise, moderateur_pas_de_calais)] == [
        "publier",
        "refuser",
    ]
    assert cycle.possibles(reprise, moderateur_nord) == []
    services.publier(reprise, par=moderateur_pas_de_calais)
    reprise.refresh_from_db()
    assert [t.nom for t in cycle.possibles(reprise, moderateur_pas_de_calais)] == ["retirer"]


def test_l_auteur_d_une_reprise_publiee_en_redige_la_fiche_derivee(
    source, declarer, geo, lectrice, auteur, moderateur_pas_de_calais
):
    reprise = declarer(source, geo.arras, freins="Trouver un local.")
    with pytest.raises(services.EtatIncompatible):
        services.rediger_fiche_derivee(reprise, par=lectrice)  # not published yet
    services.publier(reprise, par=moderateur_pas_de_calais)
    with pytest.raises(services.TransitionInterdite):
        services.rediger_fiche_derivee(reprise, par=auteur)
    derivee = services.rediger_fiche_derivee(reprise, par=lectrice)
    reprise.refresh_from_db()
    assert reprise.fiche_derivee == derivee
    assert Fiche.objects.get(pk=derivee.pk).inspiree_de == source
    assert derivee.auteur == lectrice
    assert derivee.etat == "brouillon"
    assert derivee.description == source.description
    assert derivee.freins == "Trouver un local."
    assert [t.code for t in derivee.territoires.all()] == ["62041"]
    assert derivee.departement_moderation == geo.pas_de_calais
    assert derivee.contact_email == ""
    with pytest.raises(services.EtatIncompatible):
        services.rediger_fiche_derivee(reprise, par=lectrice)
