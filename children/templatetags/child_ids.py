"""Template filters that keep full ID numbers off pages (children.identity.mask_id_number)."""

from django import template
from django.utils.translation import gettext as _

from children.actions import UNRECORDED
from children.identity import mask_id_number

register = template.Library()


@register.filter
def masked_id(value) -> str:
    return mask_id_number(str(value or ""))


@register.filter
def masked_change(value, field: str):
    """A value in an audit event's changes, masked when the field is an ID number (child or parent);
    an encrypted field's content was never recorded (children.actions.UNRECORDED)."""
    if value == UNRECORDED:
        return _("(changed; not kept in the history)")
    if field == "id_number" or str(field).endswith(".id_number"):
        return mask_id_number(str(value or ""))
    return value
