"""Everything the platform holds about one person, as JSON (docs/domaine.md §20).

SOURCES is the registry: one declaration per kind of data, each a function that
reads the person's rows. Only this person's data goes out: another person's e-mail
address never does (the contact address of a fiche is left out unless it is the
person's own; relayed messages keep their text, not the recipient)."""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from collectifs.models import Membre
from comptes.models import Utilisateur
from core.models import EmailSortant
from decouverte.models import Alerte
from essaimage.models import Reprise
from partenaires.models import CleApi
from pratiques import contenu
from pratiques.models import Fiche, Revision, VersionPubliee
from prix.models import Candidature, MembreJury
from suivis.models import Abonnement, SuiviFiche, SuiviTerritoire


@dataclass(frozen=True)
class Source:
    cle: str
    libelle: str
    lire: Callable[[Utilisateur], object]


def _sans_adresse_tierce(valeur, email: str):
    """A stored content without any contact address that is not the person's own
    (at any depth: published versions nest the content)."""
    if isinstance(valeur, dict):
        return {
            cle: _sans_adresse_tierce(v, email)
            for cle, v in valeur.items()
            if not (cle == "contact_email" and str(v).lower() != email)
        }
    if isinstance(valeur, list):
        return [_sans_adresse_tierce(v, email) for v in valeur]
    return valeur


def _compte(personne):
    return {
        "email": personne.email,
        "prenom": personne.prenom,
        "nom": personne.nom,
        "role": personne.role,
        "organisation": personne.organisation.nom if personne.organisation_id else None,
        "gere_les_cles": personne.gere_les_cles,
        "departements_moderes": sorted(d.code for d in personne.departements.all()),
        "inscrit_le": personne.date_joined,
        "adresse_confirmee_le": personne.email_confirme_le,
        "derniere_connexion": personne.last_login,
    }


def _fiches(personne):
    fiches = []
    for fiche in Fiche.objects.filter(auteur=personne).prefetch_related("versions_publiees"):
        fiches.append(
            {
                "slug": fiche.slug,
                "titre": fiche.titre,
                "etat": fiche.etat,
                "cree_le": fiche.cree_le,
                "contenu": _sans_adresse_tierce(contenu.extraire(fiche), personne.email),
                "versions_publiees": [
                    {
                        "numero": version.numero,
                        "publiee_le": version.publiee_le,
                        "contenu": _sans_adresse_tierce(version.contenu, personne.email),
                    }
                    for version in fiche.versions_publiees.all()
                ],
            }
        )
    return fiches


def _versions_publiees_ailleurs(personne):
    """Versions the person wrote of fiches that are no longer theirs."""
    return [
        {"fiche": v.fiche.titre, "numero": v.numero, "publiee_le": v.publiee_le}
        for v in VersionPubliee.objects.filter(auteur=personne)
        .exclude(fiche__auteur=personne)
        .select_related("fiche")
    ]


def _revisions(personne):
    return [
        {
            "fiche": r.fiche.titre,
            "etat": r.etat,
            "version": r.version,
            "cree_le": r.cree_le,
            "contenu": _sans_adresse_tierce(r.contenu, personne.email),
        }
        for r in Revision.objects.filter(auteur=personne).select_related("fiche")
    ]


def _valeurs(queryset, *champs):
    return list(queryset.values(*champs))


SOURCES = [
    Source("compte", "Votre compte", _compte),
    Source("fiches", "Vos fiches et leurs versions publiées", _fiches),
    Source(
        "versions_d_autres_fiches",
        "Les versions que vous avez écrites de fiches transférées",
        _versions_publiees_ailleurs,
    ),
    Source("revisions", "Vos révisions", _revisions),
    Source(
        "alertes",
        "Vos recherches suivies",
        lambda p: _valeurs(
            Alerte.objects.filter(utilisateur=p),
            "nom",
            "parametres",
            "frequence",
            "active",
            "cree_le",
            "dernier_envoi_le",
        ),
    ),
    Source(
        "suivis",
        "Vos suivis",
        lambda p: {
            "frequence": Abonnement.objects.filter(utilisateur=p)
            .values_list("frequence", flat=True)
            .first(),
            "fiches": _valeurs(SuiviFiche.objects.filter(utilisateur=p), "fiche__titre", "cree_le"),
            "territoires": _valeurs(
                SuiviTerritoire.objects.filter(utilisateur=p), "territoire__nom", "cree_le"
            ),
        },
    ),
    Source(
        "reprises",
        "Vos reprises de pratiques",
        lambda p: _valeurs(
            Reprise.objects.filter(auteur=p),
            "fiche_source__titre",
            "territoire__nom",
            "depuis",
            "garde",
            "adapte",
            "leviers",
            "freins",
            "premiers_resultats",
            "contact_autorise",
            "etat",
            "cree_le",
        ),
    ),
    Source(
        "collectifs",
        "Vos participations à des collectifs",
        lambda p: _valeurs(
            Membre.objects.filter(utilisateur=p),
            "collectif__nom",
            "college",
            "fonction",
            "role",
            "statut",
            "nom_public",
            "message",
            "demande_le",
            "accepte_le",
        ),
    ),
    Source(
        "prix",
        "Vos rôles dans le prix",
        lambda p: {
            "jurys": _valeurs(
                MembreJury.objects.filter(utilisateur=p),
                "jury__edition__annee",
                "jury__niveau",
                "jury__departement__nom",
                "nom",
                "email",
                "president",
                "invite_le",
            ),
            "candidatures_proposees": _valeurs(
                Candidature.objects.filter(proposee_par=p),
                "edition__annee",
                "fiche__titre",
                "niveau",
                "mode",
                "declaration",
            ),
        },
    ),
    Source(
        "messages_relayes",
        "Les messages que vous avez envoyés par le formulaire de contact",
        lambda p: _valeurs(
            EmailSortant.objects.filter(repondre_a__contains=[p.email]),
            "sujet",
            "corps_texte",
            "cree_le",
        ),
    ),
    Source(
        "cles_api",
        "Les clés d’API que vous avez créées (jamais leur secret)",
        lambda p: _valeurs(
            CleApi.objects.filter(creee_par=p),
            "name",
            "prefix",
            "portees",
            "created",
            "expiry_date",
            "revoked",
            "revoquee_le",
            "derniere_utilisation",
        ),
    ),
]


def donnees(personne: Utilisateur) -> dict:
    personne = Utilisateur.objects.select_related("organisation").get(pk=personne.pk)
    return {
        "exporte_le": timezone.now(),
        **{source.cle: source.lire(personne) for source in SOURCES},
    }


def en_json(personne: Utilisateur) -> str:
    return json.dumps(donnees(personne), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
