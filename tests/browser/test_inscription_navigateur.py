"""Sign-up through the pages, in a real browser."""

import pytest

from comptes.models import Utilisateur

pytestmark = pytest.mark.django_db(transaction=True)


def test_une_personne_cree_son_compte_et_voit_les_erreurs_a_cote_des_champs(page, audit_axe):
    page.goto("/compte/inscription/")
    page.get_by_label("Adresse e-mail").fill("camille@exemple.fr")
    page.get_by_label("Mot de passe").fill("court")
    page.get_by_role("button", name="Créer mon compte").click()
    # Errors are shown next to the fields and what was typed is kept.
    assert page.get_by_label("Adresse e-mail").input_value() == "camille@exemple.fr"
    assert page.get_by_text("Ce mot de passe est trop court").is_visible()
    assert page.get_by_text("Ce champ est obligatoire.").is_visible()
    assert audit_axe(page) == []

    page.get_by_label("Mot de passe").fill("un mot de passe solide 2026")
    page.get_by_text("J’ai lu les mentions légales").click()
    assert page.get_by_label("J’ai lu les mentions légales").is_checked()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/compte/inscription/envoyee/")
    assert Utilisateur.objects.filter(email="camille@exemple.fr", is_active=False).exists()
