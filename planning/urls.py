from django.urls import path

from . import views

urlpatterns = [
    path("planning/", views.planning_home, name="planning"),
    path("planning/assumptions/<str:area>/", views.assumptions_edit, name="planning_assumptions"),
    path("planning/<str:code>/", views.planning_area, name="planning_area"),
    path("planning/<str:code>/plan.xlsx", views.planning_xlsx, name="planning_xlsx"),
]
