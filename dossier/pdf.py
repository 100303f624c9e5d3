"""Typesetting the printed file: HTML from a template, PDF by WeasyPrint.

A4 with a wider left margin for binding (装订线), the child's name and file number at the top
of every page, "内部资料 注意保密" (or its translation) opposite, the print date and who printed
at the foot, and "第 N 页 共 M 页". Fonts come from Debian's fonts-noto-cjk through fontconfig
(WeasyPrint embeds the subset of glyphs used), so the PDF shows the same on any machine.

A batch renders each child as its own document and joins the pages: the page numbers and the
header then run per child, as each file is archived on its own.
"""

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from measurements.texts import Z_EXPLAINED

from .content import child_file

# The typefaces for each language (Debian: fonts-noto-cjk). Serif for the body, as printed
# files are set; sans for headings and the page furniture. Simplified Chinese glyph forms are
# the default; Japanese readers get Japanese forms.
FONTS = {
    "ja": ('"Noto Serif CJK JP", "Noto Serif CJK SC", serif', '"Noto Sans CJK JP", "Noto Sans CJK SC", sans-serif'),
}
DEFAULT_FONTS = ('"Noto Serif CJK SC", serif', '"Noto Sans CJK SC", sans-serif')
PAGE_SENTINELS = ("\x00PAGE\x00", "\x00PAGES\x00")


def css_string(text: str) -> str:
    """`text` as a CSS string literal: quotes, backslashes, angle brackets and control characters
    escaped, so that no name can end the string or the <style> element."""
    out = []
    for ch in str(text):
        if ch in '"\\<>&' or ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def page_counter_css() -> str:
    """ "第 N 页 共 M 页" (in the reader's language) as CSS content with the page counters."""
    text = _("Page %(page)s of %(pages)s") % {"page": PAGE_SENTINELS[0], "pages": PAGE_SENTINELS[1]}
    parts = []
    rest = text
    while rest:
        i0, i1 = rest.find(PAGE_SENTINELS[0]), rest.find(PAGE_SENTINELS[1])
        hits = [(i, s) for i, s in ((i0, PAGE_SENTINELS[0]), (i1, PAGE_SENTINELS[1])) if i >= 0]
        if not hits:
            parts.append(css_string(rest))
            break
        i, sentinel = min(hits)
        if i:
            parts.append(css_string(rest[:i]))
        parts.append("counter(page)" if sentinel == PAGE_SENTINELS[0] else "counter(pages)")
        rest = rest[i + len(sentinel) :]
    return " ".join(parts)


@dataclass(frozen=True)
class Printing:
    """Who printed, when, in which language: the same on every page of a batch."""

    by: str
    at: datetime

    @property
    def footer(self) -> str:
        return _("Printed %(at)s by %(by)s") % {
            "at": timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M"),
            "by": self.by,
        }


def page_css(child, printing: Printing) -> SafeString:
    body, sans = FONTS.get((get_language() or "zh-hans")[:2], DEFAULT_FONTS)
    header = f"{child.name} · {_('File number')} {child.uuid}"
    return mark_safe(  # noqa: S308 (every text in it went through css_string)
        f"""
@page {{
  size: A4;
  margin: 20mm 16mm 18mm 25mm;
  @top-left {{ content: {css_string(header)}; font-family: {sans}; font-size: 8pt; color: #333; }}
  @top-right {{ content: {css_string(_("Internal document: keep confidential"))}; font-family: {sans};
    font-size: 9pt; font-weight: bold; color: #a00; }}
  @bottom-left {{ content: {css_string(printing.footer)}; font-family: {sans}; font-size: 8pt; color: #333; }}
  @bottom-right {{ content: {page_counter_css()}; font-family: {sans}; font-size: 9pt; }}
}}
body {{ font-family: {body}; }}
h1, h2, h3, th, .label, .sans {{ font-family: {sans}; }}
"""
    )


def child_html(child, printing: Printing, *, full_id: bool = False) -> str:
    data = child_file(child, full_id=full_id, on=timezone.localdate(printing.at))
    lang = get_language() or "zh-hans"
    return render_to_string(
        "dossier/child_file.html",
        {
            "f": data,
            "child": child,
            "page_css": page_css(child, printing),
            "printing": printing,
            "lang": "zh-Hans" if lang.startswith("zh") else lang,
            "today": timezone.localdate(printing.at),
            "z_explained": Z_EXPLAINED,
            # Chinese and Japanese set a full-width colon after a label, with no space.
            "colon": ": " if lang.startswith("en") else "：",
        },
    )


def _font_config():
    # WeasyPrint loads Pango when imported: imported here, so that Shouhu starts (and every other
    # page works) on a machine without Debian's libpango, and only printing needs it.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _document(child, printing: Printing, fonts, *, full_id: bool = False):
    from weasyprint import HTML  # only when printing: see _font_config

    return HTML(string=child_html(child, printing, full_id=full_id)).render(font_config=fonts)


def child_pdf(child, printing: Printing, *, full_id: bool = False) -> bytes:
    """One child's file as PDF bytes."""
    fonts = _font_config()
    return _document(child, printing, fonts, full_id=full_id).write_pdf()


def batch_pdf(children, printing: Printing, target) -> int:
    """Many children's files in one PDF written to `target` (a path or a binary file), each
    starting on a new page with its own page numbers; returns the number of pages."""
    fonts = _font_config()
    documents = [_document(child, printing, fonts) for child in children]
    if not documents:
        return 0
    pages = [page for document in documents for page in document.pages]
    documents[0].copy(pages).write_pdf(target)
    return len(pages)
