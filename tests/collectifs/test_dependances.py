"""Dependencies point one way: collectifs uses pratiques and territoires; pratiques and
territoires never import collectifs (the fiche names its collectif by a string)."""

import grimp


def test_pratiques_et_territoires_n_importent_jamais_collectifs():
    graphe = grimp.build_graph("pratiques", "territoires", "collectifs")
    for paquet in ("pratiques", "territoires"):
        assert not graphe.chain_exists(importer=paquet, imported="collectifs", as_packages=True)
    assert graphe.chain_exists(importer="collectifs", imported="pratiques", as_packages=True)
