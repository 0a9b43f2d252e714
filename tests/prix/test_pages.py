"""The prize's pages: who may open each one, the secrecy of scores on the jury's page,
and what the public sees (edition page, badge on the fiche, search facet, home)."""

import re
from html import unescape

import pytest
from django.utils import timezone

from prix import regles, services
from prix.models import Candidature, Edition, Note
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.prix.factories import GRILLE, dates_autour, deplacer, grille, jure


def _texte(reponse) -> str:
    return unescape(reponse.content.decode())


@pytest.fixture
def candidature(edition_ouverte, jury_nord, moderateur_nord, fiche_nord):
    return services.proposer(edition_ouverte, fiche_nord, par=moderateur_nord)


@pytest.fixture
def palmares(edition_ouverte, jury_nord, moderateur_nord, publier, president_nord):
    """The Nord jury has published: « Alpha » first, « Gamma » second."""
    candidates = [
        services.proposer(edition_ouverte, publier(titre=t), par=moderateur_nord)
        for t in ("Alpha", "Bêta", "Gamma")
    ]
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    for c, v in zip(candidates, (9, 2, 6), strict=True):
        services.noter(president_nord, c, grille(edition_ouverte, v, v, v))
    services.clore(jury_nord, par=president_nord.utilisateur)
    deplacer(edition_ouverte, regles.RESULTATS_DEPARTEMENTAUX)
    services.publier(jury_nord, par=president_nord.utilisateur, motifs="Des parents acteurs.")
    return candidates


# --- Public pages ---------------------------------------------------------------------


def test_la_page_d_une_edition_montre_calendrier_grille_et_palmares(client, palmares):
    page = _texte(client.get("/prix/2027/"))
    assert "<h1>Prix des pratiques inspirantes 2027</h1>" in page
    for critere in GRILLE:
        assert critere["libelle"] in page
    assert "Résultats départementaux (en cours)" in page
    section = page.split('id="departements"')[1]
    assert re.search(r"1re</span> <a [^>]*>Alpha</a>.*2e</span> <a [^>]*>Gamma</a>", section, re.S)
    assert "Bêta" not in section
    assert "Des parents acteurs." in section
    assert client.get("/prix/").status_code == 200
    assert "Prix 2027" in _texte(client.get("/prix/"))


def test_une_edition_inconnue_donne_404(client, db):
    assert client.get("/prix/1999/").status_code == 404


def test_le_badge_de_laureate_figure_sur_la_fiche(client, palmares):
    alpha = palmares[0].fiche
    page = _texte(client.get(f"/pratiques/fiche/{alpha.slug}/"))
    assert re.search(
        r'<a class="fr-badge[^"]*" href="/prix/2027/">Lauréate du prix 2027 — Nord, 1re</a>', page
    )
    beta = palmares[1].fiche
    assert "Lauréate du prix" not in _texte(client.get(f"/pratiques/fiche/{beta.slug}/"))


def test_la_facette_lauréate_du_prix_filtre_la_recherche_et_l_api(client, palmares):
    page = _texte(client.get("/pratiques/recherche/"))
    assert re.search(r'for="filtre-laureate-oui">Lauréate du prix \(2\)', page)
    api = client.get("/api/v1/pratiques/", {"laureate": "oui"}).json()
    assert sorted(f["titre"] for f in api["results"]) == ["Alpha", "Gamma"]
    assert api["facettes"]["laureate"] == [
        {"code": "oui", "libelle": "Lauréate du prix", "nombre": 2}
    ]


def test_l_accueil_met_en_avant_les_laureates_pendant_le_mois_de_l_innovation(client, palmares):
    edition = Edition.objects.get()
    assert "Mois de l’innovation" not in _texte(client.get("/"))
    aujourd_hui = timezone.localdate()
    Edition.objects.filter(pk=edition.pk).update(
        mois_printemps_debut=aujourd_hui, mois_printemps_fin=edition.annonce_le
    )
    page = _texte(client.get("/"))
    section = page.split('id="prix-printemps"')[1].split("</section>")[0]
    assert "le prix 2027" in section
    laureates, recentes = section.split("Récemment publiées")
    assert "Alpha" in laureates and "Gamma" in laureates and "Bêta" not in laureates
    # and recent fiches of the départements taking part
    assert "Bêta" in recentes and "Alpha" not in recentes


