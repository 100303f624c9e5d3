from django.urls import path

from . import views

urlpatterns = [
    path("children/<uuid:child_uuid>/visits/", views.child_visits, name="child_visits"),
    path("children/<uuid:child_uuid>/visits/new/", views.visit_new, name="visit_new"),
    path("children/<uuid:child_uuid>/visits/contacts/new/", views.contact_new, name="contact_new"),
    path("children/<uuid:child_uuid>/visits/<uuid:visit_uuid>/", views.visit_detail, name="visit_detail"),
    path("children/<uuid:child_uuid>/visits/<uuid:visit_uuid>/edit/", views.visit_edit, name="visit_edit"),
    path("children/<uuid:child_uuid>/visits/<uuid:visit_uuid>/comment/", views.visit_comment, name="visit_comment"),
]
