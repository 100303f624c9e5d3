from django.urls import path

from . import views

urlpatterns = [
    path("family/", views.home, name="family_home"),
    path("family/join/", views.join, name="family_join"),
    path("family/<int:link_pk>/calls/", views.log_call, name="family_call"),
    path("family/<int:link_pk>/entrustment/", views.entrust, name="family_entrust"),
    path("family/<int:link_pk>/notices/<int:notice_pk>/answer/", views.answer, name="family_answer"),
    path("children/<uuid:child_uuid>/family/", views.child_family, name="family_child"),
]