# --- Permissions ----------------------------------------------------------------------


def test_les_pages_de_jury_demandent_une_connexion(client, jury_nord, candidature):
    for url in (
        f"/prix/2027/jury/{jury_nord.pk}/",
        f"/prix/2027/jury/{jury_nord.pk}/noter/{candidature.pk}/",
        "/prix/2027/nominations/",
        "/prix/nouvelle-edition/",
        f"/prix/2027/candidater/{candidature.fiche.slug}/",
    ):
        reponse = client.get(url)
        assert reponse.status_code == 302 and "/compte/connexion/" in reponse["Location"], url


def test_un_inconnu_n_ouvre_ni_le_jury_ni_la_notation(client, jury_nord, candidature, jure_nord):
    client.force_login(UtilisateurFactory())
    assert client.get(f"/prix/2027/jury/{jury_nord.pk}/").status_code == 403
    assert client.get(f"/prix/2027/jury/{jury_nord.pk}/noter/{candidature.pk}/").status_code == 403
    assert client.get("/prix/2027/nominations/").status_code == 403
    assert client.get("/prix/nouvelle-edition/").status_code == 403
    assert client.get(f"/prix/2027/candidater/{candidature.fiche.slug}/").status_code == 403
    assert client.post(f"/prix/2027/jury/{jury_nord.pk}/clore/").status_code == 403


def test_un_moderateur_compose_le_jury_mais_ne_note_pas(
    client, jury_nord, candidature, moderateur_nord
):
    client.force_login(moderateur_nord)
    assert client.get(f"/prix/2027/jury/{jury_nord.pk}/").status_code == 200
    assert client.get(f"/prix/2027/jury/{jury_nord.pk}/noter/{candidature.pk}/").status_code == 403
    reponse = client.post(
        f"/prix/2027/jury/{jury_nord.pk}/inviter/", {"nom": "Inès", "email": "pas une adresse"}
    )
    assert reponse.status_code == 400
    assert "Saisissez une adresse e-mail valide." in _texte(reponse)
    reponse = client.post(
        f"/prix/2027/jury/{jury_nord.pk}/inviter/", {"nom": "Inès", "email": "ines@exemple.fr"}
    )
    assert reponse.status_code == 302
    assert jury_nord.membres.filter(email="ines@exemple.fr").exists()


def test_l_auteur_candidate_depuis_sa_fiche(client, edition_ouverte, jury_nord, auteur, fiche_nord):
    client.force_login(auteur)
    url = f"/prix/2027/candidater/{fiche_nord.slug}/"
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"declaration": ""})
    assert reponse.status_code == 400
    assert "quelques lignes" in _texte(reponse)
    assert not Candidature.objects.exists()
    assert client.post(url, {"declaration": "Les parents décident."}).status_code == 302
    assert Candidature.objects.get().mode == Candidature.Mode.SPONTANEE
    # once more: refused with the reason, nothing changes
    reponse = client.post(url, {"declaration": "Encore."})
    assert reponse.status_code == 409 and "déjà candidate" in _texte(reponse)


def test_un_moderateur_ouvre_le_jury_de_son_departement_et_nomine(
    client, edition_ouverte, moderateur_nord, fiche_nord, geo
):
    client.force_login(moderateur_nord)
    assert "Ouvrir le jury du département Nord" in _texte(client.get("/prix/2027/nominations/"))
    assert client.post("/prix/2027/jurys/ouvrir/", {"departement": "62"}).status_code == 403
    assert client.post("/prix/2027/jurys/ouvrir/", {"departement": "zz"}).status_code == 409
    assert client.post("/prix/2027/jurys/ouvrir/", {"departement": "59"}).status_code == 302
    assert client.post("/prix/2027/jurys/ouvrir/", {"departement": "59"}).status_code == 409
    page = _texte(client.get("/prix/2027/nominations/"))
    assert f"/prix/2027/candidater/{fiche_nord.slug}/" in page
    assert client.post(f"/prix/2027/candidater/{fiche_nord.slug}/", {}).status_code == 302
    assert Candidature.objects.get().mode == Candidature.Mode.NOMINATION


