"""The merge pages, under /ledger/merge/ (ledger/urls.py includes them)."""

from django.urls import path

from . import merge_views

urlpatterns = [
    path("", merge_views.merge_history, name="merge_history"),
    path("<uuid:child_uuid>/", merge_views.merge_pick, name="merge_pick"),
    path("<uuid:keep_uuid>/with/<uuid:drop_uuid>/", merge_views.merge_compare, name="merge_compare"),
    path("undo/<uuid:merge_uuid>/", merge_views.merge_undo, name="merge_undo"),
]
