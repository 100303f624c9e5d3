from django.urls import path

from . import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.mark_read, name="inbox_mark_read"),
    path("inbox/<uuid:alert_uuid>/", views.open_alert, name="alert_open"),
]
