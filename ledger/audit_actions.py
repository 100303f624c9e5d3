"""The ledger app's own audit actions (see audit.registry) and its pages that show child data."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page, register_reason
from audit.registry import register

# One event for the whole import (details: file, counts), and one on each file it created or
# changed (details: the import and, for a change, the changed fields).
IMPORT = register("ledger_imp", _("Imported from a ledger"))

register_page("ledger_import", _("Ledger import: rows and possible duplicates"))
# The import's duplicate check looks beyond the importer's scope (ledger.matching).
register_reason("ledger_import", lambda keys: {"": _("Duplicate check while importing a ledger")})

# The import pages and the merge register theirs in their own modules (the exports write the
# generic "export" action, with the product in the details).
from . import import_audit, merge_audit  # noqa: E402, F401

# Asking for a ledger export made in the background (details: product, division, job); the
# download itself is the generic "export" event, as before.
EXPORT_REQUEST = register("export_req", _("Asked for a ledger export"))
