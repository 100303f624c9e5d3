"""The ledger app's panels. Each part of the app registers its own in its own module, imported
here when it exists (merge_panels: the profile's merge button and notice; export_panels)."""

from importlib import import_module
from importlib.util import find_spec

for _part in ("merge_panels", "export_panels"):
    if find_spec(f"{__package__}.{_part}") is not None:
        import_module(f"{__package__}.{_part}")
