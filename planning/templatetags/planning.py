"""Look-ups the planning templates need: a form's field by name, a count by tier."""

from django import template

register = template.Library()


@register.filter
def field(container, name):
    """`form|field:"cwd_hours"` (a bound field) or `counts|field:"red"` (a value, None if absent)."""
    if hasattr(container, "fields"):
        return container[name]
    return container.get(name)
