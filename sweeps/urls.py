from django.urls import path

from . import views

urlpatterns = [
    path("sweeps/", views.sweep_list, name="sweep_list"),
    path("sweeps/new/", views.sweep_start, name="sweep_start"),
    path("sweeps/<uuid:sweep_uuid>/", views.sweep_detail, name="sweep_detail"),
    path("sweeps/<uuid:sweep_uuid>/village/<str:village>/", views.sweep_village, name="sweep_village"),
    path("sweeps/<uuid:sweep_uuid>/items/<int:item_id>/confirm/", views.item_confirm, name="sweep_item_confirm"),
    path("sweeps/<uuid:sweep_uuid>/items/<int:item_id>/undo/", views.item_undo, name="sweep_item_undo"),
    path("sweeps/<uuid:sweep_uuid>/items/<int:item_id>/close/", views.item_close, name="sweep_item_close"),
    path("sweeps/<uuid:sweep_uuid>/close/", views.sweep_close, name="sweep_close"),
    path("sweeps/<uuid:sweep_uuid>/closing/", views.sweep_closing, name="sweep_closing"),
    path("sweeps/<uuid:sweep_uuid>/report/", views.sweep_report, name="sweep_report"),
    path("sweeps/<uuid:sweep_uuid>/report.xlsx", views.sweep_report_xlsx, name="sweep_report_xlsx"),
]
