"""Notifications of the life of a fiche, delivered by a real Celery worker: the
submission reaches the modérateurs of the département, the decision reaches the
author. The worker writes what it delivers as files; the outbox rows are marked sent."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from core.models import EmailSortant
from pratiques import services
from pratiques.models import Motif
from tests.comptes.factories import UtilisateurFactory
from tests.outils import attendre, livre_a
from tests.pratiques.factories import Geographie, contenu_complet, moderateur_de

pytestmark = [
    pytest.mark.worker,
    # The worker reads what the test committed.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def vocabulaires(transactional_db):
    """The vocabularies are seeded by a data migration, which a previous transactional
    test may have flushed: seed them again (idempotent, the migration's own code)."""
    import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


def envoye(destinataire: str, sujet_contient: str):
    return EmailSortant.objects.filter(
        destinataires__contains=[destinataire],
        sujet__contains=sujet_contient,
        statut=EmailSortant.Statut.ENVOYE,
    ).first()


def test_la_soumission_puis_la_decision_sont_livrees_par_le_worker(worker_celery, client):
    geo = Geographie()
    auteur = UtilisateurFactory(email="autrice.worker@exemple.fr")
    moderateur = moderateur_de(geo.nord, email="moderation.nord.worker@exemple.fr")
    moderateur_ailleurs = moderateur_de(geo.pas_de_calais, email="moderation.pdc.worker@exemple.fr")
    titre = "Un café des familles livré par le worker"

    fiche = services.creer_brouillon(auteur=auteur, contenu=contenu_complet(titre=titre))
    services.soumettre(fiche, par=auteur)

    # The submission reaches the Nord's modérateur, and only them.
    courriel = attendre(lambda: envoye(moderateur.email, "Nouvelle fiche à relire"))
    assert courriel is not None, "the worker did not deliver the submission e-mail"
    assert courriel.envoye_le is not None
    message = attendre(lambda: livre_a(worker_celery, moderateur.email, "Nouvelle fiche à relire"))
    assert message is not None
    assert titre in message["Subject"]
    corps = message.get_content()
    assert reverse("pratiques:moderer", args=[fiche.pk]) in corps
    assert not EmailSortant.objects.filter(
        destinataires__contains=[moderateur_ailleurs.email]
    ).exists()

    # The modérateur asks for changes through the moderation page…
    client.force_login(moderateur)
    reponse = client.post(
        reverse("pratiques:moderer", args=[fiche.pk]),
        {
            "decision": "demander_modifications",
            "motif": Motif.INCOMPLETE,
            "message": "Précisez comment les parents choisissent les thèmes.",
        },
    )
    assert reponse.status_code == 302

    # …and the author receives the decision, with the reason and the message.
    courriel = attendre(lambda: envoye(auteur.email, "modifications demandées"))
    assert courriel is not None, "the worker did not deliver the decision e-mail"
    message = attendre(lambda: livre_a(worker_celery, auteur.email, "modifications demandées"))
    assert message is not None
    corps = message.get_content()
    assert "Motif : Fiche incomplète ou trop vague" in corps
    assert "Précisez comment les parents choisissent les thèmes." in corps
    assert not EmailSortant.objects.exclude(statut=EmailSortant.Statut.ENVOYE).exists()
