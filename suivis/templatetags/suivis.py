from django import template

from suivis import boutons

register = template.Library()


@register.inclusion_tag("suivis/_suivre_territoire.html", takes_context=True)
def bouton_suivi_territoire(context, territoire):
    request = context["request"]
    return {**boutons.contexte_territoire(request, territoire), "request": request}
