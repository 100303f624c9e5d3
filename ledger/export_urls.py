"""The ledger export page (/ledger/export/), each export's page and its download."""

from django.urls import path

from . import export_views

urlpatterns = [
    path("", export_views.export_home, name="ledger_export"),
    path("<uuid:job_uuid>/", export_views.export_job, name="ledger_export_job"),
    path("<uuid:job_uuid>/file", export_views.export_download, name="ledger_export_file"),
]
