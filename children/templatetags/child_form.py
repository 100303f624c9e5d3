"""Template filters of the child form: which fields sit in a folded section, and whether it opens."""

from django import template

register = template.Library()


@register.filter
def pick(form, names: str) -> list:
    """The form's fields named in `names` (space-separated), in that order."""
    return [form[name] for name in names.split() if name in form.fields]


@register.filter
def omit(form, names: str) -> list:
    """The form's visible fields, except those named in `names` (space-separated)."""
    skip = set(names.split())
    return [f for f in form.visible_fields() if f.name not in skip]


@register.filter
def unfolded(fields) -> bool:
    """A folded section opens when one of its fields holds a value or an error."""
    return any(f.errors or f.value() not in (None, "", [], False) for f in fields)


@register.filter
def members_unfolded(formset) -> bool:
    """The household members' section opens when members are on file, typed or wrong."""
    if formset.initial_form_count():
        return True
    return formset.is_bound and any(f.has_changed() or f.errors for f in formset.forms)
