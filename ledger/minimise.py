"""The ledger app's minimisers (retention.registry). Each part of the app registers its own in its
own module, imported here when it exists (merge_minimise: the values kept for a merge's undo)."""

from importlib import import_module
from importlib.util import find_spec

for _part in ("merge_minimise", "imports_minimise", "export_minimise"):
    if find_spec(f"{__package__}.{_part}") is not None:
        import_module(f"{__package__}.{_part}")
