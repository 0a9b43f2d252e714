"""The public page of a fiche (published only) and "Contacter le porteur", which relays
a message by e-mail without ever showing the address, rate-limited and protected
against bots without a third-party captcha."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import EmailSortant
from pratiques import services
from pratiques.forms.contact import jeton_contact
from pratiques.models import Etat
from pratiques.views.public import date_lisible
from tests.pratiques.factories import contenu_complet, fiche_publiee, fiche_soumise

pytestmark = pytest.mark.django_db

CONTACT = contenu_complet()["contact_email"]


def page(fiche, client=None):
    return (client or Client()).get(reverse("pratiques:fiche", args=[fiche.slug]))


# --- The page --------------------------------------------------------------------------


def test_la_fiche_publiee_montre_ses_sections_et_omet_les_vides(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(
        auteur,
        moderateur_nord,
        reproduire_prerequis="Un centre social prêt à ouvrir ses locaux.",
        liens=[{"url": "https://exemple.fr/cafe", "titre": "Le café des familles"}],
        sources=[{"document": "Rapport d’activité 2023", "reference": "p. 12"}],
    )
    reponse = page(fiche)
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert f"<title>{fiche.titre} — Pratiques inspirantes</title>" in html
    assert html.count("<h1") == 1
    for present in ["Description et déroulement", "Pour reproduire la démarche", "Partenaires",
                    "CAF du Nord", "Liens", "https://exemple.fr/cafe", "Sources",
                    "Rapport d’activité 2023, p. 12", "Licence Ouverte / Etalab 2.0",
                    "septembre 2019"]:  # fmt: skip
        assert present in html, present
    for absent in ['id="moyens"', 'id="enseignements"', 'id="origine"', 'id="documents"']:
        assert absent not in html, absent
    # Territories link to their page.
    assert '<a href="/pratiques/territoire/commune/59350/">Lille (commune 59350)</a>' in html
    # Print stylesheet.
    assert 'href="/static/css/impression.css" media="print"' in html


def test_les_jours_de_publication_sont_ceux_de_l_heure_francaise(geo, auteur, moderateur_nord):
    from datetime import UTC, datetime

    from pratiques.models import Fiche

    fiche = fiche_publiee(auteur, moderateur_nord)
    # 23:30 UTC on 14 March is 0:30 on 15 March in Paris.
    moment = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)
    Fiche.objects.filter(pk=fiche.pk).update(publiee_le=moment, modifiee_le=moment)
    assert "Publiée le 15 mars 2026" in page(fiche).content.decode()


def test_la_page_publique_n_affiche_jamais_l_adresse_de_contact(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    for reponse in [
        page(fiche),
        Client().get(reverse("pratiques:contacter", args=[fiche.slug])),
    ]:
        html = reponse.content.decode()
        assert CONTACT not in html and auteur.email not in html
    assert "Contacter le porteur" in page(fiche).content.decode()


@pytest.mark.parametrize("etat", ["brouillon", "soumise", "refusee", "archivee"])
def test_une_fiche_non_publiee_est_introuvable_meme_pour_son_auteur(
    geo, auteur, moderateur_nord, etat
):
    if etat == "brouillon":
        fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet())
    elif etat == "archivee":
        fiche = services.archiver(fiche_publiee(auteur, moderateur_nord), par=moderateur_nord)
    else:
        fiche = fiche_soumise(auteur)
        if etat == "refusee":
            services.refuser(fiche, par=moderateur_nord, motif="hors_champ", message="Non.")
    fiche.refresh_from_db()
    assert fiche.etat == etat
    client = Client()
    client.force_login(auteur)
    assert page(fiche).status_code == 404
    assert page(fiche, client).status_code == 404
    assert client.get(reverse("pratiques:contacter", args=[fiche.slug])).status_code == 404


def test_un_script_tape_dans_un_champ_est_inerte_sur_la_page_publique(geo, auteur, moderateur_nord):
    script = "<script>alert(1)</script>"
    fiche = fiche_publiee(
        auteur,
        moderateur_nord,
        titre=script,
        description=script,
        partenaires=[{"nom": script, "type": None, "role": script}],
        liens=[{"url": "https://exemple.fr", "titre": script}],
    )
    html = page(fiche).content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_la_page_publique_fait_un_nombre_borne_de_requetes(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(
        auteur,
        moderateur_nord,
        territoires=["commune:59350", "commune:59512"],
        partenaires=[{"nom": f"Partenaire {n}", "type": "caf", "role": ""} for n in range(8)],
    )
    with CaptureQueriesContext(connection) as requetes:
        assert page(fiche).status_code == 200
    assert len(requetes) <= 8


def test_la_version_publiee_reste_en_ligne_pendant_qu_une_revision_est_relue(
    geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    services.enregistrer(
        fiche, par=auteur, contenu=contenu_complet(description="Texte pas encore relu."), version=1
    )
    services.soumettre(fiche, par=auteur)
    html = page(fiche).content.decode()
    assert "Texte pas encore relu." not in html
    assert contenu_complet()["description"] in html


@pytest.mark.parametrize(
    ("iso", "precision", "attendu"),
    [
        ("2026-11-23", "jour", "23 novembre 2026"),
        ("2019-09-01", "jour", "1er septembre 2019"),
        ("2019-09-01", "mois", "septembre 2019"),
        ("2006-01-01", "annee", "2006"),
        ("2006-01-01", "approximative", "vers 2006"),
        ("2006-10-01", "approximative", "vers octobre 2006"),
    ],
)
def test_les_dates_s_affichent_en_francais_avec_leur_precision(iso, precision, attendu):
    from datetime import date

    assert date_lisible(date.fromisoformat(iso), precision) == attendu


# --- Contacting the porteur -----------------------------------------------------------


def message(fiche, *, il_y_a=10, **champs) -> dict:
    donnees = {
        "nom": "Samia Benali",
        "email": "samia@exemple.fr",
        "message": "Bonjour, comment avez-vous trouvé les premiers parents animateurs ?",
        "site_web": "",
        "jeton": jeton_contact(fiche.pk, instant=time.time() - il_y_a),
    }
    donnees.update(champs)
    return donnees


def contacter(fiche, donnees, ip="203.0.113.7"):
    return Client(REMOTE_ADDR=ip).post(reverse("pratiques:contacter", args=[fiche.slug]), donnees)


def test_le_message_est_relaye_par_e_mail_avec_reponse_a_l_expediteur(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    EmailSortant.objects.all().delete()
    reponse = contacter(fiche, message(fiche))
    html = reponse.content.decode()
    assert reponse.status_code == 200 and "<h1>Message envoyé</h1>" in html
    assert CONTACT not in html
    courriel = EmailSortant.objects.get()
    assert courriel.destinataires == [CONTACT]
    assert courriel.repondre_a == ["samia@exemple.fr"]
    assert fiche.titre in courriel.sujet
    assert "comment avez-vous trouvé les premiers parents" in courriel.corps_texte
    assert "Samia Benali" in courriel.corps_texte


def test_sans_adresse_de_contact_le_message_va_a_l_auteur(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord, contact_email="")
    EmailSortant.objects.all().delete()
    reponse = contacter(fiche, message(fiche))
    assert auteur.email not in reponse.content.decode()
    assert EmailSortant.objects.get().destinataires == [auteur.email]


def test_le_pot_de_miel_rempli_est_refuse(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    EmailSortant.objects.all().delete()
    reponse = contacter(fiche, message(fiche, site_web="https://spam.example"))
    assert reponse.status_code == 400
    assert "Message non envoyé" in reponse.content.decode()
    assert not EmailSortant.objects.exists()


def test_le_pot_de_miel_est_cache_aux_personnes_et_aux_lecteurs_d_ecran(
    geo, auteur, moderateur_nord
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    html = Client().get(reverse("pratiques:contacter", args=[fiche.slug])).content.decode()
    assert '<div class="pratiques-pot" aria-hidden="true">' in html
    assert "Ne pas remplir" in html
    assert 'name="site_web" tabindex="-1"' in html


@pytest.mark.parametrize(("cas", "il_y_a"), [("trop vite", 1), ("jeton expiré", 3 * 3600)])
def test_un_formulaire_envoye_trop_vite_ou_trop_tard_est_refuse(
    geo, auteur, moderateur_nord, cas, il_y_a
):
    fiche = fiche_publiee(auteur, moderateur_nord)
    EmailSortant.objects.all().delete()
    donnees = message(fiche, il_y_a=il_y_a)
    reponse = contacter(fiche, donnees)
    html = reponse.content.decode()
    assert reponse.status_code == 400, cas
    assert not EmailSortant.objects.exists()
    # The message is kept and a new token issued: a person can send it again.
    assert "comment avez-vous trouvé les premiers parents" in html
    assert 'name="jeton" value="' in html and donnees["jeton"] not in html


def test_un_jeton_falsifie_ou_d_une_autre_fiche_est_refuse(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    autre = fiche_publiee(auteur, moderateur_nord, titre="Une autre pratique")
    EmailSortant.objects.all().delete()
    assert contacter(fiche, message(fiche, jeton="n'importe quoi")).status_code == 400
    assert contacter(fiche, message(autre)).status_code == 400
    assert not EmailSortant.objects.exists()


def test_le_formulaire_affiche_juste_est_refuse_puis_accepte_apres_quelques_secondes(
    geo, auteur, moderateur_nord
):
    """With the token the page really gives, an instant post fails."""
    fiche = fiche_publiee(auteur, moderateur_nord)
    EmailSortant.objects.all().delete()
    client = Client()
    html = client.get(reverse("pratiques:contacter", args=[fiche.slug])).content.decode()
    jeton = html.split('name="jeton" value="')[1].split('"')[0]
    reponse = client.post(
        reverse("pratiques:contacter", args=[fiche.slug]), message(fiche, jeton=jeton)
    )
    assert reponse.status_code == 400 and not EmailSortant.objects.exists()


def test_le_sixieme_message_de_l_heure_est_refuse(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    EmailSortant.objects.all().delete()
    for _ in range(5):
        assert contacter(fiche, message(fiche)).status_code == 200
    reponse = contacter(fiche, message(fiche))
    assert reponse.status_code == 429
    html = reponse.content.decode()
    assert "réessayez dans une heure" in html
    assert "comment avez-vous trouvé les premiers parents" in html  # nothing lost
    assert EmailSortant.objects.count() == 5
    # Someone else, from another address, can still write.
    assert contacter(fiche, message(fiche), ip="198.51.100.1").status_code == 200


def test_une_fiche_ne_recoit_pas_plus_de_20_messages_par_jour(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    EmailSortant.objects.all().delete()
    for rang in range(20):
        assert contacter(fiche, message(fiche), ip=f"198.51.100.{rang}").status_code == 200
    reponse = contacter(fiche, message(fiche), ip="198.51.100.200")
    assert reponse.status_code == 429 and "Réessayez demain" in reponse.content.decode()
    assert EmailSortant.objects.count() == 20


def test_un_champ_manquant_est_signale_en_francais_sans_rien_perdre(geo, auteur, moderateur_nord):
    fiche = fiche_publiee(auteur, moderateur_nord)
    reponse = contacter(fiche, message(fiche, email=""))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Ce champ est obligatoire." in html
    assert 'value="Samia Benali"' in html
    assert fiche.etat == Etat.PUBLIEE


# --- What later apps add (pratiques.encarts) ------------------------------------------


def test_les_encarts_enregistres_s_affichent_a_leur_place(
    geo, auteur, moderateur_nord, settings, tmp_path, monkeypatch
):
    from pratiques import encarts

    (tmp_path / "encart_test.html").write_text("<p>Encart pour {{ fiche.titre }} : {{ mot }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(tmp_path)]}
    ]
    monkeypatch.setattr(encarts, "_ENCARTS", [])
    encarts.enregistrer(
        encarts.Encart("encart_test.html", lambda r, f: {"mot": "entête"}, encarts.ENTETE)
    )
    encarts.enregistrer(encarts.Encart("encart_test.html", lambda r, f: {"mot": "corps"}))
    encarts.enregistrer(encarts.Encart("encart_test.html", lambda r, f: None))
    fiche = fiche_publiee(auteur, moderateur_nord)
    html = page(fiche).content.decode()
    entete = html.index(f"Encart pour {fiche.titre} : entête")
    corps = html.index(f"Encart pour {fiche.titre} : corps")
    en_bref = html.index('id="en-bref"')
    assert html.index('id="titre-fiche"') < entete < en_bref
    assert en_bref < corps < html.index('id="contact"')
    assert html.count("Encart pour") == 2
    with pytest.raises(ValueError):
        encarts.enregistrer(encarts.Encart("encart_test.html", lambda r, f: {}, "ailleurs"))
