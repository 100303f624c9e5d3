"""`{% panels "slot" key=value ... %}`: render the panels registered for a slot (core.panels)."""

from django import template

from core import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, **kwargs):
    return registry.render(slot, context.get("request"), **kwargs)
