"""Errors shared by every app's actions, and how a page answers them.

The error pages are templates/400.html, 403.html, 404.html and 500.html, rendered by Django's own
handlers (handler400 … handler500): in the user's language, with the top bar and a link to the
start page. 500.html is rendered without the request's context processors or the database.

With DEBUG on (`make run`), Django answers a 404 with its technical page, in English, listing the
URL patterns; ActionErrorMiddleware answers with 404.html instead, so that a demo shows what users
get. A developer who wants Django's page sets SHOUHU_FRIENDLY_404_IN_DEBUG=0.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404
from django.views.defaults import page_not_found


class ActionError(Exception):
    """A write that the user may not make or that the record's state forbids.

    Actions check permission again inside their transaction, so a request that slipped past a
    view's check (a stale page, a forged form) ends here. Pages answer it with 404, like
    anything outside the user's scope, so that a refusal says nothing about what exists.
    """


def _friendly_404_in_debug() -> bool:
    return settings.DEBUG and settings.SHOUHU_FRIENDLY_404_IN_DEBUG


class ActionErrorMiddleware:
    """Turns an ActionError that a view did not handle into a 404; with DEBUG on, answers every
    404 with 404.html (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unresolved = getattr(request, "resolver_match", None) is None
        if response.status_code == 404 and unresolved and _friendly_404_in_debug():
            # No URL pattern matched: Django answered before any view ran, with its technical page.
            return page_not_found(request, Resolver404())
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, ActionError | Http404):
            return None
        if _friendly_404_in_debug():
            return page_not_found(request, exception)
        if isinstance(exception, ActionError):
            raise Http404(str(exception)) from exception
        return None


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page open too long (or from elsewhere) is refused in
    the user's language, with the top bar; the reason stays in the log, not on the page."""
    return render(request, "403_csrf.html", status=403)
