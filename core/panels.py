"""Panels: how an app shows its part of another app's page without that page importing it.

A page template names a slot and passes what the slot is about:

    {% load panels %}
    {% panels "child_profile" child=child %}

Every app with something to show there registers a panel for the slot in its own
`<app>/panels.py`, which `CoreConfig.ready()` imports for every installed app
(`autodiscover_modules("panels")`, the way the admin finds `admin.py`):

    from core import panels
    from core.scope import in_scope

    @panels.register("child_actions", order=30)
    def child_actions(request, child):
        if not in_scope(request.user, child.village_id):
            return ""
        return panels.render_template("referrals/_child_actions.html", {"child": child}, request)

A panel is called with the request and the slot's keyword arguments and returns HTML, or ""
to show nothing. It runs its own app's access checks: the page only knows that the user may
see the page, not what each app may show them. `render_template` renders a panel's template
with the request, the user and the csrf token (the language is the request's, activated by the
locale middleware). A slot's panels render in ascending order; a slot nobody registered for
renders nothing.

The slots in use (the keyword arguments each passes), and the orders taken so far:
- `child_actions` (child): the buttons at the top of the child's profile. visits 10, referrals 30,
  children (edit, sibling) 40, measurements 60, children (history) 70, dossier (print file) 80.
- `child_profile` (child): cards under the profile's heading, before the registry's facts.
  followup (risk card) 10, reports 20, caseplans 30, schools 40.
- `child_facts` (child): cards between the eligibility card and schooling and health. measurements 10.
- `roster_actions` (scope: the user's division or None): links under the roster's count, shown
  when the list is not empty (the `area` filter is in request.GET). dossier (batch print) 10.
- `today` (day): the top of the CWD's Today page. caseplans 10.
- `followup` (day): the end of the supervisor's and county's follow-up page. caseplans 10.
- `nav` (nothing): the links of the top bar, before the inbox (`nav_link`; a link of class "more"
  folds under the menu button on a phone). schools 5, dashboards (today) 10, children (children)
  20, children (queue) 30, dashboards (follow-up, overview) 40 and 50, referrals 60, reports 70,
  referrals (partners) 80, measurements (growth sheet) 90,
  accounts (my account) 100.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

RenderFn = Callable[..., str]


@dataclass(frozen=True)
class Panel:
    slot: str
    name: str
    order: int
    render: RenderFn


class PanelRegistry:
    """Panels by slot. The project has one (`site`); tests make their own."""

    def __init__(self) -> None:
        self._slots: dict[str, list[Panel]] = {}

    def register(self, slot: str, *, order: int = 100, name: str | None = None) -> Callable[[RenderFn], RenderFn]:
        """Decorator: add the function as a panel of `slot`. Registering the same name twice
        in a slot is a configuration error (a module imported under two names, for example)."""

        def decorator(render: RenderFn) -> RenderFn:
            panel = Panel(slot, name or f"{render.__module__}.{render.__qualname__}", order, render)
            panels = self._slots.setdefault(slot, [])
            if any(p.name == panel.name for p in panels):
                raise ImproperlyConfigured(f"Panel {panel.name!r} is registered twice in slot {slot!r}.")
            panels.append(panel)
            # A stable sort: panels of equal order keep the order in which they were registered.
            panels.sort(key=lambda p: p.order)
            return render

        return decorator

    def unregister(self, slot: str, name: str) -> None:
        self._slots[slot] = [p for p in self._slots.get(slot, []) if p.name != name]

    def panels(self, slot: str) -> list[Panel]:
        return list(self._slots.get(slot, []))

    def render(self, slot: str, request: HttpRequest | None, **kwargs) -> SafeString:
        """The slot's panels rendered in order, empty ones left out. Without a request there is
        no user whose access the panels could check, so nothing is shown."""
        if request is None:
            return mark_safe("")
        parts = (panel.render(request, **kwargs) for panel in self.panels(slot))
        # conditional_escape: a panel's template output is safe already; any plain string is escaped.
        # Whitespace alone (a template whose conditions were all false) counts as empty.
        return mark_safe("\n".join(conditional_escape(part) for part in parts if part and part.strip()))  # noqa: S308


def render_template(template_name: str, context: dict, request: HttpRequest) -> SafeString:
    """A panel's template with `request`, `user` and `csrf_token` added to its context.

    Not render_to_string(request=...): that would run the project's context processors once
    per panel, and one of them counts the unread alerts (a query each time)."""
    return get_template(template_name).render(
        {**context, "request": request, "user": request.user, "csrf_token": get_token(request)}
    )


def nav_link(url_name: str, label: str, *, more: bool = False) -> SafeString:
    """A top-bar link (slot `nav`); `more` folds it under the menu button on a phone."""
    return format_html('<a{} href="{}">{}</a>', mark_safe(' class="more"') if more else "", reverse(url_name), label)


site = PanelRegistry()
register = site.register
unregister = site.unregister
render = site.render
