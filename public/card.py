"""The share card: a 1080×1080 PNG of an area's headline figures (already suppressed), drawn with
Pillow, for WeChat and other messaging apps (a square image shows whole in a chat and a Moments
post). Cached per language, area and snapshot; the figures change once a day.

Fonts: Noto Sans CJK (Debian's fonts-noto-cjk), found through fontconfig or at its known paths,
with the face for the language (SC for Chinese, JP for Japanese). Without it the card falls back to
DejaVu Sans and English words, and logs a warning: Chinese drawn in a Latin font would be boxes.
"""

import io
import logging
import shutil
import subprocess
from functools import cache
from pathlib import Path

from django.core.cache import cache as django_cache
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

SIZE = 1080
CARD_SECONDS = 24 * 3600
CJK_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
)
LATIN_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
# Faces in NotoSansCJK-*.ttc: 0 Japanese, 1 Korean, 2 Simplified Chinese, 3 Traditional, 4 Hong Kong.
TTC_INDEX = {"ja": 0, "zh-hans": 2, "en": 2}
ACCENT = (179, 38, 30)
INK = (29, 35, 48)
MUTED = (91, 100, 117)
PAPER = (255, 255, 255)


@cache
def cjk_font_path() -> str | None:
    """Noto Sans CJK's file, from fontconfig first, then the known Debian paths; None without it."""
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}", "Noto Sans CJK SC:bold"],  # noqa: S607
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if "CJK" in Path(found).name and Path(found).is_file():
            return found
    for path in CJK_PATHS:
        if Path(path).is_file():
            return path
    log.warning("No CJK font (Debian: apt-get install fonts-noto-cjk): share cards fall back to English")
    return None


@cache
def _font(size: int, lang: str):
    """The font at a size (kept: opening the 20 MB collection costs more than drawing a card)."""
    path = cjk_font_path()
    if path:
        return ImageFont.truetype(path, size, index=TTC_INDEX.get(lang, 2) if path.endswith(".ttc") else 0)
    for latin in LATIN_PATHS:
        if Path(latin).is_file():
            return ImageFont.truetype(latin, size)
    return ImageFont.load_default(size)


def _fit(draw, text: str, size: int, lang: str, width: int):
    """The largest font up to `size` in which the text fits the width."""
    while size > 20:
        font = _font(size, lang)
        if draw.textlength(text, font=font) <= width:
            return font
        size -= 4
    return _font(size, lang)


def card_png(lang: str, code: str, name: str, day, items: list[dict]) -> bytes:
    """The PNG bytes, from the cache when the same card was drawn for this snapshot."""
    if not cjk_font_path() and lang != "en":
        lang = "en"  # the fallback: English words in a Latin font rather than boxes
    key = f"public:card:{lang}:{code}:{day.day.isoformat()}:{day.fingerprint}:{name}"
    png = django_cache.get(key)
    if png is None:
        with translation.override(lang):
            png = _draw(lang, name, day.day, [(str(i["label"]), i["text"]) for i in items])
        django_cache.set(key, png, CARD_SECONDS)
    return png


def _draw(lang: str, name: str, day, items: list[tuple[str, str]]) -> bytes:
    image = Image.new("RGB", (SIZE, SIZE), PAPER)
    draw = ImageDraw.Draw(image)
    margin = 72
    draw.rectangle((0, 0, SIZE, 200), fill=ACCENT)
    draw.text((margin, 48), _("Shouhu"), font=_font(64, lang), fill=PAPER)
    draw.text((margin, 130), _("Share the cause: every child seen"), font=_font(36, lang), fill=PAPER)
    draw.text((margin, 240), name, font=_fit(draw, name, 72, lang, SIZE - 2 * margin), fill=INK)
    top = 360
    row = 108
    for label, text in items:
        draw.line((margin, top - 14, SIZE - margin, top - 14), fill=(217, 222, 231), width=2)
        draw.text((margin, top + 14), label, font=_fit(draw, label, 40, lang, 600), fill=MUTED)
        value_font = _font(64, lang)
        draw.text((SIZE - margin - draw.textlength(text, font=value_font), top), text, font=value_font, fill=INK)
        top += row
    note = _("–: hidden to protect children's privacy. Figures of %(day)s.") % {"day": day.isoformat()}
    draw.text((margin, SIZE - 110), note, font=_fit(draw, note, 30, lang, SIZE - 2 * margin), fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
