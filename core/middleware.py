"""Middleware shared by every app."""

from django.utils.cache import patch_cache_control


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
