from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit.reads import note_read

from . import actions, kinds
from .access import alerts_for

ALERTS_PER_PAGE = 50


def access_alert(user, alert_uuid):
    """The user's own alert, 404 for anyone else's (or a missing one)."""
    alert = alerts_for(user).select_related("child").filter(uuid=alert_uuid).first()
    if alert is None:
        raise Http404
    return alert


@login_required
def inbox(request):
    """The user's alerts, unread first, a page at a time. Each alert leads through `open_alert`,
    which marks it read."""
    # Unread (read_at NULL) first on every database: PostgreSQL sorts NULLs last by default.
    unread_first = F("read_at").asc(nulls_first=True)
    alerts = alerts_for(request.user).select_related("child").order_by(unread_first, "-created_at", "-id")
    page = Paginator(alerts, ALERTS_PER_PAGE).get_page(request.GET.get("page"))
    shown = kinds.prepare(list(page), request.user)
    items = [(a, kinds.label(a.kind), kinds.alert_text(a)) for a in shown]
    for alert in shown:
        if alert.child_id:
            note_read(request, alert.child_id, what="inbox", why=f"alert:{alert.pk}")
    return render(request, "alerts/inbox.html", {"page": page, "items": items})


@login_required
def open_alert(request, alert_uuid):
    """Opening an alert marks it read, then leads where it points (back to the inbox for an alert
    that leads nowhere, or about a child the reader may no longer see).

    A plain link (GET), so that the inbox stays a list of links on a phone without JavaScript.
    Marking read is the only change, and another site cannot trigger it: it would need the
    alert's random UUID, which only the recipient's inbox shows."""
    alert = access_alert(request.user, alert_uuid)
    actions.do_mark_read(request.user, [alert.uuid])
    kinds.prepare([alert], request.user)
    return redirect(kinds.alert_link(alert, request.user) or "inbox")


@login_required
@require_POST
def mark_read(request):
    chosen = request.POST.getlist("alert")
    actions.do_mark_read(request.user, chosen or None)
    return redirect("inbox")


def unread_count(request) -> dict:
    """Context processor: the unread badge in the top bar (one indexed count)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"unread_alerts": alerts_for(request.user).filter(read_at__isnull=True).count()}
