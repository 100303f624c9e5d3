"""Errors shared by every app's actions, and how a page answers them.

The error pages are templates/400.html, 403.html, 404.html and 500.html, rendered by Django's own
handlers (handler400 … handler500): in the user's language, with the top bar and a link to the
start page. 500.html is rendered without the request's context processors or the database.
"""

from django.http import Http404
from django.shortcuts import render


class ActionError(Exception):
    """A write that the user may not make or that the record's state forbids.

    Actions check permission again inside their transaction, so a request that slipped past a
    view's check (a stale page, a forged form) ends here. Pages answer it with 404, like
    anything outside the user's scope, so that a refusal says nothing about what exists.
    """


class ActionErrorMiddleware:
    """Turns an ActionError that a view did not handle into a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ActionError):
            raise Http404(str(exception)) from exception
        return None


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page open too long (or from elsewhere) is refused in
    the user's language, with the top bar; the reason stays in the log, not on the page."""
    return render(request, "403_csrf.html", status=403)
