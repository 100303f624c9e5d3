from django.urls import path, re_path

from . import views

LANG = r"(?P<lang>zh-hans|en|ja)"
AREA = r"(?P<code>[0-9]{2}|[0-9]{6})"  # a province or a county: nothing below the county exists here

urlpatterns = [
    path("share/", views.start, name="public_start"),
    re_path(rf"^share/{LANG}/$", views.page, name="public_page"),
    re_path(rf"^share/{LANG}/card\.png$", views.card, name="public_card"),
    re_path(rf"^share/{LANG}/{AREA}/$", views.page, name="public_area"),
    re_path(rf"^share/{LANG}/{AREA}/card\.png$", views.card, name="public_area_card"),
]
