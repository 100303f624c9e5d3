from django.urls import path

from . import views

urlpatterns = [
    path("conferences/", views.conference_list, name="conference_list"),
    path("agency-tasks/", views.agency, name="agency_tasks"),
    path("conferences/council/", views.council, name="conference_council"),
    path("conferences/new/<uuid:child_uuid>/", views.convene, name="conference_new"),
    path("conferences/<uuid:conference_uuid>/", views.conference, name="conference"),
    path("conferences/<uuid:conference_uuid>/minutes/", views.minutes, name="conference_minutes"),
    path("conferences/<uuid:conference_uuid>/minutes.pdf", views.minutes_pdf, name="conference_pdf"),
    path("conferences/<uuid:conference_uuid>/actions/", views.assign, name="conference_assign"),
    path(
        "conferences/<uuid:conference_uuid>/actions/<int:action_id>/progress/",
        views.progress,
        name="conference_progress",
    ),
    path("conferences/<uuid:conference_uuid>/close/", views.close, name="conference_close"),
    path("conferences/<uuid:conference_uuid>/follow-up/", views.follow_up, name="conference_follow_up"),
]
