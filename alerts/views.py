from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit.reads import note_read

from . import actions, kinds
from .access import alerts_for


@login_required
def inbox(request):
    alerts = alerts_for(request.user).select_related("child").order_by("read_at", "-created_at", "-id")
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    shown = kinds.prepare(list(page), request.user)
    items = [(a, kinds.label(a.kind), kinds.alert_text(a), kinds.alert_link(a, request.user)) for a in shown]
    for alert in shown:
        if alert.child_id:
            note_read(request, alert.child_id, what="inbox", why=f"alert:{alert.pk}")
    return render(request, "alerts/inbox.html", {"page": page, "items": items})


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
