"""Test helpers: read a rendered form as a browser would submit it untouched."""

import re
from html.parser import HTMLParser

from django.urls import reverse

from risk.checklist import ITEMS
from visits.models import Visit


class _FormReader(HTMLParser):
    def __init__(self, form_class: str):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.values: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_class in (a.get("class") or "").split():
            self.inside = True
        if not self.inside:
            return
        name, kind = a.get("name"), a.get("type", "text")
        if tag == "input" and name and kind not in ("submit", "button"):
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.values[name] = a.get("value", "on")
            else:
                self.values[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea:
                # Browsers drop the newline that follows <textarea>.
                self.values[self._textarea] = self.values[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_values(response, form_class: str = "visitform") -> dict[str, str]:
    """What the browser would post if the user pressed Save without changing anything."""
    reader = _FormReader(form_class)
    reader.feed(response.content.decode())
    return reader.values


def checked(html: str, name: str) -> str | None:
    """The value of the checked radio button named `name`, as rendered."""
    for tag in re.findall(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html):
        if re.search(r"\schecked\b", tag):
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def all_answers(default: str = "no", **answers: str) -> dict[str, str]:
    return {f"answer_{item.code}": answers.get(item.code, default) for item in ITEMS}


def visit_post(visited_on, default: str = "no", **extra) -> dict[str, str]:
    """A complete visit form: home visit, child seen, every answer `default` unless told otherwise."""
    answers = {k: v for k, v in extra.items() if k in {i.code for i in ITEMS}}
    rest = {k: v for k, v in extra.items() if k not in answers}
    return {
        "visited_on": visited_on.isoformat(),
        "mode": "home",
        "saw_child": "on",
        **all_answers(default, **answers),
        **rest,
    }


def field_block(html: str, name: str) -> str:
    """The markup of one field as _field.html (or the checklist item) renders it."""
    marker = f'id="item-{name.removeprefix("answer_")}"' if name.startswith("answer_") else f'id="wrap-{name}"'
    start = html.index(marker)
    opening = html.rindex("<", 0, start)
    end = min(
        i
        for i in (html.find('id="wrap-', start + 1), html.find('id="item-', start + 1), html.find("</fieldset>", start))
        if i != -1
    )
    return html[opening:end]


def post_visit(client, child, visited_on, **extra):
    return client.post(reverse("visit_new", args=[child.uuid]), visit_post(visited_on, **extra))


def current_visits(child) -> list[Visit]:
    return list(Visit.objects.filter(child=child, is_current=True))
