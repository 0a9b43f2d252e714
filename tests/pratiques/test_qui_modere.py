"""Who moderates is one rule, read five ways that must agree: who is in a
département's queue (Utilisateur.objects.moderateurs_de, Utilisateur.modere_en), who
may act on a fiche (cycle.peut_moderer, Fiche.objects.moderables_par), and who is
e-mailed (a submission, the weekly digest)."""

import pytest

from comptes.models import Utilisateur
from core.models import EmailSortant
from pratiques import cycle, notifications, services
from pratiques.models import Fiche
from tests.comptes.factories import UtilisateurFactory
from tests.pratiques.factories import fiche_soumise, moderateur_de

pytestmark = pytest.mark.django_db

# The rule, by hand: whose queue each fiche lands in, and who may act on it.
FILE = {
    "du_nord": {"moderateur_nord", "moderateur_des_deux"},
    "du_pas_de_calais": {"moderateur_pas_de_calais", "moderateur_des_deux"},
    "nationale": {"admin_national", "superutilisateur"},
    "du_nord_ecrite_par_son_moderateur": {"moderateur_nord", "moderateur_des_deux"},
}
PEUT_MODERER = {
    "du_nord": {"moderateur_nord", "moderateur_des_deux", "admin_national", "superutilisateur"},
    "du_pas_de_calais": {
        "moderateur_pas_de_calais", "moderateur_des_deux", "admin_national", "superutilisateur",
    },
    "nationale": {"admin_national", "superutilisateur"},
    "du_nord_ecrite_par_son_moderateur": {
        "moderateur_des_deux", "admin_national", "superutilisateur",
    },
}  # fmt: skip


@pytest.fixture
def personnes(geo, auteur, moderateur_nord, moderateur_pas_de_calais, admin_national):
    return {
        "auteur": auteur,
        "moderateur_nord": moderateur_nord,
        "moderateur_pas_de_calais": moderateur_pas_de_calais,
        "moderateur_des_deux": moderateur_de(geo.nord, geo.pas_de_calais),
        "admin_national": admin_national,
        "superutilisateur": UtilisateurFactory(is_superuser=True),
        "moderateur_sans_departement": UtilisateurFactory(role=Utilisateur.Role.MODERATEUR),
        "moderateur_nord_inactif": moderateur_de(geo.nord, is_active=False),
        "admin_inactif": UtilisateurFactory(role=Utilisateur.Role.ADMIN_NATIONAL, is_active=False),
    }


@pytest.fixture
def fiches(personnes):
    """Submitted fiches; what each submission e-mailed, by fiche."""
    auteur, moderateur_nord = personnes["auteur"], personnes["moderateur_nord"]
    soumissions = [
        ("du_nord", auteur, ["commune:59350"]),
        ("du_pas_de_calais", auteur, ["commune:62041"]),
        ("nationale", auteur, ["commune:59350", "commune:62041"]),
        ("du_nord_ecrite_par_son_moderateur", moderateur_nord, ["commune:59512"]),
    ]
    resultat, courriels = {}, {}
    for nom, qui, territoires in soumissions:
        EmailSortant.objects.all().delete()
        resultat[nom] = fiche_soumise(qui, titre=f"Fiche {nom}", territoires=territoires)
        courriels[nom] = {d for c in EmailSortant.objects.all() for d in c.destinataires}
    return resultat, courriels


def noms(personnes, utilisateurs) -> set[str]:
    return {nom for nom, p in personnes.items() if p in set(utilisateurs)}


def test_la_file_d_un_departement_est_celle_que_la_regle_dit(personnes, fiches):
    for nom, fiche in fiches[0].items():
        file = Utilisateur.objects.moderateurs_de(fiche.departement_moderation_id)
        assert noms(personnes, file) == FILE[nom], nom
        for qui, personne in personnes.items():
            assert personne.modere_en(fiche.departement_moderation_id) is (qui in FILE[nom])


def test_peut_moderer_et_moderables_par_disent_la_meme_chose(personnes, fiches):
    toutes = Fiche.objects.filter(pk__in=[f.pk for f in fiches[0].values()])
    for qui, personne in personnes.items():
        moderables = set(toutes.moderables_par(personne))
        for nom, fiche in fiches[0].items():
            attendu = qui in PEUT_MODERER[nom]
            if not personne.is_active:  # cannot sign in; an administrator's rights remain
                attendu = personne.est_admin_national
            assert cycle.peut_moderer(personne, fiche) is attendu, (qui, nom)
            assert (fiche in moderables) is attendu, (qui, nom)


def test_une_soumission_previent_la_file_de_son_departement_sauf_l_auteur(personnes, fiches):
    fiches_, courriels = fiches
    for nom, fiche in fiches_.items():
        attendus = {personnes[q].email for q in FILE[nom]} - {fiche.auteur.email}
        assert courriels[nom] == attendus, nom
        assert set(notifications.destinataires_soumission(fiche)) == attendus


def test_le_resume_hebdomadaire_liste_a_chacun_sa_file_moins_ce_qu_il_a_ecrit(personnes, fiches):
    fiches_, _ = fiches
    en_attente = list(Fiche.objects.en_attente_de_moderation().order_by("date_soumission"))
    files = {
        qui: {f.titre for f in liste}
        for qui, liste in (
            (next(q for q, p in personnes.items() if p == m), liste)
            for m, liste in notifications.file_par_moderateur(en_attente).items()
        )
    }
    attendu = {
        qui: {
            fiche.titre
            for nom, fiche in fiches_.items()
            if qui in FILE[nom] and qui in PEUT_MODERER[nom]
        }
        for qui in personnes
        if personnes[qui].is_active
        and (personnes[qui].est_moderateur or personnes[qui].est_admin_national)
    }
    assert files == attendu
    assert files["moderateur_nord"] == {"Fiche du_nord"}
    assert files["admin_national"] == {"Fiche nationale"}

    EmailSortant.objects.all().delete()
    envoyes = services.envoyer_resumes_hebdomadaires()
    assert envoyes == sum(1 for titres in attendu.values() if titres)
    recus = {c.destinataires[0]: c.corps_texte for c in EmailSortant.objects.all()}
    for qui, titres in attendu.items():
        corps = recus.get(personnes[qui].email, "")
        assert all(titre in corps for titre in titres), qui
