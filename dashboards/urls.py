from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.today, name="today"),
    path("follow-up/", views.overdue, name="followup_overdue"),
    path("overview/", views.overview, name="overview"),
    path("", include("dashboards.board_urls")),
]
