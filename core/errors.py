"""Errors shared by every app's actions, and how a page answers them."""

from django.http import Http404


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
