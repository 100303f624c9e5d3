"""The import pages that show registered children's data (audit.reads): "who looked" names them so.

Imported from ledger/audit_actions.py (discovered by AuditConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page

register_page("ledger_import_audit", _("Ledger import: the files it created or changed"))
