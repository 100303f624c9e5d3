from django.urls import path

from . import views

urlpatterns = [
    path("retention/", views.retention_settings, name="retention"),
]