def test_un_administrateur_national_cree_une_edition_avec_sa_grille(client, admin_national):
    client.force_login(admin_national)
    dates = {k: v.isoformat() for k, v in dates_autour(regles.NOMINATIONS).items()}
    donnees = {
        "annee": "2030",
        **dates,
        "nb_laureats_departementaux": "3",
        "nb_laureats_nationaux": "3",
        "criteres-TOTAL_FORMS": "2",
        "criteres-INITIAL_FORMS": "0",
        "criteres-0-libelle": "Participation",
        "criteres-0-poids": "3",
        "criteres-1-libelle": "",
    }
    mauvais = {**donnees, "annonce_le": "2000-01-01"}
    reponse = client.post("/prix/nouvelle-edition/", mauvais)
    assert reponse.status_code == 400
    assert "se suivre dans l’ordre" in _texte(reponse)
    assert not Edition.objects.exists()
    assert client.post("/prix/nouvelle-edition/", donnees).status_code == 302
    edition = Edition.objects.get(annee=2030)
    assert list(edition.criteres.values_list("libelle", "poids")) == [("Participation", 3)]


# --- Scoring pages and secrecy --------------------------------------------------------


def test_un_jure_note_depuis_sa_page_et_ne_voit_que_ses_notes_avant_la_cloture(
    client, edition_ouverte, jury_nord, candidature, jure_nord, president_nord, admin_national
):
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    services.noter(
        president_nord,
        candidature,
        grille(edition_ouverte, 7, 7, 7, commentaire="Avis secret de Paule"),
    )
    client.force_login(jure_nord.utilisateur)
    url = f"/prix/2027/jury/{jury_nord.pk}/noter/{candidature.pk}/"
    criteres = list(edition_ouverte.criteres.order_by("ordre"))
    mauvais = {f"note_{c.pk}": "12" for c in criteres}
    reponse = client.post(url, mauvais)
    assert reponse.status_code == 400
    assert not Note.objects.filter(membre=jure_nord).exists()
    bon = {f"note_{c.pk}": "4" for c in criteres} | {f"commentaire_{criteres[0].pk}": "Mon avis"}
    assert client.post(url, bon).status_code == 302
    assert Note.objects.filter(membre=jure_nord).count() == 3
    page = _texte(client.get(f"/prix/2027/jury/{jury_nord.pk}/"))
    assert "Mon avis" in page
    assert "Avis secret de Paule" not in page and "7/10" not in page
    # nor the president, nor an administrator, before closing
    for personne in (president_nord.utilisateur, admin_national):
        client.force_login(personne)
        page = _texte(client.get(f"/prix/2027/jury/{jury_nord.pk}/"))
        assert "Mon avis" not in page and "4/10" not in page
    client.force_login(president_nord.utilisateur)
    assert client.post(f"/prix/2027/jury/{jury_nord.pk}/clore/").status_code == 302
    client.force_login(jure_nord.utilisateur)
    page = _texte(client.get(f"/prix/2027/jury/{jury_nord.pk}/"))
    assert "Avis secret de Paule" in page and "Mon avis" in page
    # closed: no more scoring
    assert client.post(url, bon).status_code == 409


def test_la_page_de_notation_refuse_l_auteur_de_la_fiche(
    client, edition_ouverte, jury_nord, candidature, auteur
):
    membre = jure(jury_nord, utilisateur=auteur)
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    client.force_login(auteur)
    url = f"/prix/2027/jury/{jury_nord.pk}/noter/{candidature.pk}/"
    assert "Vous êtes l’auteur de cette fiche." in _texte(client.get(url))
    criteres = edition_ouverte.criteres.all()
    reponse = client.post(url, {f"note_{c.pk}": "10" for c in criteres})
    assert reponse.status_code == 403
    assert not Note.objects.filter(membre=membre).exists()


