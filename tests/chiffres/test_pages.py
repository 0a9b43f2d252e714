"""Who sees which page of figures, what the pages and their CSV files say, and how many
queries they cost."""

import csv
import io

import pytest
from django.urls import reverse

from chiffres import calculs
from chiffres.calculs import Perimetre
from chiffres.views import CLASSES_CARTE
from pratiques.models import Thematique
from tests.chiffres.conftest import moment
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

TABLEAU = reverse("chiffres:moderation")
PUBLICS = reverse("chiffres:publics")
ANNEE_2025 = {"du": "2025-01", "au": "2025-12"}


def lignes_csv(reponse) -> list[list[str]]:
    return list(csv.reader(io.StringIO(reponse.content.decode())))


def test_un_anonyme_est_renvoye_vers_la_connexion(client):
    reponse = client.get(TABLEAU)
    assert reponse.status_code == 302
    assert reponse.url.startswith(reverse("comptes:connexion"))


def test_un_contributeur_recoit_403_sur_le_tableau_de_bord(client, auteur):
    client.force_login(auteur)
    reponse = client.get(TABLEAU)
    assert reponse.status_code == 403
    assert "réservée aux modérateurs" in reponse.content.decode()
    assert client.get(TABLEAU, {"format": "csv", "figure": "activite"}).status_code == 403


def test_un_moderateur_ne_voit_que_ses_departements(client, plateforme, geo, moderateur_nord):
    client.force_login(moderateur_nord)
    reponse = client.get(TABLEAU, ANNEE_2025)
    assert reponse.status_code == 200
    choix = reponse.context["formulaire"].fields["territoire"].choices
    assert choix == [("", "Tous mes départements"), (str(geo.nord.pk), "Nord (59)")]
    nord = calculs.activite(Perimetre(*reponse.context["perimetre"].mois[::11], (geo.nord.pk,)))
    activite = dict(reponse.context["figures"][0].lignes)
    assert activite["Fiches soumises"] == nord["soumises"] == len(plateforme.lille)
    # Another département is not among the choices: a clear 400, nothing computed.
    autre = client.get(TABLEAU, {**ANNEE_2025, "territoire": geo.pas_de_calais.pk})
    assert autre.status_code == 400
    assert "figures" not in autre.context
    assert "Sélectionnez un choix valide" in autre.content.decode()
    csv_autre = client.get(
        TABLEAU, {**ANNEE_2025, "territoire": geo.pas_de_calais.pk, "format": "csv"}
    )
    assert csv_autre.status_code == 400


def test_un_administrateur_national_voit_le_total_national(client, plateforme, geo, admin_national):
    client.force_login(admin_national)
    reponse = client.get(TABLEAU, ANNEE_2025)
    assert reponse.context["formulaire"].fields["territoire"].choices[0] == (
        "",
        "France entière (total national)",
    )
    activite = dict(reponse.context["figures"][0].lignes)
    assert activite["Fiches soumises"] == len(plateforme.soumissions)
    pdc = client.get(TABLEAU, {**ANNEE_2025, "territoire": geo.pas_de_calais.pk})
    assert dict(pdc.context["figures"][0].lignes)["Fiches soumises"] == len(plateforme.arras)


def test_le_csv_d_un_chiffre_du_tableau_de_bord(client, plateforme, geo, moderateur_nord):
    client.force_login(moderateur_nord)
    reponse = client.get(
        TABLEAU, {**ANNEE_2025, "format": "csv", "figure": "publications-par-mois"}
    )
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    lignes = lignes_csv(reponse)
    attendu = calculs.publiees_par_mois(
        Perimetre(calculs.date(2025, 1, 1), calculs.date(2025, 12, 1), (geo.nord.pk,))
    )
    assert lignes[0] == ["Mois", "Fiches publiées"]
    assert lignes[1:] == [[f"{mois:%Y-%m}", str(n)] for mois, n in attendu]
    assert client.get(TABLEAU, {"format": "csv", "figure": "inconnu"}).status_code == 404


def test_la_page_publique_montre_graphiques_tableaux_et_carte(client, plateforme, geo):
    reponse = client.get(PUBLICS, ANNEE_2025)
    assert reponse.status_code == 200
    page = reponse.content.decode()
    # One chart per figure (the map is a group of links, its table in the partial).
    avec_graphique = [f for f in reponse.context["figures"] if f.graphique]
    assert page.count('role="img"') == len(avec_graphique) == 6
    assert all(f'aria-labelledby="{f.ident}-titre {f.ident}-desc"' in page for f in avec_graphique)
    assert page.count("<table") == 1 + len(reponse.context["figures"])
    thematiques = next(f for f in reponse.context["figures"] if f.ident == "thematiques")
    sante = Thematique.objects.get(code="sante")
    assert dict(thematiques.lignes)[sante.libelle] == 2
    nord = next(d for d in reponse.context["carte"].departements if d.code == "59")
    assert nord.nombre == 3
    assert len(CLASSES_CARTE) == len(reponse.context["carte"].legende)


def test_le_csv_de_la_carte(client, plateforme, geo):
    lignes = lignes_csv(client.get(PUBLICS, {"format": "csv", "figure": "departements"}))
    assert ["Nord (59)", "3"] in lignes and ["Pas-de-Calais (62)", "1"] in lignes


@pytest.mark.parametrize(
    "parametres",
    [{"du": "2025-13"}, {"du": "hier"}, {"du": "2025-06", "au": "2025-01"}, {"du": "1990-01"},
     {"territoire": "abc"}, {"du": "2000-01", "au": "2026-01"}],
)  # fmt: skip
def test_une_saisie_invalide_est_une_erreur_claire(client, geo, parametres):
    reponse = client.get(PUBLICS, parametres)
    assert reponse.status_code == 400
    assert "La période ou le territoire n’est pas valide" in reponse.content.decode()
    assert client.get(PUBLICS, {**parametres, "format": "csv"}).status_code == 400


def test_les_pages_font_un_nombre_borne_de_requetes(
    client, plateforme, avec_reprises, geo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        assert client.get(PUBLICS, ANNEE_2025).status_code == 200
    admin = UtilisateurFactory(role="admin_national")
    client.force_login(admin)
    with django_assert_max_num_queries(25):
        assert client.get(TABLEAU, ANNEE_2025).status_code == 200


def test_une_publication_renouvelle_aussitot_les_chiffres_gardes_en_cache(
    client, plateforme, publier, geo
):
    def publiees_en_2025():
        reponse = client.get(PUBLICS, ANNEE_2025)
        mois = next(f for f in reponse.context["figures"] if f.ident == "publications-par-mois")
        return reponse.context["total"], sum(n for _, n in mois.lignes)

    assert publiees_en_2025() == (4, 4)
    publier(titre="Une nouvelle pratique", publiee_le=moment(2025, 6))
    assert publiees_en_2025() == (5, 5)
