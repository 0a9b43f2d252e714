"""The SVG charts are images named by their title and description, and write every
value as text (nothing is told by colour alone)."""

from datetime import date

from chiffres import graphiques


def test_un_diagramme_en_barres_nomme_et_chiffre():
    svg = graphiques.barres(
        "themes", "Par thématique", "Santé : 1234 ; Logement : 0",
        [("Santé", 1234), ("Logement <& co>", 0)],
    )  # fmt: skip
    assert svg.startswith('<svg class="chiffres-graphique" role="img"')
    assert 'aria-labelledby="themes-titre themes-desc"' in svg
    assert '<title id="themes-titre">Par thématique</title>' in svg
    assert '<desc id="themes-desc">Santé : 1234 ; Logement : 0</desc>' in svg
    assert ">1\u202f234</text>" in svg and ">0</text>" in svg
    assert "Logement &lt;&amp; co&gt;" in svg  # labels are escaped


def test_des_colonnes_par_mois_avec_chaque_valeur_et_des_noms_de_mois_espaces():
    mois = [(date(2025, m, 1), m * 10) for m in range(1, 13)]
    svg = graphiques.colonnes_mensuelles("mois", "Par mois", "Total 780", mois)
    assert svg.count("<rect ") == 12
    assert all(f">{m * 10}</text>" in svg for m in range(1, 13))
    assert svg.count(" 2025</text>") == 6  # every other month named


def test_sans_aucune_valeur_le_graphique_reste_valide():
    assert 'width="0.0"' in graphiques.barres("vide", "Vide", "Rien", [("Santé", 0)])
    assert "<rect " not in graphiques.barres("rien", "Rien", "Rien", [])
