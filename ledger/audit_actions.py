"""The ledger app's audit actions and pages (audit.registry, audit.reads).

Each part of the app registers its own in its own module, imported here when it exists
(merge_audit: merging files; export_audit: exports)."""

from importlib import import_module
from importlib.util import find_spec

for _part in ("merge_audit", "export_audit"):
    if find_spec(f"{__package__}.{_part}") is not None:
        import_module(f"{__package__}.{_part}")
