"""The ledger app's minimisers (retention.registry): each part registers its own in its own module
(merge_minimise: the values kept for a merge's undo)."""

from . import merge_minimise  # noqa: F401
