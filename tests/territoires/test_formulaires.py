"""The form fields other forms reuse: whatever was typed is resolved on the server."""

import pytest
from django import forms

from territoires.forms import TerritoireField, TerritoiresField
from territoires.models import Niveau
from tests.territoires.outils import territoire

pytestmark = pytest.mark.django_db


class FormulaireDExemple(forms.Form):
    lieu = TerritoireField(label="Lieu")
    departements = TerritoiresField(
        label="Départements", niveaux=[Niveau.DEPARTEMENT], required=False
    )


def valider(**donnees):
    formulaire = FormulaireDExemple(data=donnees)
    formulaire.is_valid()
    return formulaire


@pytest.mark.parametrize(
    "saisie",
    ["commune:59350", "Lille (commune 59350)", "Lille", "lille", "59350", "  LILLE  "],
)
def test_une_reference_un_libelle_un_code_ou_un_nom_exact_designent_lille(saisie):
    assert valider(lieu=saisie).cleaned_data["lieu"] == territoire("commune:59350")


def test_un_code_postal_propre_a_un_arrondissement_le_designe():
    assert valider(lieu="75011").cleaned_data["lieu"] == territoire("arrondissement:75111")


def test_une_saisie_ambigue_liste_les_candidats_a_recopier():
    formulaire = valider(lieu="Saint-Denis")
    erreur = formulaire.errors["lieu"][0]
    assert "Plusieurs territoires correspondent à «\u00a0Saint-Denis\u00a0»" in erreur
    assert "Saint-Denis (commune 97411)" in erreur
    assert "Saint-Denis (commune 93066)" in erreur
    # A two-character code is never guessed: 32 is a département and a région.
    assert "Plusieurs territoires" in valider(lieu="32").errors["lieu"][0]


def test_une_saisie_sans_correspondance_l_explique():
    erreur = valider(lieu="Nulle-Part-sur-Mer").errors["lieu"][0]
    assert erreur.startswith("Aucun territoire ne correspond à «\u00a0Nulle-Part-sur-Mer\u00a0»")


def test_le_champ_obligatoire_refuse_le_vide():
    assert valider(lieu="").errors["lieu"] == ["Ce champ est obligatoire."]


def test_plusieurs_territoires_separes_par_des_points_virgules_et_restreints_a_un_niveau():
    formulaire = valider(lieu="Lille", departements="Nord ; departement:2A ; Nord")
    assert formulaire.cleaned_data["departements"] == [
        territoire("departement:59"),
        territoire("departement:2A"),
    ]
    # Lille is not a département: restricted to that level, nothing matches.
    erreurs = valider(lieu="Lille", departements="Nord ; Lille").errors["departements"]
    assert erreurs == [
        "Aucun territoire ne correspond à «\u00a0Lille\u00a0». Saisissez un nom, un code INSEE, un "
        "code postal ou choisissez dans la liste."
    ]


def test_la_valeur_initiale_s_affiche_en_libelle_et_le_widget_porte_l_autocompletion():
    nord = territoire("departement:59")
    formulaire = FormulaireDExemple(
        initial={"lieu": territoire("commune:59350").pk, "departements": [nord]}
    )
    html = str(formulaire)
    assert 'value="Lille (commune 59350)"' in html
    assert 'value="Nord (département 59)"' in html
    assert 'data-territoires-url="/territoires/autocompletion/"' in html
    assert 'data-territoires-niveaux="departement"' in html
    assert 'data-territoires-multiple="true"' in html
    assert "js/territoires.js" in str(formulaire.media)


def test_un_territoire_disparu_n_est_plus_propose_au_choix():
    lezennes = territoire("commune:59346")
    lezennes.actif = False
    lezennes.save()
    assert "Aucun territoire" in valider(lieu="commune:59346").errors["lieu"][0]


def test_le_formulaire_sait_si_le_territoire_a_change():
    lille = territoire("commune:59350")
    nord = territoire("departement:59")
    initial = {"lieu": lille.pk, "departements": [nord]}
    inchange = FormulaireDExemple(
        initial=initial, data={"lieu": "Lille (commune 59350)", "departements": "Nord"}
    )
    assert inchange.changed_data == []
    change = FormulaireDExemple(initial=initial, data={"lieu": "Roubaix", "departements": ""})
    assert change.changed_data == ["lieu", "departements"]
