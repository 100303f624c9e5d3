"""Indicators: the figures the dashboards keep per village and day, declared by the app that owns
the data, so that a new app's figures reach the dashboards without the dashboards importing it.

Every app with figures to show declares them in its own `<app>/indicators.py`, which
`CoreConfig.ready()` imports for every installed app (`autodiscover_modules("indicators")`):

    from django.utils.translation import gettext_lazy as _
    from core import indicators

    indicators.define(
        "visits_due", _("Visits due"), group="visits",
        counts=_("Children whose next visit falls due on or before the day"),
        period=_("on the day"), source=_("follow-up schedule"),
    )

    @indicators.source("visits_due", "visits_done_on_time", ...)
    def visit_figures(day, county_code):
        # one grouped query per figure kind, for the whole county at once
        return {village_code: {"visits_due": 12, ...}, ...}

A source is called with the day and one county's 6-digit code and returns, per village code, the
value of each of its indicators on that day (a village it leaves out counts 0). It reads the
database directly, not through a user's scope: the snapshot is statistics, and the dashboards
apply each reader's scope (and suppression, for the public) when they show it.

Every value is an additive count (children, visits, days summed, cases in a time band), so that
areas roll up from villages by summation; a rate is declared with `of=` naming its denominator
indicator, and a median is read from counts in time bands. Each indicator carries its written
definition (what is counted, over which period, from which source) that the dashboards show
beside it, so that nobody compares two different definitions by mistake.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SourceFn = Callable[[date, str], dict[str, dict[str, int]]]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str  # lazy text: the figure's name on a dashboard
    group: str  # which part of the dashboard: "registry", "visits", "protection", "growth", …
    counts: str  # lazy text: exactly what is counted (the numerator)
    period: str  # lazy text: "on the day", "in the 30 days before the day", …
    source: str  # lazy text: where the figure comes from in Shouhu
    of: str = ""  # code of the denominator indicator when the figure is shown as a share of it
    public: bool = False  # may appear (suppressed) on the public page
    order: int = 100


@dataclass(frozen=True)
class Source:
    name: str
    codes: tuple[str, ...]
    compute: SourceFn


# Shared wording and time bands of the figures that count days to an answer (reports, referrals):
# (code suffix, label, first day, last day or None); an app names them "<stem>_days_<suffix>",
# which the dashboards read back as bands to find a median.
LAST_30_DAYS = _("in the 30 days up to and including the day")
DAY_BANDS = [
    ("0_3", _("Answered within 3 days"), 0, 3),
    ("4_7", _("Answered in 4 to 7 days"), 4, 7),
    ("8_15", _("Answered in 8 to 15 days"), 8, 15),
    ("16_30", _("Answered in 16 to 30 days"), 16, 30),
    ("31_plus", _("Answered after more than 30 days"), 31, None),
]


def day_band(days: int) -> str:
    """The suffix of the band holding an answer after `days` days."""
    return next(code for code, _label, lo, hi in DAY_BANDS if days >= lo and (hi is None or days <= hi))


_indicators: dict[str, Indicator] = {}
_sources: dict[str, Source] = {}


def define(
    code: str, label, *, group: str, counts, period, source, of: str = "", public: bool = False, order: int = 100
):
    """Declare an indicator and its definition; the code is unique across apps."""
    if code in _indicators:
        raise ImproperlyConfigured(f"Indicator {code!r} is defined twice.")
    indicator = Indicator(code, label, group, counts, period, source, of, public, order)
    _indicators[code] = indicator
    return indicator


def source(*codes: str) -> Callable[[SourceFn], SourceFn]:
    """Register a function that computes these indicators for one county and day."""

    def decorator(fn: SourceFn) -> SourceFn:
        name = f"{fn.__module__}.{fn.__qualname__}"
        _sources[name] = Source(name, tuple(codes), fn)
        return fn

    return decorator


def indicators() -> list[Indicator]:
    """Every defined indicator, by group order then definition order."""
    return sorted(_indicators.values(), key=lambda i: i.order)


def get(code: str) -> Indicator:
    return _indicators[code]


def sources() -> list[Source]:
    """Every registered source; each must compute only defined indicators."""
    for s in _sources.values():
        unknown = [c for c in s.codes if c not in _indicators]
        if unknown:
            raise ImproperlyConfigured(f"Source {s.name} computes undefined indicators {unknown}.")
    return list(_sources.values())


def moment(day: date) -> datetime:
    """The moment a day's figures stand at, for the figures that compare times: now for today (a
    snapshot taken during the day counts what is known by then, as the live pages do), the end of
    the day for a past day (a back-dated snapshot: the demo's month ends)."""
    if day >= timezone.localdate():
        return timezone.now()
    return end_of(day)


def end_of(day: date) -> datetime:
    """The first moment after the day (local time): `created__lt=end_of(day)` selects rows made on
    or before the day with a plain comparison, which an index serves (a `__date` cast does not)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
