from django.urls import path

from . import dashboard_views, views

urlpatterns = [
    path("children/<uuid:child_uuid>/allowance/apply/", views.apply, name="benefit_apply"),
    path("allowances/", views.home, name="benefit_home"),
    path("allowances/not-receiving/", views.gap, name="benefit_gap"),
    path("allowances/figures/", dashboard_views.dashboard, name="benefit_dashboard"),
    path("allowances/figures/<str:table>.xlsx", dashboard_views.dashboard_xlsx, name="benefit_dashboard_xlsx"),
    path("allowances/standards/", views.standards, name="benefit_standards"),
    path("allowances/rolls/", views.rolls, name="benefit_rolls"),
    path("allowances/rolls/build/", views.roll_build, name="benefit_roll_build"),
    path("allowances/rolls/<uuid:roll_uuid>/", views.roll, name="benefit_roll"),
    path("allowances/rolls/<uuid:roll_uuid>/roll.xlsx", views.roll_xlsx, name="benefit_roll_xlsx"),
    path("allowances/rolls/<uuid:roll_uuid>/<str:step>/", views.roll_step, name="benefit_roll_step"),
    path("allowances/applications/<uuid:app_uuid>/", views.application, name="benefit_application"),
    path("allowances/applications/<uuid:app_uuid>/edit/", views.application_edit, name="benefit_application_edit"),
    path("allowances/applications/<uuid:app_uuid>/notice/", views.notice, name="benefit_notice"),
    path("allowances/applications/<uuid:app_uuid>/<str:step>/", views.application_step, name="benefit_step"),
    path("allowances/documents/<uuid:evidence_uuid>/", views.evidence_file, name="benefit_document"),
    path("allowances/<uuid:benefit_uuid>/", views.benefit_detail, name="benefit_detail"),
    path("allowances/<uuid:benefit_uuid>/<str:step>/", views.benefit_step, name="benefit_change"),
]
