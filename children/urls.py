from django.urls import path

from . import views

urlpatterns = [
    path("children/", views.roster, name="roster"),
    path("children/export.<str:fmt>", views.export, name="roster_export"),
    path("children/new/", views.child_register, name="child_register"),
    path("children/new/duplicates/", views.child_duplicates, name="child_duplicates"),
    path("children/queue/", views.queue, name="queue"),
    path("children/<uuid:child_uuid>/", views.child_detail, name="child_detail"),
    path("children/<uuid:child_uuid>/edit/", views.edit_reveals_id(views.child_edit), name="child_edit"),
    path("children/<uuid:child_uuid>/id-number/", views.child_reveal_id, name="child_reveal_id"),
    path("children/<uuid:child_uuid>/photo/", views.child_photo, name="child_photo"),
    path("children/<uuid:child_uuid>/history/", views.child_history, name="child_history"),
    path("children/<uuid:child_uuid>/reads/", views.child_reads, name="child_reads"),
    path("children/<uuid:child_uuid>/confirm/", views.child_confirm, name="child_confirm"),
    path("children/<uuid:child_uuid>/return/", views.child_return, name="child_return"),
    path("children/<uuid:child_uuid>/activate/", views.child_activate, name="child_activate"),
    path("children/<uuid:child_uuid>/close/", views.child_close, name="child_close"),
    path("children/<uuid:child_uuid>/reopen/", views.child_reopen, name="child_reopen"),
    path("children/<uuid:child_uuid>/transfer/", views.child_transfer, name="child_transfer"),
]
