from django.urls import path

from . import views

urlpatterns = [
    path("children/<uuid:child_uuid>/growth/", views.child_growth, name="child_growth"),
    path(
        "children/<uuid:child_uuid>/growth/<uuid:measurement_uuid>/void/",
        views.measurement_void,
        name="measurement_void",
    ),
    path("growth/sheet/", views.score_sheet_view, name="score_sheet"),
]
