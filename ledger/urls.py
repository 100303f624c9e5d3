"""The ledger app's pages: each part keeps its own URL list (import, merge, exports)."""

from django.urls import include, path

urlpatterns = [
    path("ledger/import/", include("ledger.import_urls")),
    path("ledger/merge/", include("ledger.merge_urls")),
    path("ledger/export/", include("ledger.export_urls")),
]
