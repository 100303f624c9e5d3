"""Shouhu's URLs plus one page that fails, to see the 500 page as a user gets it (tests/test_error_pages.py)."""

from django.urls import path

from shouhu.urls import urlpatterns as shouhu_urlpatterns


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [*shouhu_urlpatterns, path("fail/", fail)]
