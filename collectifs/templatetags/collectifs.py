from django import template

from collectifs.models import euros as _euros

register = template.Library()


@register.filter
def euros(montant) -> str:
    """{{ 12500|euros }} → "12 500 €"."""
    return _euros(int(montant or 0))
