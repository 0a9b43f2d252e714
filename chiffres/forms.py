"""The period and territory of a page of figures (GET form): months as YYYY-MM, the
last twelve months by default."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

PREMIER_MOIS = date(2000, 1, 1)
MOIS_MAX = 240  # twenty years in one view


def _mois(texte: str) -> date:
    try:
        annee, mois = texte.split("-")
        return date(int(annee), int(mois), 1)
    except ValueError:
        raise forms.ValidationError(
            "Saisissez un mois sous la forme AAAA-MM, par exemple 2026-03."
        ) from None


class PerimetreForm(forms.Form):
    du = forms.CharField(label="Du mois", required=False, max_length=7)
    au = forms.CharField(label="Au mois (inclus)", required=False, max_length=7)
    territoire = forms.ChoiceField(label="Territoire", required=False)

    def __init__(self, *args, territoires: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].choices = territoires

    @staticmethod
    def par_defaut() -> tuple[date, date]:
        fin = timezone.localdate().replace(day=1)
        return fin - relativedelta(months=11), fin

    def clean_du(self):
        return _mois(self.cleaned_data["du"]) if self.cleaned_data["du"] else None

    def clean_au(self):
        return _mois(self.cleaned_data["au"]) if self.cleaned_data["au"] else None

    def clean(self):
        donnees = super().clean()
        debut_defaut, fin_defaut = self.par_defaut()
        if self.errors:
            return donnees
        fin = donnees.get("au") or fin_defaut
        debut = donnees.get("du") or min(debut_defaut, fin)
        if debut < PREMIER_MOIS:
            self.add_error("du", "Les chiffres commencent en janvier 2000.")
        elif fin < debut:
            self.add_error("au", "Le dernier mois suit le premier.")
        elif (fin.year - debut.year) * 12 + fin.month - debut.month >= MOIS_MAX:
            self.add_error("du", "La période couvre au plus vingt ans.")
        donnees["du"], donnees["au"] = debut, fin
        return donnees
