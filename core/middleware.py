"""Request and response guards that hold for every page and endpoint."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

NUL = "\x00"


def _texts(params):
    """Every key and value of a QueryDict (all values of a repeated key) or a plain dict."""
    if hasattr(params, "lists"):
        for key, values in params.lists():
            yield key
            yield from values
    else:
        for key, value in params.items():
            yield key
            yield value


def _has_nul(request) -> bool:
    if NUL in request.path or any(NUL in text for text in _texts(request.COOKIES)):
        return True
    if any(NUL in text for text in _texts(request.GET)):
        return True
    if request.method != "POST":
        return False
    return any(NUL in text for text in _texts(request.POST)) or any(
        NUL in (upload.name or "") for upload in request.FILES.values()
    )


class RejectNulMiddleware:
    """Answers 400 to a request with a NUL character in its path, query, form, file name or cookies.

    PostgreSQL cannot store NUL in text and fails the whole query, so a NUL in a search box or a
    form field was a server error there (SQLite stores it silently). Refusing the request before
    any view runs means nothing is half written and every form, filter and API parameter is
    covered by one rule. No person types NUL, so the refusal costs no legitimate input.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request) -> HttpResponse:
        message = _("The request contains a NUL character (code 0), which Shouhu does not accept. Nothing was saved.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        if any(NUL in text for text in _texts(request.COOKIES)):
            # The session cookie itself is suspect: answer without loading the user.
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return render(request, "core/bad_request.html", {"message": message}, status=400)


class NoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user.

    Nearly every page, export and API answer a signed-in user gets names a child, and a new page
    would be missed by a list of URLs; so this goes by who asks, not by what is asked: a browser
    or a proxy must keep no copy (a shared village PC's Back button or disk cache). Pages cost
    nothing to render again. Left cacheable: what anonymous visitors get (the login page, errors)
    and static files, which WhiteNoise serves before this middleware runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
