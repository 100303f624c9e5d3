from django.urls import path

from . import views

urlpatterns = [
    path("children/<uuid:child_uuid>/file.pdf", views.child_file, name="dossier_child"),
    path("print/", views.batches, name="dossier_batches"),
    path("print/<uuid:batch_uuid>/", views.batch, name="dossier_batch"),
    path("print/<uuid:batch_uuid>/file.pdf", views.batch_download, name="dossier_batch_pdf"),
]
