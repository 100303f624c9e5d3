"""For tests: what a browser would post from a page's form, read from the page's HTML."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, selector: str):
        super().__init__()
        self.selector, self.depth, self.data = selector, 0, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.depth == 0 and self.selector in [*(a.get("class") or "").split(), ""]:
            self.depth = 1
            return
        if not self.depth:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value", "on")))
            elif kind not in ("submit", "file", "button"):
                self.data.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "form" and self.depth:
            self.depth = 0


def form_of(html: str, css_class: str = "") -> dict[str, list[str]]:
    """The first form (with `css_class`, if given) as {name: [values]}, ready for client.post."""
    reader = _FormReader(css_class)
    reader.feed(html)
    out: dict[str, list[str]] = {}
    for name, value in reader.data:
        if name != "csrfmiddlewaretoken":
            out.setdefault(name, []).append(value)
    return out
