from django.urls import path

from . import views

urlpatterns = [
    path("partners/new/", views.organisation_edit, name="organisation_new"),
    path("partners/<uuid:org_uuid>/", views.organisation_edit, name="organisation_edit"),
]
