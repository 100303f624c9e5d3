from django.urls import path

from . import views

urlpatterns = [
    path("children/<uuid:child_uuid>/tier/", views.override, name="tier_override"),
    path("children/<uuid:child_uuid>/tier/end/", views.end_override, name="tier_override_end"),
]
