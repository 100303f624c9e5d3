from django.urls import path

from . import views

urlpatterns = [
    path("school/", views.school_home, name="school_home"),
    path("school/upload/", views.upload_sheet, name="school_upload_sheet"),
    path("school/absence/", views.record_absence, name="school_record_absence"),
    path("school/dropout/", views.report_dropout, name="school_report_dropout"),
    path("school/template.xlsx", views.sheet_template, name="school_sheet_template"),
    path("school/uploads/<uuid:upload_uuid>/", views.upload_detail, name="school_upload"),
    path("school/uploads/<uuid:upload_uuid>/unmatched.csv", views.unmatched_csv, name="school_unmatched_csv"),
]
