"""The children app's own audit actions (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page, register_reason
from audit.registry import register

# A full ID number shown on demand (the profile's "show" button, the API's reveal endpoint,
# the edit form) or written into an export with full ID numbers.
REVEAL_ID = register("reveal_id", _("Full ID number shown"))

# The registry's pages that show a child's data (audit.reads); "who looked" names them so.
register_page("profile", _("Profile"))
register_page("edit", _("Edit form"))
register_page("photo", _("Photo"))
register_page("history", _("History"))
register_page("reads", _("Who looked at this file"))
register_page("roster", _("Children list or search"))
register_page("queue", _("Confirmation queue"))
register_page("sibling", _("Registering a sibling"))
register_page("duplicate", _("Possible duplicate at registration"))
register_page("api_child", _("API: the child's file"))
register_page("api_roster", _("API: children list or search"))
# Registration shows possible duplicates beyond the user's scope (children.duplicates).
register_reason("duplicate", lambda keys: {"": _("Duplicate check while registering a child")})
