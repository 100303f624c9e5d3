"""The public "Share the cause" pages: the country, a province or a county, without logging in.

Nothing here reads a child or a place below the county: only `public.figures` (county rows of the
daily snapshot, suppressed) and the names of provinces and counties. The language is part of the
URL (/share/en/51/), so a shared link opens in the language it was shared in and a cache may keep
one copy per URL.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from geo.models import Division

from . import card as cards
from . import figures
from .suppression import FAMILY_OF
from .texts import EXPLANATIONS, HIDDEN_MARK, LABELS, RATES

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGE_SECONDS = 600  # a shared link's page may be cached for ten minutes (figures change daily)
CARD_SECONDS = 3600
TABLE_CODES = (
    "files_open",
    "files_left_behind",
    "files_in_difficulty",
    "visits_due",
    "visits_done_30d",
    "visits_on_time_30d",
    "reports_answered_30d",
    "reports_answered_in_time_30d",
)
TREND_CODES = TABLE_CODES
HEADLINE_CODES = ("files_open", "files_left_behind", "files_in_difficulty")


@require_safe
def start(request):
    """/share/ → the national page in the visitor's language."""
    return redirect("public_page", lang=translation.get_language() or settings.LANGUAGE_CODE)


def _area_names(codes) -> dict[str, str]:
    names = dict(Division.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name"))
    names[""] = _("China")
    return names


def _rate_text(rate: float | None) -> str:
    return HIDDEN_MARK if rate is None else f"{round(rate * 100)}%"


def _cell_text(value: int | None) -> str:
    return HIDDEN_MARK if value is None else str(value)


def _snapshot(code: str):
    """(days, latest published figures) or 404 when there are none or the area is not published."""
    if len(code) not in (0, 2, 6) or (code and not code.isdigit()):
        raise Http404
    days = figures.days()
    if not days:
        if code:
            raise Http404
        return days, None
    latest = figures.published(days[-1])
    if code not in latest.values:
        raise Http404
    return days, latest


def _row(published, area: str, name: str, url: str = "") -> dict:
    return {
        "area": area,
        "name": name,
        "url": url,
        "cells": [{"code": c, "text": _cell_text(published.cell(area, c))} for c in TABLE_CODES],
        "rates": [
            {"family": FAMILY_OF[num].name, "text": _rate_text(published.rate(area, num, den))}
            for num, den, _label in RATES
        ],
    }


def headline(published, code: str) -> list[dict]:
    """The page's and the share card's big figures."""
    items = [{"label": LABELS[c], "text": _cell_text(published.cell(code, c))} for c in HEADLINE_CODES]
    items += [{"label": label, "text": _rate_text(published.rate(code, num, den))} for num, den, label in RATES]
    return items


def _page_url(lang: str, code: str) -> str:
    return reverse("public_area", args=[lang, code]) if code else reverse("public_page", args=[lang])


@require_safe
@cache_control(public=True, max_age=PAGE_SECONDS)
def page(request, lang: str, code: str = ""):
    if lang not in LANGUAGES:
        raise Http404
    with translation.override(lang):
        days, latest = _snapshot(code)
        if latest is None:
            response = render(request, "public/page.html", {"lang": lang, "empty": True, **_languages(lang, code)})
        else:
            response = render(request, "public/page.html", _context(request, lang, code, days, latest))
    response["Content-Language"] = lang
    return response


def _languages(lang: str, code: str) -> dict:
    names = dict(settings.LANGUAGES)
    return {
        "languages": [{"code": c, "name": names[c], "url": _page_url(c, code), "current": c == lang} for c in LANGUAGES]
    }


def _context(request, lang, code, days, latest) -> dict:
    tree_kids = sorted(
        a for a in latest.values if a and len(a) == len(code) + (2 if not code else 4) and a.startswith(code)
    )
    if len(code) == 6:
        tree_kids = []  # nothing below the county
    crumbs = [""] + ([code[:2]] if code else []) + ([code] if len(code) == 6 else [])
    names = _area_names(set(tree_kids) | set(crumbs))
    name = names.get(code, code)
    rows = [_row(latest, kid, names.get(kid, kid), _page_url(lang, kid)) for kid in tree_kids]
    total = _row(latest, code, name)
    trend = []
    for day in days:
        published = figures.published(day)
        trend.append(
            {
                "day": day.day,
                "cells": [{"code": c, "text": _cell_text(published.cell(code, c))} for c in TREND_CODES],
                "rates": [
                    {"family": FAMILY_OF[num].name, "text": _rate_text(published.rate(code, num, den))}
                    for num, den, _label in RATES
                ],
            }
        )
    card_url = reverse("public_area_card", args=[lang, code]) if code else reverse("public_card", args=[lang])
    return {
        "lang": lang,
        "code": code,
        "name": name,
        "day": days[-1].day,
        "headline": headline(latest, code),
        "crumbs": [{"name": names.get(c, c), "url": _page_url(lang, c)} for c in crumbs[:-1]],
        "level": {0: _("Provinces"), 2: _("Counties")}.get(len(code), ""),
        "columns": [LABELS[c] for c in TABLE_CODES],
        "rate_columns": [label for _num, _den, label in RATES],
        "trend_columns": [LABELS[c] for c in TREND_CODES],
        "rows": rows,
        "total": total,
        "trend": trend,
        "explanations": EXPLANATIONS,
        "hidden_mark": HIDDEN_MARK,
        "card_url": card_url,
        "og_image": request.build_absolute_uri(card_url),
        "og_url": request.build_absolute_uri(_page_url(lang, code)),
        "og_description": " · ".join(f"{item['label']} {item['text']}" for item in headline(latest, code)),
        **_languages(lang, code),
    }


@require_safe
@cache_control(public=True, max_age=CARD_SECONDS)
def card(request, lang: str, code: str = ""):
    """The share card: a PNG of the area's headline figures for messaging apps."""
    if lang not in LANGUAGES:
        raise Http404
    with translation.override(lang):
        days, latest = _snapshot(code)
        if latest is None:
            raise Http404
        name = _area_names([code[:2], code]).get(code, code) if code else _("China")
        png = cards.card_png(lang, code, name, days[-1], headline(latest, code))
    response = HttpResponse(png, content_type="image/png")
    response["Content-Language"] = lang
    return response
