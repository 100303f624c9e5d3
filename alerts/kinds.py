"""The alert kinds registry: alerts knows no feature, each app registers its own kinds.

An app declares its kinds in its own module `<app>/alert_kinds.py`, which `AlertsConfig.ready()`
imports for every installed app (`autodiscover_modules("alert_kinds")`, the way the admin finds
`admin.py`). The module names each code as a constant and registers it with a label, a text
function and, if the child's file is not the right place, a link function:

    REFERRAL_NEW = "referral_new"
    register(REFERRAL_NEW, _("New referral"), text=_new_text, link=referral_link)

Code that raises an alert imports the constant from the owning app's `alert_kinds`.
`Alert.kind` takes its choices from `choices()` (a callable), so a new kind needs no migration.
Texts are built when the alert is shown, in the reader's language, from the alert's params.

Access that outlives its reason: an alert names its child only while the reader may still see
that child (a CWD whose child moved to another village, partner staff whose referral closed, no
longer may). `prepare(alerts, user)` asks each kind's `reach` function, for a whole page of
alerts at once, which of them the reader may still see; the others read "a child" and lead
nowhere. The default reach is the staff scope rule (core.scope); partner staff reach a child
only through the kinds that say so (their referral or report, while it is open to them).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scope import in_scope

if TYPE_CHECKING:
    from .models import Alert

TextFn = Callable[["Alert"], str]
LinkFn = Callable[["Alert", Any], str]
ReachFn = Callable[[list["Alert"], Any], set[int]]


def staff_reach(alerts: list["Alert"], user) -> set[int]:
    """The default reach: staff see the alerts whose child lies in their scope; partner staff none."""
    if user.role == user.Role.PARTNER:
        return set()
    return {a.pk for a in alerts if a.child_id and in_scope(user, a.child.village_id)}


def reach_through(param: str, visible_to) -> ReachFn:
    """A reach for kinds about a record partner staff may see (a referral, a report): staff by
    their scope; partner staff for the alerts whose `params[param]` names a record in
    `visible_to(user)` (a queryset with a `uuid`), looked up once for the page."""

    def reach(alerts: list["Alert"], user) -> set[int]:
        if user.role != user.Role.PARTNER:
            return staff_reach(alerts, user)
        wanted = {a.params.get(param) for a in alerts if a.params.get(param)}
        seen = {str(u) for u in visible_to(user).filter(uuid__in=wanted).values_list("uuid", flat=True)}
        return {a.pk for a in alerts if a.params.get(param) in seen}

    return reach


def child_file_link(alert: "Alert", user) -> str:
    """The default link: the child's file, but never for partner staff, who may not see it."""
    if alert.child_id and user.role != user.Role.PARTNER and not getattr(alert, "child_hidden", False):
        return reverse("child_detail", args=[alert.child.uuid])
    return ""


@dataclass(frozen=True)
class AlertKind:
    code: str
    label: Any  # a lazy translation
    text: TextFn
    link: LinkFn = child_file_link
    reach: ReachFn = staff_reach


_KINDS: dict[str, AlertKind] = {}


def register(code: str, label, text: TextFn, link: LinkFn = child_file_link, reach: ReachFn = staff_reach) -> AlertKind:
    """Add a kind; registering the same code twice is a configuration error (two apps would
    otherwise silently decide each other's texts)."""
    if code in _KINDS:
        raise ImproperlyConfigured(f"Alert kind {code!r} is registered twice.")
    kind = AlertKind(code, label, text, link, reach)
    _KINDS[code] = kind
    return kind


def get(code: str) -> AlertKind | None:
    return _KINDS.get(code)


def choices() -> list[tuple[str, Any]]:
    """The choices of `Alert.kind`, in registration order."""
    return [(k.code, k.label) for k in _KINDS.values()]


def label(code: str) -> str:
    """The kind's name for display; a kind no app registers (any more) reads as "Other"."""
    kind = _KINDS.get(code)
    return str(kind.label if kind else _("Other"))


def alert_text(alert: "Alert") -> str:
    """What the alert says, in the active language. A kind no app registers falls back to the
    text stored in its params, else its label: never a raw code."""
    kind = _KINDS.get(alert.kind)
    text = kind.text(alert) if kind else ""
    return text or alert.params.get("text") or label(alert.kind)


def alert_link(alert: "Alert", user) -> str:
    """Where the alert leads for this user ("" for nowhere, and for a child they no longer see)."""
    if getattr(alert, "child_hidden", False):
        return ""
    kind = _KINDS.get(alert.kind)
    return (kind.link if kind else child_file_link)(alert, user)


def prepare(alerts: list["Alert"], user) -> list["Alert"]:
    """Mark the alerts whose child the reader may no longer see (`child_hidden`), one reach call
    per kind on the page. The caller shows `alert_text` and `alert_link` afterwards."""
    by_kind: dict[str, list[Alert]] = {}
    for alert in alerts:
        by_kind.setdefault(alert.kind, []).append(alert)
    for code, group in by_kind.items():
        kind = _KINDS.get(code)
        visible = (kind.reach if kind else staff_reach)(group, user)
        for alert in group:
            alert.child_hidden = bool(alert.child_id) and alert.pk not in visible
    return alerts


def child_name(alert: "Alert") -> str:
    """The child's name for a text (empty for an alert about no child, "a child" for one the
    reader may no longer see)."""
    if not alert.child_id:
        return ""
    return _("a child") if getattr(alert, "child_hidden", False) else alert.child.name


def choice_label(choices, value) -> str:
    """The label of `value` in a TextChoices class, "" if it is not one (an old or missing code)."""
    return choices(value).label if value in choices.values else ""


OTHER = "other"


def _other_text(alert: "Alert") -> str:
    return alert.params.get("text", "")


register(OTHER, _("Other"), text=_other_text)
