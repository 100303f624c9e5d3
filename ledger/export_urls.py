"""The ledger export page (/ledger/export/)."""

from django.urls import path

from . import export_views

urlpatterns = [
    path("", export_views.export_home, name="ledger_export"),
]
