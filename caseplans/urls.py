from django.urls import path

from . import views

urlpatterns = [
    path("children/<uuid:child_uuid>/plan/", views.child_plan, name="case_plan"),
    path("case-plans/<uuid:plan_uuid>/", views.plan_detail, name="case_plan_detail"),
    path("case-plans/<uuid:plan_uuid>/edit/", views.plan_edit, name="case_plan_edit"),
    path("case-plans/<uuid:plan_uuid>/goals/<int:goal_id>/edit/", views.goal_edit, name="case_goal_edit"),
    path("case-plans/<uuid:plan_uuid>/goals/<int:goal_id>/actions/new/", views.action_new, name="case_action_new"),
    path("case-plans/<uuid:plan_uuid>/actions/<int:action_id>/edit/", views.action_edit, name="case_action_edit"),
    path("case-plans/<uuid:plan_uuid>/actions/<int:action_id>/done/", views.action_done, name="case_action_done"),
    path("case-plans/<uuid:plan_uuid>/actions/<int:action_id>/cancel/", views.action_cancel, name="case_action_cancel"),
    path("case-plans/<uuid:plan_uuid>/<str:step>/", views.plan_step, name="case_plan_step"),
]
