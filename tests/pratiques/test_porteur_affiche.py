"""The fiche page names its porteur, its partners and their types once: a type is left out
when the name already says it."""

import re

import pytest
from django.urls import reverse

from pratiques.models import TypeStructure
from pratiques.templatetags.structures import avec_type
from tests.outils import texte
from tests.pratiques.factories import fiche_publiee

pytestmark = pytest.mark.django_db


def type_(code):
    return TypeStructure.objects.get(code=code)


@pytest.mark.parametrize(
    ("nom", "code", "attendu"),
    [
        ("Solidarimmo (ASBL)", "asbl", "Solidarimmo (ASBL)"),
        ("Transit asbl", "asbl", "Transit asbl"),
        ("MASS Bruxelles", "asbl", "MASS Bruxelles — ASBL"),
        ("Mutualité sociale agricole", "msa", "Mutualité sociale agricole"),
        ("Département du Pas-de-Calais", "departement", "Département du Pas-de-Calais"),
        ("Conseil général de la Seine-Maritime", "departement",
         "Conseil général de la Seine-Maritime — Département"),
        ("CIAS du Grand Arras", "ccas_cias", "CIAS du Grand Arras"),
        ("ATD Quart Monde", "association", "ATD Quart Monde — Association"),
        ("", "asbl", "ASBL (Belgique)"),
    ],
)  # fmt: skip
def test_le_type_n_est_ajoute_que_si_le_nom_ne_le_dit_pas(nom, code, attendu):
    assert avec_type(nom, type_(code)) == attendu


def test_sans_type_le_nom_seul():
    assert avec_type("Collectif des habitants", None) == "Collectif des habitants"


def porteur_sur_la_page(client, fiche) -> str:
    html = client.get(reverse("pratiques:fiche", args=[fiche.slug])).content.decode()
    return texte(re.search(r"<dt>Porteur</dt>\s*<dd>(.*?)</dd>", html, re.S)[1])


def test_la_fiche_de_solidarimmo_ne_repete_pas_asbl(client, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord, porteur_nom="Solidarimmo (ASBL)",
                          porteur_type="asbl")  # fmt: skip
    assert porteur_sur_la_page(client, fiche) == "Solidarimmo (ASBL)"


def test_la_fiche_donne_le_type_quand_le_nom_ne_le_dit_pas(client, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord, porteur_nom="L’Escale",
                          porteur_type="centre_social")  # fmt: skip
    assert porteur_sur_la_page(client, fiche) == "L’Escale — Centre social"


def test_les_partenaires_aussi_sont_nommes_sans_repetition(client, auteur, moderateur_nord):
    partenaires = [
        {"nom": "Transit asbl", "type": "asbl", "role": "Accueil"},
        {"nom": "CAF du Nord", "type": "caf", "role": "Financement"},
        {"nom": "L’Escale", "type": "centre_social", "role": ""},
    ]
    fiche = fiche_publiee(auteur, moderateur_nord, partenaires=partenaires)
    html = client.get(reverse("pratiques:fiche", args=[fiche.slug])).content.decode()
    section = re.search(r'<h2 id="partenaires">.*?</ul>', html, re.S)[0]
    lignes = [texte(li) for li in re.findall(r"<li>(.*?)</li>", section, re.S)]
    assert lignes[0] == "Transit asbl : Accueil"  # the name says "asbl" already
    assert lignes[1].startswith("CAF du Nord — ") and lignes[1].endswith(" : Financement")
    assert "(" not in lignes[1]
    assert lignes[2] == "L’Escale — Centre social"
