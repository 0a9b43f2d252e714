"""api/ is the API as a whole: it knows no domain app (config composes them)."""

import grimp

APPLICATIONS_DU_DOMAINE = ["pratiques", "territoires", "comptes", "collectifs"]


def test_api_n_importe_aucune_application_du_domaine():
    graphe = grimp.build_graph("api", "config", "core", *APPLICATIONS_DU_DOMAINE)
    for application in APPLICATIONS_DU_DOMAINE:
        chaine = graphe.find_shortest_chain(importer="api", imported=application, as_packages=True)
        assert chaine is None, chaine
    # The check does see imports: config does import api.
    assert graphe.find_shortest_chain(importer="config", imported="api", as_packages=True)
