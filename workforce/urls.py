from django.urls import path

from . import views

urlpatterns = [
    path("workforce/", views.home, name="workforce_home"),
    path("workforce/new/", views.worker_new, name="workforce_worker_new"),
    path("workforce/w/<uuid:worker_uuid>/", views.worker_detail, name="workforce_worker"),
    path("workforce/w/<uuid:worker_uuid>/edit/", views.worker_edit, name="workforce_worker_edit"),
    path("workforce/w/<uuid:worker_uuid>/account/", views.worker_account, name="workforce_worker_account"),
    path("workforce/w/<uuid:worker_uuid>/assign/", views.worker_assign, name="workforce_worker_assign"),
    path("workforce/w/<uuid:worker_uuid>/leave/", views.worker_leave, name="workforce_worker_leave"),
    path("workforce/w/<uuid:worker_uuid>/handover/", views.handover_start, name="workforce_handover_start"),
    path("workforce/handovers/<uuid:handover_uuid>/", views.handover_detail, name="workforce_handover"),
    path("workforce/caseloads/", views.caseloads, name="workforce_caseloads"),
    path("workforce/supervision/", views.supervision, name="workforce_supervision"),
    path("workforce/supervision/new/", views.log_new, name="workforce_log_new"),
    path("workforce/supervision/actions/<uuid:action_uuid>/done/", views.action_done, name="workforce_action_done"),
    path("workforce/supervision/reviews/<int:review_id>/", views.review_visit, name="workforce_review_visit"),
    path("workforce/spot-checks/", views.spot_checks, name="workforce_spot_checks"),
    path("workforce/spot-checks/<uuid:check_uuid>/", views.spot_check, name="workforce_spot_check"),
    path(
        "workforce/spot-checks/<uuid:check_uuid>/<str:village_code>/", views.spot_village, name="workforce_spot_village"
    ),
    path("workforce/quiet/", views.quiet, name="workforce_quiet"),
]
