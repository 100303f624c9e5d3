from django.urls import path

from . import views

urlpatterns = [
    path("children/<uuid:child_uuid>/reports/new/", views.report_new, name="report_new"),
    path("reports/", views.reports_list, name="reports_list"),
    path("reports/<uuid:report_uuid>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:report_uuid>/receipt/", views.report_receipt, name="report_receipt"),
    path("reports/<uuid:report_uuid>/actioned/", views.report_actioned, name="report_actioned"),
    path("reports/<uuid:report_uuid>/decisions/", views.report_decision, name="report_decision"),
    path("reports/<uuid:report_uuid>/feedback/", views.report_feedback, name="report_feedback"),
    path("reports/<uuid:report_uuid>/close/", views.report_close, name="report_close"),
]
