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
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Alert

TextFn = Callable[["Alert"], str]
LinkFn = Callable[["Alert", Any], str]


def child_file_link(alert: "Alert", user) -> str:
    """The default link: the child's file, but never for partner staff, who may not see it."""
    if alert.child_id and user.role != user.Role.PARTNER:
        return reverse("child_detail", args=[alert.child.uuid])
    return ""


@dataclass(frozen=True)
class AlertKind:
    code: str
    label: Any  # a lazy translation
    text: TextFn
    link: LinkFn = child_file_link


_KINDS: dict[str, AlertKind] = {}


def register(code: str, label, text: TextFn, link: LinkFn = child_file_link) -> AlertKind:
    """Add a kind; registering the same code twice is a configuration error (two apps would
    otherwise silently decide each other's texts)."""
    if code in _KINDS:
        raise ImproperlyConfigured(f"Alert kind {code!r} is registered twice.")
    kind = AlertKind(code, label, text, link)
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
    """Where the alert leads for this user ("" for nowhere)."""
    kind = _KINDS.get(alert.kind)
    return (kind.link if kind else child_file_link)(alert, user)


def child_name(alert: "Alert") -> str:
    """The child's name for a text (empty for an alert about no child)."""
    return alert.child.name if alert.child_id else ""


def choice_label(choices, value) -> str:
    """The label of `value` in a TextChoices class, "" if it is not one (an old or missing code)."""
    return choices(value).label if value in choices.values else ""


OTHER = "other"


def _other_text(alert: "Alert") -> str:
    return alert.params.get("text", "")


register(OTHER, _("Other"), text=_other_text)
