from django.urls import path

from . import views

urlpatterns = [
    path("training/", views.home, name="training_home"),
    path("training/courses/new/", views.course_edit, name="training_course_new"),
    path("training/courses/<int:pk>/", views.course, name="training_course"),
    path("training/courses/<int:pk>/edit/", views.course_edit, name="training_course_edit"),
    path("training/courses/<int:pk>/quiz/", views.quiz, name="training_quiz"),
    path("training/courses/<int:pk>/quiz/<int:attempt>/", views.result, name="training_result"),
    path("training/workers/", views.workers, name="training_workers"),
    path("training/workers.xlsx", views.workers_xlsx, name="training_workers_xlsx"),
    path("training/workers/<int:pk>/", views.worker, name="training_worker"),
    path("training/sessions/", views.sessions, name="training_sessions"),
    path("training/sessions/new/", views.session_new, name="training_session_new"),
    path("training/sessions/<int:pk>/", views.session_detail, name="training_session"),
]
