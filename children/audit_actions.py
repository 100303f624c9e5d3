"""The children app's own audit actions (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register

# A full ID number shown on demand (the profile's "show" button, the API's reveal endpoint,
# the edit form) or written into an export with full ID numbers.
REVEAL_ID = register("reveal_id", _("Full ID number shown"))
