"""Reads of children's data, audited at one insert per request.

A view (or panel, or API endpoint) that shows a child's personal data calls

    note_read(request, child, what="growth")
    note_read(request, [f.child_id for f in page], what="today")
    note_read(request, referral.child_id, what="referral", why=f"referral:{referral.pk}")

which only collects, on the request. `ReadAuditMiddleware` writes everything collected in one
bulk insert once the response is known: for a page that was shown (2xx), or a form shown again
with its errors (400) or a conflict page (409). A 404, a redirect or a server error writes
nothing, since nothing was shown. One event per child shown (a list: the children on the page
actually sent, never the whole queryset), action "view", with

    details = {"what": <the page>, "via": <why the user may see it>, ...}

`via` is the reason access was granted: "division:<code>" (staff reach the child through their
jurisdiction; the default), "national" (administrators), or what the granting app names, e.g.
"referral:<pk>" for partner staff or "alert:<pk>". An app says how its reasons read by
registering a describer (`register_reason`), so the county's "who looked" page can explain
"Referral #12 to the township clinic" without audit knowing referrals.

Searches are recorded with `note_search`: one "search" event (no child) holding the query, with
a full or partial ID number masked (the trail never holds a full ID number), and the count.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.api_schema import BoundedPageNumberPagination
from geo.models import Division

from .actions import client_ip
from .models import AuditEvent

_ATTR = "_audit_reads"
# Responses after which the reads noted are written: the page was shown (2xx), or a form was
# shown again with its errors (400) or beside what was saved meanwhile (409).
SHOWN = (400, 409)

ReasonDescriber = Callable[[list[str]], dict[str, str]]
_REASONS: dict[str, ReasonDescriber] = {}
_PAGES: dict[str, Any] = {}


def _child_id(child) -> int:
    return child if isinstance(child, int) else child.pk


def note_read(request: HttpRequest, children, *, what: str, why: str | None = None, **details: Any) -> None:
    """Collect that `children` (a child, a child id, or an iterable of either) were shown."""
    if children is None:
        return
    if isinstance(children, int) or hasattr(children, "pk"):
        children = [children]
    reads = request.__dict__.setdefault(_ATTR, {})
    for child in children:
        key = (_child_id(child), what, why)
        # The same child twice on one page (a panel and the page itself) is one read.
        reads.setdefault(key, details)


def note_search(request: HttpRequest, query: str, *, what: str, count: int, **details: Any) -> None:
    """Collect a search: the query (an ID number in it masked) and how many records matched."""
    query = query.strip()
    if not query:
        return
    masked, had_id = mask_query(query)
    extra = {"q": masked, "count": count, **details}
    if had_id:
        extra["id_number"] = True
    request.__dict__.setdefault(_ATTR, {})[(None, what, "search")] = extra


def mask_query(query: str) -> tuple[str, bool]:
    """A query with any run of 6+ digits (a full or partial ID number) masked: region and last
    four kept as on the pages (511324********1234); shorter runs are hidden entirely."""
    out, run, had_id = [], "", False

    def flush():
        nonlocal run, had_id
        if len(run) >= 6:
            had_id = True
            out.append(run[:6] + "*" * (len(run) - 10) + run[-4:] if len(run) > 10 else "*" * len(run))
        else:
            out.append(run)
        run = ""

    for ch in query:
        if ch.isdigit() or (run and ch in "xX" and len(run) == 17):
            run += ch
        else:
            flush()
            out.append(ch)
    flush()
    return "".join(out), had_id


def default_why(user) -> str:
    """Why a user reaches a child when the page gives no other reason: their jurisdiction."""
    if user.is_superuser or user.role == user.Role.ADMIN:
        return "national"
    if user.division_id:
        return f"division:{user.division_id}"
    return ""


def events(request: HttpRequest) -> list[AuditEvent]:
    """The events for the reads noted on this request (unsaved)."""
    reads = request.__dict__.get(_ATTR)
    user = getattr(request, "user", None)
    if not reads or user is None or not user.is_authenticated:
        return []
    fallback, ip = default_why(user), client_ip(request)
    out = []
    for (child_id, what, why), details in reads.items():
        if why == "search":
            action, details = AuditEvent.Action.SEARCH, {"what": what, **details}
        else:
            action, details = AuditEvent.Action.VIEW, {"what": what, "via": why or fallback, **details}
        out.append(AuditEvent(actor=user, action=action, child_id=child_id, details=details, ip_address=ip))
    return out


class ReadAuditMiddleware:
    """Writes the reads a request noted, in one INSERT, once its response was shown (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _ATTR in request.__dict__ and (200 <= response.status_code < 300 or response.status_code in SHOWN):
            written = events(request)
            if written:
                # A page holds at most a few hundred children: one statement on either database.
                AuditEvent.objects.bulk_create(written, batch_size=len(written))
        return response


class AuditedPagination(BoundedPageNumberPagination):
    """API pagination that notes a read of each child on the page sent (not the whole list).

    `@paginate(AuditedPagination, what="roster")` for lists of children; for lists of records
    about a child, `read=lambda item, user: (item.child_id, why)` names the child and the reason.
    """

    def __init__(
        self,
        *,
        what: str,
        read: Callable[[Any, Any], tuple[int, str | None]] | None = None,
        search: Callable[[dict[str, Any]], str] | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.what, self.search = what, search
        self.read = read or (lambda item, user: (item.pk, None))

    def paginate_queryset(self, queryset, pagination, request, **params):
        result = super().paginate_queryset(queryset, pagination, request=request, **params)
        items = result[self.items_attribute] = list(result[self.items_attribute])
        for item in items:
            child_id, why = self.read(item, request.user)
            note_read(request, child_id, what=self.what, why=why)
        if self.search is not None:
            note_search(request, self.search(params), what=self.what, count=result["count"])
        return result


def register_page(code: str, label) -> str:
    """A page's `what` code and its label (lazy) on the "who looked" page; returns the code."""
    _PAGES[code] = label
    return code


def page_label(code: str) -> str:
    return str(_PAGES.get(code, code))


def register_reason(kind: str, describe: ReasonDescriber) -> None:
    """How reasons "<kind>:<key>" read: `describe(keys)` returns {key: sentence}, for a whole page."""
    _REASONS[kind] = describe


def describe_reasons(vias: Iterable[str]) -> dict[str, str]:
    """Each reason ("division:511324", "referral:12", …) as a sentence in the reader's language."""
    by_kind: dict[str, list[str]] = {}
    for via in set(vias):
        kind, _sep, key = (via or "").partition(":")
        by_kind.setdefault(kind, []).append(key)
    out: dict[str, str] = {}
    for kind, keys in by_kind.items():
        describe = _REASONS.get(kind)
        labels = describe(keys) if describe else {}
        for key in keys:
            via = f"{kind}:{key}" if key else kind
            out[via] = labels.get(key) or (via or _("Not recorded"))
    return out


def _divisions(codes: list[str]) -> dict[str, str]:
    names = dict(Division.objects.filter(code__in=codes).values_list("code", "name"))
    return {code: _("Their jurisdiction: %(division)s") % {"division": names.get(code, code)} for code in codes}


register_reason("division", _divisions)
# Reads from before every read was audited carry no reason.
register_reason("", lambda keys: {"": _("Not recorded")})
register_reason("national", lambda keys: {"": _("System administrator (whole system)")})


def reads_of(child, *, actions: Iterable[str], who: str = "", since=None, until=None):
    """A child's read events (`actions`: the views, exports, reveals), newest first.

    `who` matches the reader's name or username; `since`/`until` are dates, both included.
    """
    events = AuditEvent.objects.filter(child=child, action__in=list(actions))
    if who:
        events = events.filter(Q(actor__full_name__icontains=who) | Q(actor__username__icontains=who))
    if since:
        events = events.filter(created_at__date__gte=since)
    if until:
        events = events.filter(created_at__date__lte=until)
    return events.order_by("-created_at", "-id")
