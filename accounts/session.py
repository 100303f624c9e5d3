"""The idle timeout: a signed-in session ends SHOUHU_SESSION_IDLE_MINUTES after the last request.

SESSION_COOKIE_AGE is the idle limit; saving the session restarts it (cookie and stored expiry).
Saving at every request (SESSION_SAVE_EVERY_REQUEST) would cost every page two queries, so the
session is saved at most once a minute: the timeout is then exact to within that minute.
"""

import time

from django.contrib.auth import SESSION_KEY

SEEN_KEY = "_shouhu_seen"
REFRESH_SECONDS = 60


def mark_seen(sender, request, user, **kwargs) -> None:
    """On login (user_logged_in): the login itself saves the session, so the clock starts there."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(SEEN_KEY, 0) >= REFRESH_SECONDS:
                # A modified session is saved by SessionMiddleware with a fresh expiry.
                session[SEEN_KEY] = now
        return self.get_response(request)
