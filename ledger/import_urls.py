"""The ledger import's pages, under /ledger/import/ (ledger/urls.py includes them)."""

from django.urls import path

from . import import_views as views

urlpatterns = [
    path("", views.import_home, name="ledger_import"),
    path("template.xlsx", views.import_template, name="ledger_import_template"),
    path("<uuid:import_uuid>/", views.import_detail, name="ledger_import_detail"),
    path("<uuid:import_uuid>/columns/", views.import_mapping, name="ledger_import_mapping"),
    path("<uuid:import_uuid>/rows/", views.import_preview, name="ledger_import_preview"),
    path("<uuid:import_uuid>/rows/<int:row_id>/", views.import_row, name="ledger_import_row"),
    path("<uuid:import_uuid>/skip-errors/", views.import_skip_errors, name="ledger_import_skip_errors"),
    path("<uuid:import_uuid>/errors.xlsx", views.import_errors_xlsx, name="ledger_import_errors"),
    path("<uuid:import_uuid>/confirm/", views.import_confirm, name="ledger_import_confirm"),
    path("<uuid:import_uuid>/cancel/", views.import_cancel, name="ledger_import_cancel"),
    path("<uuid:import_uuid>/result/", views.import_result, name="ledger_import_result"),
    path("<uuid:import_uuid>/audit/", views.import_audit, name="ledger_import_audit"),
]
