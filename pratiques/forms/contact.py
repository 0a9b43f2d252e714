"""The form that relays a visitor's message to a fiche's porteur, and its anti-bot
token."""

import time

from django import forms
from django.core import signing
from dsfr.forms import DsfrBaseForm

SEL_CONTACT = "pratiques.contact"
DELAI_MIN_SECONDES = 3
DELAI_MAX_SECONDES = 2 * 3600


def jeton_contact(fiche_id: int, *, instant: float | None = None) -> str:
    """A signed timestamp: when the contact form was displayed, for which fiche."""
    instant = time.time() if instant is None else instant
    return signing.dumps({"fiche": fiche_id, "t": int(instant)}, salt=SEL_CONTACT)


class ContactForm(DsfrBaseForm):
    """A message relayed to the porteur. Against bots, without a third-party captcha:
    a honeypot field that people never see, and a signed timestamp that rejects
    forms sent less than 3 seconds after display or more than 2 hours after."""

    nom = forms.CharField(
        label="Votre nom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Votre adresse e-mail",
        help_text="Format attendu : nom@domaine.fr. Le porteur vous répondra à cette "
        "adresse ; la sienne ne vous est pas communiquée.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label="Votre message",
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="20 à 5 000 caractères. Ne donnez aucune information sur une personne "
        "accompagnée.",
    )
    # Honeypot: hidden from people (CSS) and from screen readers (aria-hidden on its
    # container, tabindex=-1); a bot filling every field fills it.
    site_web = forms.CharField(
        label="Ne pas remplir",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    jeton = forms.CharField(widget=forms.HiddenInput)

    MESSAGE_ROBOT = (
        "Votre message n’a pas pu être envoyé : le formulaire a été rempli trop vite ou "
        "a expiré. Vérifiez votre message, patientez quelques secondes puis envoyez-le "
        "à nouveau."
    )

    def __init__(self, *args, fiche_id: int, **kwargs):
        self.fiche_id = fiche_id
        super().__init__(*args, **kwargs)
        self.fields["jeton"].initial = jeton_contact(fiche_id)

    def clean_site_web(self):
        if self.cleaned_data.get("site_web"):
            raise forms.ValidationError(self.MESSAGE_ROBOT, code="robot")
        return ""

    def clean_jeton(self):
        try:
            contenu = signing.loads(self.cleaned_data["jeton"], salt=SEL_CONTACT)
            ecart = time.time() - int(contenu["t"])
            fiche = int(contenu["fiche"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(self.MESSAGE_ROBOT, code="jeton") from None
        if fiche != self.fiche_id or not DELAI_MIN_SECONDES <= ecart <= DELAI_MAX_SECONDES:
            raise forms.ValidationError(self.MESSAGE_ROBOT, code="jeton")
        return self.cleaned_data["jeton"]

    def est_un_robot(self) -> bool:
        return any(
            erreur.code in ("robot", "jeton")
            for nom in ("site_web", "jeton")
            for erreur in self.errors.as_data().get(nom, [])
        )
