"""The merge's audit actions and the pages that show children's data (audit.registry, audit.reads).

Imported by ledger/audit_actions.py, which AuditConfig.ready() discovers."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page
from audit.registry import register

MERGE = register("merge", _("Files merged"))
MERGE_UNDO = register("unmerge", _("Merge undone"))

PICK = register_page("merge_pick", _("Merging files: choosing the other file"))
COMPARE = register_page("merge_compare", _("Merging files: side-by-side comparison"))
HISTORY = register_page("merge_history", _("Merged files list"))
