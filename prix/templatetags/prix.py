"""`{% load prix %}{% prix_du_printemps %}`: the prize's highlight on the home page
during the spring month. A template tag rather than a Python hook: decouverte (same
import layer) never imports prix; its home template names the tag, nothing else."""

from django import template

from prix import affichage

register = template.Library()


@register.inclusion_tag("prix/_printemps.html")
def prix_du_printemps():
    return {"printemps": affichage.mise_en_avant()}