def test_le_president_departage_et_publie_depuis_la_page_du_jury(
    client, edition_ouverte, jury_nord, moderateur_nord, publier, president_nord
):
    a, b = (
        services.proposer(edition_ouverte, publier(titre=t), par=moderateur_nord)
        for t in ("Alpha", "Bêta")
    )
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    for c in (a, b):
        services.noter(president_nord, c, grille(edition_ouverte, 5, 5, 5))
    client.force_login(president_nord.utilisateur)
    client.post(f"/prix/2027/jury/{jury_nord.pk}/clore/")
    page = _texte(client.get(f"/prix/2027/jury/{jury_nord.pk}/"))
    assert "Départager les égalités" in page
    reponse = client.post(
        f"/prix/2027/jury/{jury_nord.pk}/departager/",
        {f"position_{a.pk}": "1", f"position_{b.pk}": "1"},
    )
    assert reponse.status_code == 400 and "position différente" in _texte(reponse)
    client.post(
        f"/prix/2027/jury/{jury_nord.pk}/departager/",
        {f"position_{a.pk}": "2", f"position_{b.pk}": "1"},
    )
    assert dict(Candidature.objects.values_list("fiche__titre", "rang")) == {"Bêta": 1, "Alpha": 2}
    deplacer(edition_ouverte, regles.RESULTATS_DEPARTEMENTAUX)
    url = f"/prix/2027/jury/{jury_nord.pk}/publier/"
    assert client.post(url, {"motifs": ""}).status_code == 400
    assert client.post(url, {"motifs": "Deux belles démarches."}).status_code == 302
    assert "Deux belles démarches." in _texte(client.get("/prix/2027/"))


def test_une_invitation_acceptee_par_un_compte_connecte_le_rattache(
    client, jury_nord, moderateur_nord
):
    from prix import invitations

    membre = services.inviter(jury_nord, par=moderateur_nord, email="deja@exemple.fr", nom="D")
    compte = UtilisateurFactory(email="deja@exemple.fr")
    url = f"/prix/invitation/{invitations.jeton(membre)}/"
    assert "Se connecter" in _texte(client.get(url))
    assert client.login(email="deja@exemple.fr", password=MOT_DE_PASSE)
    assert client.post(url).status_code == 302
    membre.refresh_from_db()
    assert membre.utilisateur == compte


def test_seul_le_president_clot_departage_et_publie(
    client, edition_ouverte, jury_nord, candidature, jure_nord, president_nord
):
    deplacer(edition_ouverte, regles.JURY_DEPARTEMENTAL)
    client.force_login(jure_nord.utilisateur)
    base = f"/prix/2027/jury/{jury_nord.pk}"
    for action in ("clore", "departager", "publier"):
        reponse = client.post(f"{base}/{action}/", {"motifs": "x"})
        assert reponse.status_code == 403, action
        assert "Seul le président du jury" in _texte(reponse)
    jury_nord.refresh_from_db()
    assert jury_nord.clos_le is None and jury_nord.publie_le is None
    # a conflict is declared by a member only, with its reason
    client.force_login(UtilisateurFactory())
    assert client.post(f"{base}/conflit/{candidature.pk}/", {"motif": "x"}).status_code == 403
    client.force_login(jure_nord.utilisateur)
    assert client.post(f"{base}/conflit/{candidature.pk}/", {"motif": ""}).status_code == 409
    assert (
        client.post(f"{base}/conflit/{candidature.pk}/", {"motif": "Partenaire"}).status_code == 302
    )
    assert "Conflit d’intérêts" in _texte(client.get(f"{base}/"))
    # a jury is found under its own edition only
    assert client.get(f"/prix/2026/jury/{jury_nord.pk}/").status_code == 404


def test_la_page_du_jury_fait_autant_de_requetes_quel_que_soit_le_nombre_de_candidatures(
    client,
    edition_ouverte,
    jury_nord,
    moderateur_nord,
    publier,
    jure_nord,
    django_assert_max_num_queries,
):
    client.force_login(jure_nord.utilisateur)
    url = f"/prix/2027/jury/{jury_nord.pk}/"
    services.proposer(edition_ouverte, publier(titre="Une"), par=moderateur_nord)
    with django_assert_max_num_queries(20) as une:
        client.get(url)
    for titre in ("Deux", "Trois", "Quatre"):
        services.proposer(edition_ouverte, publier(titre=titre), par=moderateur_nord)
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert client.get(url).status_code == 200


def test_un_administrateur_national_voit_les_departements_participants_et_le_jury_national(
    client, edition_ouverte, jury_nord, admin_national
):
    client.force_login(admin_national)
    page = _texte(client.get("/prix/2027/nominations/"))
    assert '<h2 id="dep-59">Nord</h2>' in page and "Pas-de-Calais" not in page
    assert client.post("/prix/2027/jurys/ouvrir/", {}).status_code == 302
    assert "Composer et suivre le jury national" in _texte(client.get("/prix/2027/nominations/"))
